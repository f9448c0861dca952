import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';
import { contractExpect } from '../test-support/contract-expect.js';
import { describeContract, type Operation } from '../test-support/zoho-contract.js';

// One test per row of the fidelity table in the README (section "Paging"): Get Records' page
// tokens as Zoho documents them, checked over HTTP and against Zoho's OpenAPI contract.
const GET_RECORDS: Operation = { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'get' };
const DAY_MS = 24 * 60 * 60 * 1000;

describeContract('Zoho fidelity: page tokens', (contract) => {
  let emu: RunningEmulator;
  let token: string;
  let api: string;
  let now = Date.parse('2026-03-02T09:00:00Z');

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 500, clock: () => now });
    token = emu.state.issueAccessToken();
    api = `${emu.url}/crm/v8`;
  });
  afterAll(async () => {
    await emu.stop();
  });

  const list = (query: string, headers?: Record<string, string>): Promise<HttpResult> => call(`${api}/Leads?${query}`, { token, ...(headers ? { headers } : {}) });
  const infoOf = (res: HttpResult): Record<string, unknown> => obj(obj(res.body)['info']);
  const { expectValid, expectRefused } = contractExpect(contract, GET_RECORDS);
  async function firstToken(query: string, headers?: Record<string, string>): Promise<string> {
    const first = await list(query, headers);
    expect(first.status).toBe(200);
    return String(infoOf(first)['next_page_token']);
  }

  it('a page_token serves only the parameters it was issued for: TOKEN_BOUND_DATA_MISMATCH otherwise', async () => {
    const base = 'fields=Last_Name,Company&per_page=50&sort_by=Modified_Time&sort_order=desc';
    const next = await firstToken(base);
    // The same parameters in another order are the same request.
    const reordered = await list(`sort_order=desc&sort_by=Modified_Time&per_page=50&fields=Last_Name,Company&page_token=${next}`);
    expect(reordered.status).toBe(200);
    const mismatch = ['TOKEN_BOUND_DATA_MISMATCH', 'The page_token given seems to be invalid or input param is added or altered or deleted', { param_name: 'page_token' }] as const;
    await expectRefused(list(`fields=Last_Name&per_page=50&sort_by=Modified_Time&sort_order=desc&page_token=${next}`), ...mismatch);
    await expectRefused(list(`${base}&cvid=123&page_token=${next}`), ...mismatch);
    await expectRefused(list(`fields=Last_Name,Company&per_page=50&sort_by=Modified_Time&page_token=${next}`), ...mismatch);
    await expectRefused(list(`${base}&page_token=${next}`, { 'If-Modified-Since': '2020-01-01T00:00:00+00:00' }), ...mismatch);
    // A walk begun with If-Modified-Since may repeat the header with its token, or leave it out.
    const since = { 'If-Modified-Since': '2020-01-01T00:00:00+00:00' };
    const sinceToken = await firstToken(base, since);
    expect((await list(`${base}&page_token=${sinceToken}`, since)).status).toBe(200);
    const again = await firstToken(base, since);
    expect((await list(`${base}&page_token=${again}`)).status).toBe(200);
    await expectRefused(list(`${base}&page_token=${again}`, { 'If-Modified-Since': '2021-01-01T00:00:00+00:00' }), ...mismatch);
  });

  it('a page_token expires after 24 h: EXPIRED_VALUE naming it by api_name and json_path', async () => {
    const next = await firstToken('fields=Last_Name&per_page=100');
    now += DAY_MS + 1000;
    token = emu.state.issueAccessToken();
    await expectRefused(list(`fields=Last_Name&per_page=100&page_token=${next}`), 'EXPIRED_VALUE', 'Page token expired', { api_name: 'page_token', json_path: '$.query.page_token' });
  });

  it('page together with page_token: AMBIGUITY_DURING_PROCESSING naming both', async () => {
    const next = await firstToken('fields=Last_Name&per_page=100');
    await expectRefused(list(`fields=Last_Name&per_page=100&page=2&page_token=${next}`), 'AMBIGUITY_DURING_PROCESSING', 'Please use either page or page_token. Combination of both the params is not allowed', {
      ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }],
    });
  });

  it('a token walk reaches the cap (100,000 by default, 400 here), then PAGINATION_LIMIT_EXCEEDED', async () => {
    expect(emu.state.config().tokenPaginationLimit).toBe(100_000);
    // A small cap keeps the walk to a few pages; Zoho's message names its own cap whatever the setting.
    const capped = await startEmulator({ leadCount: 500, tokenPaginationLimit: 400 });
    try {
      const at = (query: string): Promise<HttpResult> => call(`${capped.url}/crm/v8/Leads?${query}`, { token: capped.state.issueAccessToken() });
      const first = await at('fields=Last_Name&per_page=200');
      const second = await at(`fields=Last_Name&per_page=200&page_token=${String(infoOf(first)['next_page_token'])}`);
      expect(second.status).toBe(200);
      expectValid(second, 'Response_Wrapper');
      await expectRefused(at(`fields=Last_Name&per_page=200&page_token=${String(infoOf(second)['next_page_token'])}`), 'PAGINATION_LIMIT_EXCEEDED', 'You can only get upto 100000 records using page_token param', {
        param_name: 'page_token',
      });
    } finally {
      await capped.stop();
    }
  });

  it('info: next and previous page tokens and their expiry (+05:30), present on every page, null where there is none', async () => {
    const first = await list('fields=Last_Name&per_page=200');
    expectValid(first, 'Response_Wrapper');
    const info1 = infoOf(first);
    expect(info1).toMatchObject({ previous_page_token: null, more_records: true, page: 1, per_page: 200, count: 200 });
    expect(String(info1['next_page_token'])).toMatch(/^[0-9a-f]{16,}$/);
    // The org's time zone (Asia/Kolkata), no milliseconds: 24 h after the answer.
    expect(info1['page_token_expiry']).toBe(new Date(now + DAY_MS + 5.5 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+05:30'));
    const second = await list(`fields=Last_Name&per_page=200&page_token=${String(info1['next_page_token'])}`);
    expectValid(second, 'Response_Wrapper');
    expect(infoOf(second)).toMatchObject({ previous_page_token: info1['next_page_token'], more_records: true, page: 2 });
    const last = await list(`fields=Last_Name&per_page=200&page_token=${String(infoOf(second)['next_page_token'])}`);
    expectValid(last, 'Response_Wrapper');
    expect(arr(obj(last.body)['data'])).toHaveLength(100);
    expect(infoOf(last)).toMatchObject({ more_records: false, next_page_token: null, page_token_expiry: null, previous_page_token: infoOf(second)['next_page_token'] });
    expect(Object.keys(infoOf(last))).toEqual(expect.arrayContaining(['next_page_token', 'previous_page_token', 'page_token_expiry', 'sort_by', 'sort_order']));
  });
});
