import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';
import { describeContract, type Operation } from '../test-support/zoho-contract.js';

// One test per row of the fidelity table in the README (sections "Writes", "Limits" and
// "Accounts"): checked over HTTP and, where the OAS covers the answer, against it.
const UPDATE_RECORD: Operation = { file: 'record.json', path: '/crm/v8/{module_api_name}/{id}', method: 'put' };
const UPDATE_RECORDS: Operation = { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'put' };
const CREATE_RECORDS: Operation = { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'post' };
const DAY_MS = 24 * 60 * 60 * 1000;

describeContract('Zoho fidelity: writes, limits, accounts', (contract) => {
  let emu: RunningEmulator;
  let token: string;
  let api: string;
  let leads: string[];

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 40, uniqueFields: { Leads: ['Email'] } });
    token = emu.state.issueAccessToken();
    api = `${emu.url}/crm/v8`;
    leads = emu.state.listRecords('Leads').map((r) => r.id);
  });
  afterAll(async () => {
    await emu.stop();
  });

  const entries = (res: HttpResult): Array<Record<string, unknown>> => arr(obj(res.body)['data']).map(obj);

  it('MANDATORY_NOT_FOUND from a layout rule names the rule: details.layout_rule {name, id}', async () => {
    emu.state.setStrictLayout('Leads', ['Lead_Status']);
    try {
      const res = await call(`${api}/Leads/${leads[0]}`, { method: 'PUT', token, body: { data: [{ Rating: 'Active' }] } });
      expect(res.status).toBe(400);
      expect(contract().validateResponse(UPDATE_RECORD, res.status, res.body)).toEqual([]);
      expect(entries(res)[0]).toEqual({
        code: 'MANDATORY_NOT_FOUND',
        details: { layout_rule: { name: 'Strict layout', id: expect.stringMatching(/^\d{19}$/) }, api_name: 'Lead_Status', json_path: '$.data[0].Lead_Status' },
        message: 'required field not found',
        status: 'error',
      });
    } finally {
      emu.state.setStrictLayout('Leads', false);
    }
  });

  it('DUPLICATE_DATA: a unique field refuses a value another record holds, naming that record', async () => {
    const holder = emu.state.getRecord('Leads', leads[1] as string);
    const email = String(holder?.['Email']);
    const created = await call(`${api}/Leads`, { method: 'POST', token, body: { data: [{ Last_Name: 'Twin', Company: 'Twin Co', Email: email.toUpperCase() }] } });
    expect(created.status).toBe(400);
    expect(contract().validateResponse(CREATE_RECORDS, created.status, created.body)).toEqual([]);
    expect(entries(created)[0]).toEqual({
      code: 'DUPLICATE_DATA',
      details: {
        api_name: 'Email',
        json_path: '$.data[0].Email',
        duplicate_record: { id: leads[1], Owner: { name: expect.any(String), id: expect.stringMatching(/^\d{19}$/), zuid: expect.stringMatching(/^\d+$/) }, module: { api_name: 'Leads', id: expect.stringMatching(/^\d{19}$/) } },
        more_records: false,
      },
      message: 'duplicate data',
      status: 'error',
    });
    const updated = await call(`${api}/Leads`, { method: 'PUT', token, body: { data: [{ id: leads[2] as string, Email: email }, { id: leads[1] as string, Email: email }] } });
    expect(updated.status).toBe(207);
    expect(contract().validateResponse(UPDATE_RECORDS, updated.status, updated.body)).toEqual([]);
    expect(entries(updated).map((e) => e['code'])).toEqual(['DUPLICATE_DATA', 'SUCCESS']);
    expect(emu.state.getRecord('Leads', leads[2] as string)?.['Email']).not.toBe(email);
  });

  it('19-digit ids as JSON numbers (Zoho’s Python SDK) update exactly those records, lookups included', async () => {
    const account = emu.state.listRecords('Accounts')[0]?.id as string;
    const body = `{"data":[{"id":${leads[3]},"Rating":"Market Failed","Account_Lookup":{"id":${account}}}]}`;
    const res = await call(`${api}/Leads`, { method: 'PUT', token, body });
    expect(res.status).toBe(200);
    expect(contract().validateResponse(UPDATE_RECORDS, res.status, res.body)).toEqual([]);
    expect(obj(entries(res)[0]?.['details'] as never)['id']).toBe(leads[3]);
    expect(emu.state.getRecord('Leads', leads[3] as string)).toMatchObject({ Rating: 'Market Failed', Account_Lookup: { id: account } });
  });

  it('sub-concurrency: at most 10 heavy calls at once (sorted lists, writes of more than 10 records), below the org cap', async () => {
    // Each request is held 4 s, so every request of a burst is in progress at once even on a loaded machine.
    const heavy = await startEmulator({ leadCount: 30, latencyMs: 4_000 });
    try {
      const t = heavy.state.issueAccessToken();
      const sorted = (): Promise<HttpResult> => call(`${heavy.url}/crm/v8/Leads?fields=Last_Name&sort_by=Modified_Time`, { token: t });
      const plain = (): Promise<HttpResult> => call(`${heavy.url}/crm/v8/Leads?fields=Last_Name`, { token: t });
      const statuses = (await Promise.all(Array.from({ length: 13 }, sorted))).map((r) => r.status).sort();
      expect(statuses).toEqual([...Array(10).fill(200), ...Array(3).fill(429)]);
      // The same number of light calls is within the org's cap (20 on enterprise).
      expect((await Promise.all(Array.from({ length: 13 }, plain))).map((r) => r.status)).toEqual(Array(13).fill(200));
      const ids = heavy.state.listRecords('Leads').map((r) => r.id);
      const write = (n: number): Promise<HttpResult> => call(`${heavy.url}/crm/v8/Leads`, { method: 'PUT', token: t, body: { data: ids.slice(0, n).map((id) => ({ id, Rating: 'Active' })) } });
      const elevens = (await Promise.all(Array.from({ length: 12 }, () => write(11)))).map((r) => r.status).sort();
      expect(elevens).toEqual([...Array(10).fill(200), ...Array(2).fill(429)]);
      const tens = (await Promise.all(Array.from({ length: 12 }, () => write(10)))).map((r) => r.status);
      expect(tens).toEqual(Array(12).fill(200));
      const refused = await Promise.all(Array.from({ length: 11 }, sorted));
      const tooMany = refused.find((r) => r.status === 429);
      expect(obj(tooMany?.body)).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    } finally {
      await heavy.stop();
    }
  });

  it('daily credits: one per call in any rolling 24 h; past them 429 TOO_MANY_REQUESTS until calls leave the window', async () => {
    expect(emu.state.config().dailyCredits).toBe(53_000); // enterprise: 50,000 + 3 users × 1,000
    let now = Date.parse('2026-05-04T08:00:00Z');
    const metered = await startEmulator({ leadCount: 5, dailyCredits: 5, clock: () => now, accessTokenTtlSeconds: 7 * 86400 });
    try {
      const t = metered.state.issueAccessToken();
      const org = (): Promise<number> => call(`${metered.url}/crm/v8/org`, { token: t }).then((r) => r.status);
      for (let i = 0; i < 5; i++) {
        expect(await org()).toBe(200);
        now += 60 * 60 * 1000;
      }
      const refused = await call(`${metered.url}/crm/v8/org`, { token: t });
      expect([refused.status, obj(refused.body)['code']]).toEqual([429, 'TOO_MANY_REQUESTS']);
      expect(metered.state.config().creditsUsed).toBe(5);
      // The first call's credit comes back once it is 24 h old; only one.
      now = Date.parse('2026-05-04T08:00:00Z') + DAY_MS + 60_000;
      expect(await org()).toBe(200);
      expect(await org()).toBe(429);
    } finally {
      await metered.stop();
    }
  });

  it('refresh tokens: creating the 21st for a client deletes the first (its refreshes answer invalid_code)', async () => {
    const tokens = Array.from({ length: 21 }, () => emu.state.issueRefreshToken());
    const { clientId, clientSecret } = emu.state.defaultClient;
    const refresh = (refreshToken: string): Promise<HttpResult> =>
      call(`${emu.url}/oauth/v2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken }).toString() });
    expect(obj((await refresh(tokens[0] as string)).body)).toEqual({ error: 'invalid_code' });
    expect(obj((await refresh(tokens[1] as string)).body)['access_token']).toEqual(expect.any(String));
    expect(obj((await refresh(tokens[20] as string)).body)['access_token']).toEqual(expect.any(String));
  });
});
