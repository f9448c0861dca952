import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JsonValue } from '../core/json.js';
import { CLIENT_ID_PATTERN, TOKEN_PATTERN } from '../core/formats.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj } from '../test-support/http.js';

describe('admin API over HTTP (/__emulator/)', () => {
  let emu: RunningEmulator;
  let admin: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 12 });
    admin = `${emu.url}/__emulator`;
  });
  afterAll(async () => {
    await emu.stop();
  });

  const post = (path: string, body?: JsonValue, method = 'POST'): ReturnType<typeof call> =>
    call(`${admin}${path}`, { method, headers: { 'content-type': 'application/json' }, ...(body !== undefined ? { body } : {}) });

  it('health and credentials', async () => {
    expect(obj((await call(`${admin}/health`)).body)).toEqual({ status: 'ok', url: emu.url, tokenUrl: emu.tokenUrl });
    const creds = obj((await call(`${admin}/credentials`)).body);
    expect(creds).toEqual({ ...emu.state.defaultClient, apiDomain: emu.url, accountsUrl: emu.url, tokenUrl: emu.tokenUrl });
    expect(creds['clientId']).toMatch(CLIENT_ID_PATTERN);
  });

  it('grant codes, refresh and access tokens work against Accounts and the CRM', async () => {
    const { code } = obj((await post('/grant-codes', { scopes: 'ZohoCRM.modules.ALL', ttlSeconds: 60 })).body) as { code: string };
    expect(code).toMatch(TOKEN_PATTERN);
    const { clientId, clientSecret } = emu.state.defaultClient;
    const exchanged = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code }) });
    expect(await exchanged.json()).toMatchObject({ scope: 'ZohoCRM.modules.ALL' });
    const { refreshToken } = obj((await post('/refresh-tokens', {})).body) as { refreshToken: string };
    expect(refreshToken).toMatch(TOKEN_PATTERN);
    const { accessToken, expiresIn } = obj((await post('/access-tokens', { ttlSeconds: 30 })).body) as { accessToken: string; expiresIn: number };
    expect(expiresIn).toBe(30);
    expect((await call(`${emu.url}/crm/v8/org`, { token: accessToken })).status).toBe(200);
    expect(obj((await post('/tokens/expire', { token: accessToken })).body)).toEqual({ expired: 1 });
    expect((await call(`${emu.url}/crm/v8/org`, { token: accessToken })).status).toBe(401);
    const second = obj((await post('/access-tokens', {})).body)['accessToken'] as string;
    expect(obj((await post('/tokens/revoke', { token: second })).body)).toEqual({ revoked: true });
    expect((await call(`${emu.url}/crm/v8/org`, { token: second })).status).toBe(401);
    expect(obj((await post('/tokens/revoke', { token: 'nope' })).body)).toEqual({ revoked: false });
  });

  it('registers clients', async () => {
    const client = obj((await post('/clients', { clientId: '1000.MYOWNCLIENT', clientSecret: 'mysecretvalue' })).body);
    expect(client).toEqual({ clientId: '1000.MYOWNCLIENT', clientSecret: 'mysecretvalue' });
    const code = obj((await post('/grant-codes', { clientId: '1000.MYOWNCLIENT' })).body)['code'] as string;
    const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: '1000.MYOWNCLIENT', client_secret: 'mysecretvalue', code }) });
    expect(await res.json()).toHaveProperty('access_token');
  });

  it('records: list, read raw state, seed and replace', async () => {
    const list = arr(obj((await call(`${admin}/records/Leads`)).body)['records']);
    expect(list).toHaveLength(12);
    const first = obj(list[0]);
    expect(obj((await call(`${admin}/records/Leads/${String(first['id'])}`)).body)['record']).toEqual(first);
    expect((await call(`${admin}/records/Leads/6051205000000999999`)).status).toBe(404);
    const added = obj((await post('/records/Leads', { records: [{ Last_Name: 'Seeded', Company: null }] })).body)['ids'];
    expect(arr(added)).toHaveLength(1);
    expect(emu.state.listRecords('Leads')).toHaveLength(13);
    await post('/records/Leads', { records: [{ id: '6051205000000600001', Last_Name: 'Only' }], replace: true });
    expect(emu.state.listRecords('Leads').map((r) => r.id)).toEqual(['6051205000000600001']);
    expect((await post('/records/Deals', { records: [] })).status).toBe(400);
    expect((await post('/records/Leads', { records: 'x' })).status).toBe(400);
  });

  it('modes: strict layout, layout-required, unique fields, faults, latency, cap — visible in /config', async () => {
    await post('/strict-layout', { module: 'Leads', fields: true }, 'PUT');
    await post('/unique-fields', { module: 'Leads', fields: ['Email'] }, 'PUT');
    await post('/layout-required', { module: 'Leads', fields: ['Company', 'Phone'] }, 'PUT');
    await post('/faults', { rules: [{ kind: 'reset', route: 'PUT /crm/v8/Leads', rate: 0.1 }] }, 'PUT');
    await post('/latency', { fixedMs: 5, jitterMs: 1 }, 'PUT');
    await post('/concurrency-cap', { cap: 4, retryAfterSeconds: 2 }, 'PUT');
    expect(obj((await call(`${admin}/config`)).body)).toEqual({
      strictLayout: { Leads: ['Last_Name', 'Company', 'Lead_Status'] },
      layoutRequired: { Leads: ['Company', 'Phone'], Accounts: [], Contacts: [] },
      latency: { fixedMs: 5, jitterMs: 1 },
      edition: 'enterprise',
      concurrencyCap: 4,
      subConcurrencyCap: 10,
      dailyCredits: 53_000,
      creditsUsed: expect.any(Number),
      tokenPaginationLimit: 100_000,
      uniqueFields: { Leads: ['Email'] },
      retryAfterSeconds: 2,
      faults: [{ kind: 'reset', route: 'PUT /crm/v8/Leads', rate: 0.1 }],
    });
    await post('/unique-fields', { module: 'Leads', fields: [] }, 'PUT');
    await post('/strict-layout', { module: 'Leads', fields: false }, 'PUT');
    await post('/faults', undefined, 'DELETE');
    await post('/concurrency-cap', { cap: null }, 'PUT');
    expect(obj((await call(`${admin}/config`)).body)).toMatchObject({ strictLayout: {}, uniqueFields: {}, faults: [], concurrencyCap: null });
  });

  it('counters, request log and reset', async () => {
    const token = emu.state.issueAccessToken();
    await post('/counters/reset');
    await post('/requests', undefined, 'DELETE');
    await call(`${emu.url}/crm/v8/org`, { token });
    await call(`${emu.url}/crm/v8/users?type=CurrentUser&`, { token });
    const counters = obj((await call(`${admin}/counters`)).body);
    expect(counters).toMatchObject({ routes: { 'GET /crm/v8/org': 1, 'GET /crm/v8/users': 1 }, total: 2, statuses: { '200': 2 } });
    const requests = arr(obj((await call(`${admin}/requests`)).body)['requests']).map(obj);
    expect(requests.map((r) => [r['method'], r['path'], r['status']])).toEqual([
      ['GET', '/crm/v8/org', 200],
      ['GET', '/crm/v8/users?type=CurrentUser&', 200],
    ]);
    expect(obj((await post('/reset')).body)).toEqual({ ok: true });
    expect(emu.state.listRecords('Leads')).toHaveLength(12);
    expect(emu.state.counters().total).toBe(0);
    expect(emu.state.config().layoutRequired['Leads']).toEqual(['Company']);
    // Tokens survive a reset: Accounts is a separate system.
    expect((await call(`${emu.url}/crm/v8/org`, { token })).status).toBe(200);
  });

  it('rejects bad input with 400 and unknown routes with 404', async () => {
    expect((await post('/strict-layout', { module: 'Leads', fields: ['Nope'] }, 'PUT')).status).toBe(400);
    expect((await post('/faults', { rules: [{ kind: 'meteor' }] }, 'PUT')).status).toBe(400);
    expect((await post('/concurrency-cap', { cap: 0 }, 'PUT')).status).toBe(400);
    expect((await post('/grant-codes', { clientId: 'unknown' })).status).toBe(400);
    expect((await call(`${admin}/grant-codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' })).status).toBe(400);
    const unknown = await post('/launch-missiles');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
  });
});

describe('adminApi: false', () => {
  it('serves no admin routes', async () => {
    const emu = await startEmulator({ leadCount: 1, adminApi: false });
    try {
      const res = await call(`${emu.url}/__emulator/credentials`);
      expect(res.status).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain(emu.state.defaultClient.clientSecret);
    } finally {
      await emu.stop();
    }
  });
});
