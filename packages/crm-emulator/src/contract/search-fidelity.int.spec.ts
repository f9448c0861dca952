import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';
import { contractExpect } from '../test-support/contract-expect.js';
import { describeContract, type Operation } from '../test-support/zoho-contract.js';

// One test per row of the fidelity table in the README (section "Search"): what Zoho documents for
// GET /{module}/search, checked over HTTP and against Zoho's OpenAPI contract.
const SEARCH: Operation = { file: 'record.json', path: '/crm/v8/{module_api_name}/search', method: 'get' };

describeContract('Zoho fidelity: search', (contract) => {
  let emu: RunningEmulator;
  let token: string;
  let api: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 0 });
    token = emu.state.issueAccessToken();
    api = `${emu.url}/crm/v8`;
    const companies = ['ABC', 'ABC Inc.', 'The abc Group', 'Other'];
    emu.state.seedRecords(
      'Leads',
      Array.from({ length: 2050 }, (_, i) => ({
        Last_Name: `Lead ${i}`,
        Company: i < companies.length ? companies[i] : `Co ${i % 50}`,
        Lead_Status: i % 3 === 0 ? 'Not Contacted' : 'Contacted',
        Email: `lead${i}@example.com`,
        Phone: `+1 555 01${String(i).padStart(4, '0')}`,
        Annual_Revenue: i * 1000,
      })),
      { replace: true },
    );
  });
  afterAll(async () => {
    await emu.stop();
  });

  const search = (query: string): Promise<HttpResult> => call(`${api}/Leads/search?${query}`, { token });
  const criteria = (expr: string, extra = ''): Promise<HttpResult> => search(`criteria=${encodeURIComponent(expr)}${extra}`);
  const names = (res: HttpResult, key = 'Company'): unknown[] => arr(obj(res.body)['data']).map((r) => obj(r)[key]);
  const { expectValid, expectRefused } = contractExpect(contract, SEARCH);

  it('equals on text behaves like contains, ignoring case; on a picklist it is exact', async () => {
    const text = await criteria('(Company:equals:ABC)');
    expect(text.status).toBe(200);
    expectValid(text, 'Response_Wrapper');
    expect(new Set(names(text))).toEqual(new Set(['ABC', 'ABC Inc.', 'The abc Group']));
    const picklist = await criteria('(Lead_Status:equals:Contacted)', '&per_page=200');
    expect(new Set(names(picklist, 'Lead_Status'))).toEqual(new Set(['Contacted']));
  });

  it('operators per field type: no not_in anywhere, no greater_than on text, no starts_with on a picklist', async () => {
    const invalid = (field: string, operator: string): Record<string, unknown> => ({ operator, reason: 'The operator is not valid for the field type', api_name: field });
    await expectRefused(criteria('(Company:not_in:ABC,Other)'), 'INVALID_QUERY', 'invalid operator found', invalid('Company', 'not_in'));
    await expectRefused(criteria('(Company:greater_than:ABC)'), 'INVALID_QUERY', 'invalid operator found', invalid('Company', 'greater_than'));
    await expectRefused(criteria('(Lead_Status:starts_with:Con)'), 'INVALID_QUERY', 'invalid operator found', invalid('Lead_Status', 'starts_with'));
    // What the table allows is answered.
    for (const allowed of ['(Company:in:ABC,Other)', '(Company:starts_with:ABC)', '(Company:not_equal:ABC)', '(Lead_Status:in:Contacted)', '(Annual_Revenue:greater_than:2040000)']) {
      const res = await criteria(allowed);
      expect([allowed, res.status]).toEqual([allowed, 200]);
    }
  });

  it('past 2,000 records: LIMIT_REACHED with details.limit "2000", raised by the page asked for', async () => {
    const tenth = await search('word=Lead&page=10&per_page=200');
    expect(tenth.status).toBe(200);
    expectValid(tenth, 'Response_Wrapper');
    await expectRefused(search('word=Lead&page=11&per_page=200'), 'LIMIT_REACHED', 'maximum response iteration limit reached', { limit: '2000' });
    await expectRefused(search('word=Lead&page=21&per_page=100'), 'LIMIT_REACHED', 'maximum response iteration limit reached', { limit: '2000' });
  });

  it('more than 15 criteria: CRITERIA_LIMIT_EXCEEDED with empty details; 15 are answered', async () => {
    const of = (n: number): string => `(${Array.from({ length: n }, (_, i) => `(Last_Name:equals:Lead ${i})`).join('or')})`;
    expect((await criteria(of(15))).status).toBe(200);
    await expectRefused(criteria(of(16)), 'CRITERIA_LIMIT_EXCEEDED', 'no of criterium that can be given exceed the limit 15', {});
  });

  it('none of criteria, email, phone, word: EXPECTED_PARAM_MISSING naming all four', async () => {
    await expectRefused(search(''), 'EXPECTED_PARAM_MISSING', 'one of the expected parameter is missing', { param_names: ['criteria', 'email', 'phone', 'word'] });
    await expectRefused(search('fields=Company'), 'EXPECTED_PARAM_MISSING', 'one of the expected parameter is missing', { param_names: ['criteria', 'email', 'phone', 'word'] });
  });

  it('in takes at most 100 values; word needs 2 characters; phone needs 3 digits', async () => {
    const values = (n: number): string => Array.from({ length: n }, (_, i) => `Lead ${i}`).join(',');
    expect((await criteria(`(Last_Name:in:${values(100)})`, '&per_page=200')).status).toBe(200);
    await expectRefused(criteria(`(Last_Name:in:${values(101)})`), 'INVALID_QUERY', 'Only 100 values are allowed in "IN" criteria', { api_name: 'Last_Name' });
    expect((await search('word=AB')).status).toBe(200);
    await expectRefused(search('word=A'), 'INVALID_DATA', 'provide atleast 2 letters for search', { param_name: 'word' });
    expect((await search('phone=555')).status).toBe(200);
    await expectRefused(search('phone=55'), 'INVALID_DATA', 'provide atleast 3 digits for search', { param_name: 'phone' });
  });

  it('order: newest id first by default; a criteria search names sort_by and sort_order in info, others do not', async () => {
    const byCriteria = await criteria('(Company:equals:ABC)');
    const info = obj(obj(byCriteria.body)['info']);
    expect(info).toMatchObject({ sort_by: 'id', sort_order: 'desc', page: 1, per_page: 200, more_records: false });
    const ids = arr(obj(byCriteria.body)['data']).map((r) => BigInt(String(obj(r)['id'])));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(ids.length).toBe(3);
    const byWord = await search('word=ABC');
    expect(Object.keys(obj(obj(byWord.body)['info'])).sort()).toEqual(['count', 'more_records', 'page', 'per_page']);
    const ascending = await criteria('(Company:equals:ABC)', '&sort_by=Last_Name&sort_order=asc');
    expect(names(ascending, 'Last_Name')).toEqual(['Lead 0', 'Lead 1', 'Lead 2']);
    expect(obj(obj(ascending.body)['info'])).toMatchObject({ sort_by: 'Last_Name', sort_order: 'asc' });
  });

  it('empty values are never found: no condition matches an empty field, and "null" is plain text', async () => {
    emu.state.seedRecords('Leads', [{ Last_Name: 'Blank', Company: null, Email: null, Lead_Status: 'Contacted' }]);
    const blankNotEqual = await criteria('((Last_Name:equals:Blank)and(Company:not_equal:ABC))');
    expect(blankNotEqual.status).toBe(204);
    const nullText = await criteria('(Company:equals:null)');
    expect(nullText.status).toBe(204);
  });
});
