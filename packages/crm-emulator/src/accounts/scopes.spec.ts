import { describe, expect, it } from '@jest/globals';
import { isWellFormedScope, parseScopes, scopesAllow } from './scopes.js';

describe('scopes', () => {
  it('parses comma or space separated lists, without duplicates', () => {
    expect(parseScopes('ZohoCRM.modules.ALL, ZohoCRM.org.READ ZohoCRM.modules.ALL')).toEqual(['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ']);
    expect(parseScopes(['ZohoCRM.users.READ'])).toEqual(['ZohoCRM.users.READ']);
    expect(isWellFormedScope('ZohoCRM.settings.fields.READ')).toBe(true);
    expect(isWellFormedScope('nonsense')).toBe(false);
  });

  it('broad scopes cover narrow operations; ALL covers every operation', () => {
    expect(scopesAllow(['ZohoCRM.modules.ALL'], { group: 'modules', resource: 'leads', operation: 'UPDATE' })).toBe(true);
    expect(scopesAllow(['ZohoCRM.modules.READ'], { group: 'modules', resource: 'leads', operation: 'READ' })).toBe(true);
    expect(scopesAllow(['ZohoCRM.modules.READ'], { group: 'modules', resource: 'leads', operation: 'UPDATE' })).toBe(false);
    expect(scopesAllow(['ZohoCRM.settings.ALL'], { group: 'settings', resource: 'fields', operation: 'READ' })).toBe(true);
    expect(scopesAllow(['zohocrm.settings.fields.read'], { group: 'settings', resource: 'fields', operation: 'READ' })).toBe(true);
  });

  it('a module scope covers that module only', () => {
    expect(scopesAllow(['ZohoCRM.modules.leads.ALL'], { group: 'modules', resource: 'leads', operation: 'UPDATE' })).toBe(true);
    expect(scopesAllow(['ZohoCRM.modules.leads.ALL'], { group: 'modules', resource: 'contacts', operation: 'READ' })).toBe(false);
    expect(scopesAllow(['ZohoCRM.settings.layouts.READ'], { group: 'settings', resource: 'fields', operation: 'READ' })).toBe(false);
  });

  it('other groups and services do not count', () => {
    expect(scopesAllow(['ZohoCRM.users.ALL'], { group: 'org', operation: 'READ' })).toBe(false);
    expect(scopesAllow(['ZohoBooks.modules.ALL'], { group: 'modules', resource: 'leads', operation: 'READ' })).toBe(false);
    expect(scopesAllow([], { group: 'users', operation: 'READ' })).toBe(false);
  });
});
