import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';
import { describeContract, type Operation } from '../test-support/zoho-contract.js';

const OPS = {
  getRecords: { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'get' },
  search: { file: 'record.json', path: '/crm/v8/{module_api_name}/search', method: 'get' },
} satisfies Record<string, Operation>;

describeContract('Zoho OpenAPI contract: page_token paging, the 2,000-record cap, If-Modified-Since, search', (contract) => {
  let emu: RunningEmulator;
  let token: string;
  let api: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 0 });
    token = emu.state.issueAccessToken();
    api = `${emu.url}/crm/v8`;
    // Through the admin API: 2,100 leads in one call, no PUTs.
    emu.state.seedRecords(
      'Leads',
      Array.from({ length: 2100 }, (_, i) => ({ Last_Name: `Lead ${i}`, Company: i === 7 ? 'Acme (East), Inc & Co #1: x\\y' : `Co ${i % 50}`, Lead_Status: i % 3 === 0 ? 'Not Contacted' : 'Contacted', Email: `lead${i}@example.com`, Phone: `+1 555 01${String(i).padStart(4, '0')}`, Created_Time: '2025-01-01T10:00:00+05:30', Modified_Time: '2025-01-01T10:00:00+05:30' })),
      { replace: true },
    );
  });
  afterAll(async () => {
    await emu.stop();
  });

  function expectValid(op: Operation, res: HttpResult, schema: 'Response_Wrapper' | 'API_Exception'): void {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(contract().validateResponse(op, res.status, res.body)).toEqual([]);
    expect(contract().validateComponent('record.json', schema, res.body ?? null)).toEqual([]);
  }

  it('page 10 of 200 is served with next_page_token and more_records; page 11 → 400 DISCRETE_PAGINATION_LIMIT_EXCEEDED', async () => {
    const last = await call(`${api}/Leads?fields=Last_Name&per_page=200&page=10&`, { token });
    expect(last.status).toBe(200);
    expectValid(OPS.getRecords, last, 'Response_Wrapper');
    const info = obj(obj(last.body)['info']);
    expect(info['more_records']).toBe(true);
    expect(typeof info['next_page_token']).toBe('string');
    expect(typeof info['page_token_expiry']).toBe('string');

    const refused = await call(`${api}/Leads?fields=Last_Name&per_page=200&page=11`, { token });
    expect(refused.status).toBe(400);
    expect(obj(refused.body)['code']).toBe('DISCRETE_PAGINATION_LIMIT_EXCEEDED');
    expect(obj(obj(refused.body)['details'])['limit']).toBe(2000);
    expectValid(OPS.getRecords, refused, 'API_Exception');

    const next = await call(`${api}/Leads?fields=Last_Name&per_page=200&page_token=${String(info['next_page_token'])}`, { token });
    expect(next.status).toBe(200);
    expectValid(OPS.getRecords, next, 'Response_Wrapper');
    const data = arr(obj(next.body)['data']);
    expect(data).toHaveLength(100);
    expect(obj(data[0])['Last_Name']).toBe('Lead 2000');
    expect(obj(obj(next.body)['info'])['more_records']).toBe(false);
    expect(obj(obj(next.body)['info'])).toMatchObject({ next_page_token: null, page_token_expiry: null, previous_page_token: info['next_page_token'] });
  });

  it('an unknown page_token → 400 INVALID_DATA naming page_token; page with page_token → 400', async () => {
    const unknown = await call(`${api}/Leads?fields=Last_Name&page_token=deadbeef`, { token });
    expect(unknown.status).toBe(400);
    expect(obj(obj(unknown.body)['details'])['param_name']).toBe('page_token');
    expectValid(OPS.getRecords, unknown, 'API_Exception');
    const both = await call(`${api}/Leads?fields=Last_Name&page=2&page_token=deadbeef`, { token });
    expect(both.status).toBe(400);
    expectValid(OPS.getRecords, both, 'API_Exception');
  });

  it('If-Modified-Since: only records modified since; 304 with no body when none', async () => {
    const id = emu.state.listRecords('Leads')[5]!.id;
    const future = '2099-01-01T00:00:00+00:00';
    const none = await call(`${api}/Leads?fields=Last_Name`, { token, headers: { 'If-Modified-Since': future } });
    expect(none.status).toBe(304);
    expect(none.text).toBe('');
    const before = new Date(Date.now() - 1000).toISOString();
    await call(`${api}/Leads/${id}`, { method: 'PUT', token, body: { data: [{ Company: 'Touched' }] } });
    const changed = await call(`${api}/Leads?fields=Company`, { token, headers: { 'If-Modified-Since': before } });
    expect(changed.status).toBe(200);
    expectValid(OPS.getRecords, changed, 'Response_Wrapper');
    expect(arr(obj(changed.body)['data']).map((r) => obj(r)['id'])).toEqual([id]);
    const bad = await call(`${api}/Leads?fields=Company`, { token, headers: { 'If-Modified-Since': 'yesterday' } });
    expect(bad.status).toBe(400);
    expectValid(OPS.getRecords, bad, 'API_Exception');
  });

  it('search by criteria: escaped ( ) , \\ match literally; and/or groups', async () => {
    const escaped = 'Acme \\(East\\)\\, Inc & Co #1: x\\\\y';
    const res = await call(`${api}/Leads/search?criteria=${encodeURIComponent(`(Company:equals:${escaped})`)}&fields=Company`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.search, res, 'Response_Wrapper');
    expect(arr(obj(res.body)['data']).map((r) => obj(r)['Company'])).toEqual(['Acme (East), Inc & Co #1: x\\y']);
    const both = await call(`${api}/Leads/search?criteria=${encodeURIComponent('((Lead_Status:equals:Not Contacted)and(Company:starts_with:Co 1))')}&per_page=200`, { token });
    expect(both.status).toBe(200);
    expectValid(OPS.search, both, 'Response_Wrapper');
    for (const r of arr(obj(both.body)['data'])) {
      expect(obj(r)['Lead_Status']).toBe('Not Contacted');
      expect(String(obj(r)['Company'])).toMatch(/^Co 1/);
    }
  });

  it('search by email, phone and word', async () => {
    const email = await call(`${api}/Leads/search?email=LEAD42@example.com`, { token });
    expect(email.status).toBe(200);
    expectValid(OPS.search, email, 'Response_Wrapper');
    expect(arr(obj(email.body)['data'])).toHaveLength(1);
    const phone = await call(`${api}/Leads/search?phone=${encodeURIComponent('+1 555 010042')}`, { token });
    expect(arr(obj(phone.body)['data']).map((r) => obj(r)['Last_Name'])).toEqual(['Lead 42']);
    const word = await call(`${api}/Leads/search?word=Acme`, { token });
    expect(word.status).toBe(200);
    expectValid(OPS.search, word, 'Response_Wrapper');
    const nothing = await call(`${api}/Leads/search?word=zzzznothing`, { token });
    expect(nothing.status).toBe(204);
  });

  it('search errors: no parameter, bad syntax, unknown field, more than 15 criteria, past 2,000', async () => {
    const cases: Array<[string, string]> = [
      ['', 'EXPECTED_PARAM_MISSING'],
      ['criteria=(Company:equals:a(b)', 'INVALID_QUERY'],
      ['criteria=(Nope:equals:a)', 'INVALID_QUERY'],
      ['criteria=(Company:likes:a)', 'INVALID_QUERY'],
      [`criteria=(${Array.from({ length: 16 }, (_, i) => `(Company:equals:${i})`).join('or')})`, 'CRITERIA_LIMIT_EXCEEDED'],
      ['word=Lead&page=11&per_page=200', 'LIMIT_REACHED'],
    ];
    for (const [query, code] of cases) {
      const res = await call(`${api}/Leads/search?${query}`, { token });
      expect([query, res.status, obj(res.body)['code']]).toEqual([query, 400, code]);
      expectValid(OPS.search, res, 'API_Exception');
    }
  });
});
