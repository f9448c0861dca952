import { describe, expect, it } from '@jest/globals';
import { missingScopes, REQUIRED_SCOPES } from './required-scopes.js';

describe('missingScopes', () => {
  it('lists what the grant lacks, in order', () => {
    expect(missingScopes(['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ'])).toEqual(['ZohoCRM.settings.ALL', 'ZohoCRM.users.READ']);
    expect(missingScopes([])).toEqual([...REQUIRED_SCOPES]);
  });

  it('accepts any case, and .ALL for .READ but not the reverse', () => {
    expect(missingScopes(['zohocrm.modules.all', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.ALL', 'ZohoCRM.org.ALL'])).toEqual([]);
    expect(missingScopes(['ZohoCRM.modules.READ', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ'])).toEqual(['ZohoCRM.modules.ALL']);
  });
});
