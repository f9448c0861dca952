import { describe, expect, it } from '@jest/globals';
import { isCrmRoute, resolveRoute } from './routes.js';

const canonical = (name: string): string | undefined => ['Leads', 'Accounts'].find((m) => m.toLowerCase() === name.toLowerCase());

describe('resolveRoute', () => {
  it.each([
    ['GET', '/crm/v8/Leads/6051205000000100001', 'record', 'GET /crm/v8/Leads/{id}'],
    ['PUT', '/crm/v8/leads/6051205000000100001', 'record', 'PUT /crm/v8/Leads/{id}'],
    ['GET', '/crm/v8/Leads', 'records', 'GET /crm/v8/Leads'],
    ['PUT', '/crm/v8/Leads/', 'records', 'PUT /crm/v8/Leads'],
    ['POST', '/crm/v8/LEADS', 'records', 'POST /crm/v8/Leads'],
    ['GET', '/crm/v8/users', 'users', 'GET /crm/v8/users'],
    ['GET', '/crm/v8/org', 'org', 'GET /crm/v8/org'],
    ['GET', '/crm/v8/settings/fields', 'settings-fields', 'GET /crm/v8/settings/fields'],
    ['GET', '/crm/v8/settings/layouts', 'settings-layouts', 'GET /crm/v8/settings/layouts'],
    ['GET', '/crm/v8/settings/modules', 'settings-modules', 'GET /crm/v8/settings/modules'],
    ['POST', '/oauth/v2/token', 'token', 'POST /oauth/v2/token'],
    ['POST', '/oauth/v2/token/revoke', 'revoke', 'POST /oauth/v2/token/revoke'],
    ['GET', '/crm/v8/Unicorns', 'records', 'GET /crm/v8/Unicorns'],
  ])('%s %s → %s (%s)', (method, path, kind, key) => {
    const resolved = resolveRoute(method, path, canonical);
    expect(resolved.route.kind).toBe(kind);
    expect(resolved.key).toBe(key);
  });

  it.each([
    ['DELETE', '/crm/v8/Leads/6051205000000100001', 'method-not-allowed', 'DELETE /crm/v8/Leads/{id}'],
    ['POST', '/crm/v8/org', 'method-not-allowed', 'POST /crm/v8/org'],
    ['GET', '/crm/v8/leads/search', 'search', 'GET /crm/v8/Leads/search'],
    ['GET', '/crm/v8/Leads/deleted', 'crm-not-found', 'GET /crm/v8/Leads/deleted'],
    ['POST', '/crm/v8/Leads/upsert', 'crm-not-found', 'POST /crm/v8/Leads/upsert'],
    ['GET', '/crm/v8/settings/profiles', 'crm-not-found', 'GET /crm/v8/settings/profiles'],
    ['GET', '/crm/v2/Leads', 'crm-not-found', 'GET /crm/v2/Leads'],
    ['GET', '/oauth/v2/token', 'method-not-allowed', 'GET /oauth/v2/token'],
    ['GET', '/favicon.ico', 'not-found', 'GET /favicon.ico'],
    ['GET', '/crm/v8/Leads/6051205000000100001/Notes', 'crm-not-found', 'GET /crm/v8/Leads/{id}/Notes'],
  ])('%s %s → %s', (method, path, kind, key) => {
    const resolved = resolveRoute(method, path, canonical);
    expect(resolved.route.kind).toBe(kind);
    expect(resolved.key).toBe(key);
  });

  it('tells CRM routes (auth, cap) from Accounts and strangers', () => {
    expect(isCrmRoute(resolveRoute('GET', '/crm/v8/org', canonical).route)).toBe(true);
    expect(isCrmRoute(resolveRoute('GET', '/crm/v8/Leads/search', canonical).route)).toBe(true);
    expect(isCrmRoute(resolveRoute('POST', '/oauth/v2/token', canonical).route)).toBe(false);
    expect(isCrmRoute(resolveRoute('GET', '/oauth/v2/token', canonical).route)).toBe(false);
    expect(isCrmRoute(resolveRoute('GET', '/nothing', canonical).route)).toBe(false);
  });
});
