import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { JsonValue } from '../core/json.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj, type HttpResult } from '../test-support/http.js';
import { DEVIATIONS, describeContract, type Operation } from '../test-support/zoho-contract.js';

const OPS = {
  users: { file: 'users.json', path: '/crm/v8/users', method: 'get' },
  org: { file: 'org.json', path: '/crm/v8/org', method: 'get' },
  modules: { file: 'modules.json', path: '/crm/v8/settings/modules', method: 'get' },
  fields: { file: 'fields.json', path: '/crm/v8/settings/fields', method: 'get' },
  layouts: { file: 'layouts.json', path: '/crm/v8/settings/layouts', method: 'get' },
  getRecord: { file: 'record.json', path: '/crm/v8/{module_api_name}/{id}', method: 'get' },
  updateRecord: { file: 'record.json', path: '/crm/v8/{module_api_name}/{id}', method: 'put' },
  getRecords: { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'get' },
  updateRecords: { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'put' },
  createRecords: { file: 'record.json', path: '/crm/v8/{module_api_name}', method: 'post' },
} satisfies Record<string, Operation>;

describeContract('Zoho OpenAPI contract (every emulated operation, errors included)', (contract) => {
  let emu: RunningEmulator;
  let token: string;
  let leadId: string;
  let api: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 20 });
    token = emu.state.issueAccessToken();
    api = `${emu.url}/crm/v8`;
    leadId = (emu.state.listRecords('Leads')[0] as { id: string }).id;
  });
  afterAll(async () => {
    await emu.stop();
  });

  /** The body must fit the operation's declared schema AND, when named, the one branch it claims to be. */
  function expectValid(op: Operation, res: HttpResult, component?: [file: string, schema: string], value?: JsonValue): void {
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(contract().validateResponse(op, res.status, res.body)).toEqual([]);
    if (component) expect(contract().validateComponent(component[0], component[1], value ?? (res.body as JsonValue))).toEqual([]);
  }

  it('keeps a short, reasoned list of deviations', () => {
    expect(DEVIATIONS.length).toBeLessThanOrEqual(8);
    for (const d of DEVIATIONS) expect(d.reason.length).toBeGreaterThan(40);
  });

  it('detects a body that breaks the schema (the validator can fail)', async () => {
    const res = await call(`${api}/org`, { token });
    const broken = structuredClone(obj(res.body));
    delete obj(arr(broken['org'])[0])['zgid'];
    // Loose anyOf branches accept almost any object, hence the second, branch-specific check.
    expect(contract().validateComponent('org.json', 'Response_Wrapper', broken).join('\n')).toMatch(/zgid/);
    expect(contract().validateResponse(OPS.org, 200, { org: 'x', status: 'ok' })).not.toEqual([]);
    const badError = { code: 'INVALID_TOKEN', details: {}, message: 'invalid oauth token', status: 'failure' };
    expect(contract().validateComponent('record.json', 'API_Exception', badError)).not.toEqual([]);
    expect(contract().validateResponse(OPS.getRecord, 204, {})).not.toEqual([]);
  });

  it('GET /users?type=CurrentUser', async () => {
    const res = await call(`${api}/users?type=CurrentUser&`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.users, res, ['users.json', 'Response_Wrapper']);
  });

  it('GET /users with an unknown type → 400 INVALID_DATA', async () => {
    const res = await call(`${api}/users?type=Nobody`, { token });
    expect(res.status).toBe(400);
    expectValid(OPS.users, res, ['users.json', 'InvalidError']);
  });

  it('GET /org', async () => {
    const res = await call(`${api}/org`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.org, res, ['org.json', 'Response_Wrapper']);
  });

  it('GET /settings/modules', async () => {
    const res = await call(`${api}/settings/modules`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.modules, res, ['modules.json', 'Response_Wrapper']);
  });

  it.each(['Leads', 'Accounts', 'Contacts'])('GET /settings/fields?module=%s', async (module) => {
    const res = await call(`${api}/settings/fields?module=${module}&`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.fields, res, ['fields.json', 'Response_Wrapper']);
  });

  it('GET /settings/fields without module → 400 REQUIRED_PARAM_MISSING', async () => {
    const res = await call(`${api}/settings/fields`, { token });
    expect(res.status).toBe(400);
    expectValid(OPS.fields, res, ['fields.json', 'MandatoryParamError']);
  });

  it('GET /settings/fields?module=Nope → 400 INVALID_MODULE', async () => {
    const res = await call(`${api}/settings/fields?module=Nope`, { token });
    expect(res.status).toBe(400);
    expectValid(OPS.fields, res, ['fields.json', 'InvalidParamError']);
  });

  it.each(['Leads', 'Accounts', 'Contacts'])('GET /settings/layouts?module=%s', async (module) => {
    const res = await call(`${api}/settings/layouts?module=${module}`, { token });
    expect(res.status).toBe(200);
    expectValid(OPS.layouts, res, ['layouts.json', 'wrapper']);
  });

  it('GET /settings/layouts without module → 400 (deviation layouts-400-shapes)', async () => {
    const res = await call(`${api}/settings/layouts`, { token });
    expect(res.status).toBe(400);
    expectValid(OPS.layouts, res, ['fields.json', 'MandatoryParamError']);
  });

  it('GET /{module}/{id}: with and without fields, and 204 for an unknown id', async () => {
    const all = await call(`${api}/Leads/${leadId}`, { token });
    expect(all.status).toBe(200);
    expectValid(OPS.getRecord, all, ['record.json', 'Response_Wrapper']);
    const some = await call(`${api}/Leads/${leadId}?fields=Last_Name,Email,Owner,Account_Lookup&`, { token });
    expectValid(OPS.getRecord, some, ['record.json', 'Response_Wrapper']);
    const none = await call(`${api}/Leads/1234567890123456789`, { token });
    expect(none.status).toBe(204);
    expect(none.text).toBe('');
    expect(contract().validateResponse(OPS.getRecord, 204, none.body)).toEqual([]);
  });

  it('GET /{module}?ids= and paging, 204 past the end, 400 without fields', async () => {
    const ids = emu.state.listRecords('Leads').slice(0, 3).map((r) => r.id);
    const byIds = await call(`${api}/Leads?ids=${ids.join(',')}&fields=Last_Name,Company&`, { token });
    expect(byIds.status).toBe(200);
    expectValid(OPS.getRecords, byIds, ['record.json', 'Response_Wrapper']);
    const page = await call(`${api}/Leads?fields=Last_Name&per_page=5&page=2`, { token });
    expect(page.status).toBe(200);
    expectValid(OPS.getRecords, page, ['record.json', 'Response_Wrapper']);
    const past = await call(`${api}/Leads?fields=Last_Name&per_page=200&page=9`, { token });
    expect(past.status).toBe(204);
    const noFields = await call(`${api}/Leads`, { token });
    expect(noFields.status).toBe(400);
    expectValid(OPS.getRecords, noFields, ['record.json', 'API_Exception']);
  });

  it('PUT /{module}/{id}: success, INVALID_DATA and MANDATORY_NOT_FOUND', async () => {
    const ok = await call(`${api}/Leads/${leadId}`, { method: 'PUT', token, body: { data: [{ Company: 'Contract Co' }] } });
    expect(ok.status).toBe(200);
    expectValid(OPS.updateRecord, ok, ['record.json', 'Success_Response'], arr(obj(ok.body)['data'])[0]);
    const bad = await call(`${api}/Leads/${leadId}`, { method: 'PUT', token, body: { data: [{ Email: 'not-an-email' }] } });
    expect(bad.status).toBe(400);
    expectValid(OPS.updateRecord, bad, ['record.json', 'API_Exception'], arr(obj(bad.body)['data'])[0]);
    const empty = await call(`${api}/Leads/${leadId}`, { method: 'PUT', token, body: { data: [{ Last_Name: '' }] } });
    expect(empty.status).toBe(400);
    expectValid(OPS.updateRecord, empty, ['record.json', 'API_Exception'], arr(obj(empty.body)['data'])[0]);
  });

  it('PUT /{module}: 207 with one entry per record; whole-request errors', async () => {
    const ids = emu.state.listRecords('Leads').slice(1, 3).map((r) => r.id);
    const mixed = await call(`${api}/Leads`, {
      method: 'PUT',
      token,
      body: { data: [{ id: ids[0] ?? '', Lead_Status: 'Contacted' }, { id: ids[1] ?? '', Lead_Status: 'Sleeping' }, { id: '1' }], trigger: [] },
    });
    expect(mixed.status).toBe(207);
    expectValid(OPS.updateRecords, mixed);
    const [first, second, third] = arr(obj(mixed.body)['data']);
    expect(contract().validateComponent('record.json', 'Success_Response', first ?? null)).toEqual([]);
    expect(contract().validateComponent('record.json', 'API_Exception', second ?? null)).toEqual([]);
    expect(contract().validateComponent('record.json', 'API_Exception', third ?? null)).toEqual([]);
    const tooMany = await call(`${api}/Leads`, { method: 'PUT', token, body: { data: Array.from({ length: 101 }, () => ({ id: leadId })) } });
    expect(tooMany.status).toBe(400);
    expectValid(OPS.updateRecords, tooMany, ['record.json', 'API_Exception']);
    const notJson = await call(`${api}/Leads`, { method: 'PUT', token, body: '{"data": [' });
    expect(notJson.status).toBe(400);
    expectValid(OPS.updateRecords, notJson, ['record.json', 'API_Exception']);
  });

  it('POST /{module}: 201 and MANDATORY_NOT_FOUND', async () => {
    const created = await call(`${api}/Leads`, { method: 'POST', token, body: { data: [{ Last_Name: 'Nakamura', Company: 'Kaizen KK' }] } });
    expect(created.status).toBe(201);
    expectValid(OPS.createRecords, created, ['record.json', 'Success_Response'], arr(obj(created.body)['data'])[0]);
    const missing = await call(`${api}/Leads`, { method: 'POST', token, body: { data: [{ Last_Name: 'NoCompany' }] } });
    expect(missing.status).toBe(400);
    expectValid(OPS.createRecords, missing, ['record.json', 'API_Exception'], arr(obj(missing.body)['data'])[0]);
  });

  it('unknown module → 400 INVALID_MODULE', async () => {
    const res = await call(`${api}/Unicorns?fields=Name`, { token });
    expect(res.status).toBe(400);
    expectValid(OPS.getRecords, res, ['record.json', 'API_Exception']);
  });

  const authCases: Array<[string, keyof typeof OPS, string]> = [
    ['users', 'users', '/users?type=CurrentUser'],
    ['org', 'org', '/org'],
    ['modules', 'modules', '/settings/modules'],
    ['fields', 'fields', '/settings/fields?module=Leads'],
    ['layouts', 'layouts', '/settings/layouts?module=Leads'],
    ['record', 'getRecord', '/Leads/{id}'],
    ['records', 'getRecords', '/Leads?fields=Last_Name'],
  ];

  it.each(authCases)('%s: 401 INVALID_TOKEN, AUTHENTICATION_FAILURE, OAUTH_SCOPE_MISMATCH', async (_name, op, path) => {
    const url = `${api}${path.replace('{id}', leadId)}`;
    const revoked = emu.state.issueAccessToken();
    emu.state.revokeToken(revoked);
    const invalid = await call(url, { token: revoked });
    expect(invalid.status).toBe(401);
    expect(obj(invalid.body)['code']).toBe('INVALID_TOKEN');
    expectValid(OPS[op], invalid, ['common.json', 'API_Exception']);
    const missing = await call(url);
    expect(missing.status).toBe(401);
    expect(obj(missing.body)['code']).toBe('AUTHENTICATION_FAILURE');
    expectValid(OPS[op], missing, ['common.json', 'API_Exception']);
    const narrow = emu.state.issueAccessToken({ scopes: ['ZohoCRM.bulk.ALL'] });
    const scope = await call(url, { token: narrow });
    expect(scope.status).toBe(401);
    expect(obj(scope.body)['code']).toBe('OAUTH_SCOPE_MISMATCH');
    expectValid(OPS[op], scope, ['common.json', 'API_Exception']);
  });

  it('429 TOO_MANY_REQUESTS and 5xx JSON fit the error envelope', async () => {
    emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/org', times: 1, retryAfterSeconds: 1 }]);
    const limited = await call(`${api}/org`, { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expectValid(OPS.org, limited, ['common.json', 'API_Exception']);
    emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/Leads/{id}', times: 1 }]);
    const failed = await call(`${api}/Leads/${leadId}`, { token });
    expect(failed.status).toBe(500);
    expectValid(OPS.getRecord, failed, ['record.json', 'API_Exception']);
    emu.state.setFaults([]);
  });
});
