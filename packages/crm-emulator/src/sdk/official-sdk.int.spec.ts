/**
 * The unmodified official SDK (@zohocrm/nodejs-sdk-8.0) against the emulator. One file on purpose:
 * the SDK keeps its configuration in process-wide statics, so the steps below share one SDK and run
 * in order.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { initSdk, sdkWorkspace, ZOHO } from '../test-support/sdk-harness.js';

const LEAD_FIELDS = 'Last_Name,First_Name,Company,Email,Lead_Status,Annual_Revenue,Owner,Account_Lookup,Modified_Time';

describe('official Zoho SDK against the emulator', () => {
  let emu: RunningEmulator;
  const workspace = sdkWorkspace();
  let leads: string[];

  beforeAll(async () => {
    emu = await startEmulator({ seed: 7, leadCount: 40 });
    // Leads that have every layout-required value, so only the test's own changes decide outcomes.
    leads = emu.state
      .listRecords('Leads')
      .filter((r) => r['Company'] && r['Lead_Status'] && r['Account_Lookup'])
      .map((r) => r.id);
  });
  afterAll(async () => {
    await emu.stop();
    workspace.cleanup();
  });

  function leadOps(): InstanceType<typeof ZOHO.Record.RecordOperations> {
    return new ZOHO.Record.RecordOperations('Leads');
  }

  it('exchanges a grant code on init (authorization_code); the code is single use', async () => {
    // First init of the process on purpose: the SDK (2.0.0) crashes in Initializer.getEncodedKey when a
    // grant-token init follows an earlier init in the same process (no key yet for the new token).
    const code = emu.state.mintGrantCode();
    await initSdk(emu, workspace, { grantToken: code });
    const c = emu.state.counters();
    expect(c.tokenRequests).toMatchObject({ authorization_code: 1, refresh_token: 0, total: 1 });
    expect(c.routes['GET /crm/v8/users']).toBe(1);
    const { clientId, clientSecret } = emu.state.defaultClient;
    const again = await fetch(emu.tokenUrl, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code }),
    });
    expect(await again.json()).toEqual({ error: 'invalid_code' });
  });

  it('initialises with a refresh token: one refresh, then users and org', async () => {
    emu.state.resetCounters();
    emu.state.clearRequestLog();
    await initSdk(emu, workspace, { refreshToken: emu.state.issueRefreshToken() });
    const c = emu.state.counters();
    expect(c.tokenRequests).toMatchObject({ refresh_token: 1, authorization_code: 0, total: 1 });
    expect(c.routes['GET /crm/v8/users']).toBe(1);
    expect(c.routes['GET /crm/v8/org']).toBe(1);
    const log = emu.state.requestLog();
    expect(log.map((e) => e.path)).toEqual(['/oauth/v2/token', '/crm/v8/users?type=CurrentUser&', '/crm/v8/org']);
  });

  it('gets a lead: fields metadata fetched (Leads, and Accounts for the lookup), values parsed', async () => {
    const id = leads[0] as string;
    const stored = emu.state.getRecord('Leads', id);
    const params = new ZOHO.ParameterMap();
    await params.add(ZOHO.Record.GetRecordParam.FIELDS, LEAD_FIELDS);
    const response = await leadOps().getRecord(BigInt(id), params);
    expect(response.getStatusCode()).toBe(200);
    const wrapper = response.getObject();
    expect(wrapper).toBeInstanceOf(ZOHO.Record.ResponseWrapper);
    const record = wrapper.getData()[0];
    expect(record.getId()).toBe(BigInt(id));
    expect(record.getKeyValue('Last_Name')).toBe(stored?.['Last_Name']);
    expect(record.getKeyValue('Company')).toBe(stored?.['Company']);
    expect(record.getKeyValue('Lead_Status').getValue()).toBe(stored?.['Lead_Status']);
    const account = record.getKeyValue('Account_Lookup');
    expect(account.getId()).toBe(BigInt((stored?.['Account_Lookup'] as { id: string }).id));
    expect(record.getKeyValue('Owner').getEmail()).toMatch(/@zylker\.com$/);
    expect(record.getModifiedTime()).toBeInstanceOf(Date);
    const routes = emu.state.counters().routes;
    expect(routes['GET /crm/v8/settings/fields']).toBe(2);
    expect(routes['GET /crm/v8/Leads/{id}']).toBe(1);
    const fieldCalls = emu.state.requestLog().filter((e) => e.route === 'GET /crm/v8/settings/fields').map((e) => e.path);
    expect(fieldCalls.sort()).toEqual(['/crm/v8/settings/fields?module=Accounts&', '/crm/v8/settings/fields?module=Leads&']);
  });

  it('reads several leads by ids, and an unknown id gives 204 → getObject() null', async () => {
    const params = new ZOHO.ParameterMap();
    for (const id of leads.slice(0, 3)) await params.add(ZOHO.Record.GetRecordsParam.IDS, id);
    await params.add(ZOHO.Record.GetRecordsParam.FIELDS, 'Last_Name,Email');
    const response = await leadOps().getRecords(params);
    expect(response.getStatusCode()).toBe(200);
    expect(response.getObject().getData().map((r: { getId(): bigint }) => String(r.getId()))).toEqual(leads.slice(0, 3));
    const none = await leadOps().getRecord(BigInt('6051205000000999999'));
    expect(none.getStatusCode()).toBe(204);
    expect(none.getObject()).toBeNull();
  });

  it('updates a lead: SUCCESS with details, and the state changes', async () => {
    const id = leads[1] as string;
    const before = emu.state.getRecord('Leads', id);
    const record = new ZOHO.Record.Record();
    record.addKeyValue('Company', 'Emulated Widgets Ltd');
    record.addKeyValue('Annual_Revenue', 125000.5);
    const body = new ZOHO.Record.BodyWrapper();
    body.setData([record]);
    body.setTrigger([]);
    const response = await leadOps().updateRecord(BigInt(id), body);
    expect(response.getStatusCode()).toBe(200);
    const [result] = response.getObject().getData();
    expect(result).toBeInstanceOf(ZOHO.Record.SuccessResponse);
    expect(result.getCode().getValue()).toBe('SUCCESS');
    expect(result.getMessage().getValue()).toBe('record updated');
    expect(result.getDetails().get('id')).toBe(id);
    const after = emu.state.getRecord('Leads', id);
    expect(after?.['Company']).toBe('Emulated Widgets Ltd');
    expect(after?.['Annual_Revenue']).toBe(125000.5);
    expect(after?.['Modified_Time']).not.toBe(before?.['Modified_Time']);
    expect(result.getDetails().get('Modified_Time')).toEqual(new Date(String(after?.['Modified_Time'])));
  });

  it('batch-updates 3 leads with one invalid: 207, SUCCESS + INVALID_DATA, only valid ones stored', async () => {
    const ids = leads.slice(2, 5);
    const records = ids.map((id, i) => {
      const r = new ZOHO.Record.Record();
      r.setId(BigInt(id));
      r.addKeyValue('Email', i === 1 ? 'not an email' : `batch${i}@example.com`);
      return r;
    });
    const body = new ZOHO.Record.BodyWrapper();
    body.setData(records);
    const response = await leadOps().updateRecords(body);
    expect(response.getStatusCode()).toBe(207);
    const results = response.getObject().getData();
    expect(results.map((r: { getCode(): { getValue(): string } }) => r.getCode().getValue())).toEqual(['SUCCESS', 'INVALID_DATA', 'SUCCESS']);
    const invalid = results[1];
    expect(invalid).toBeInstanceOf(ZOHO.Record.APIException);
    expect(invalid.getDetails().get('api_name')).toBe('Email');
    expect(invalid.getDetails().get('json_path')).toBe('$.data[1].Email');
    expect(invalid.getDetails().get('expected_data_type')).toBe('email');
    expect(emu.state.getRecord('Leads', ids[0] as string)?.['Email']).toBe('batch0@example.com');
    expect(emu.state.getRecord('Leads', ids[1] as string)?.['Email']).not.toBe('not an email');
    expect(emu.state.getRecord('Leads', ids[2] as string)?.['Email']).toBe('batch2@example.com');
  });

  it('strict layout: an update without the layout fields → MANDATORY_NOT_FOUND naming the first', async () => {
    emu.state.setStrictLayout('Leads', true);
    try {
      const id = leads[5] as string;
      const record = new ZOHO.Record.Record();
      record.addKeyValue('Email', 'strict@example.com');
      const body = new ZOHO.Record.BodyWrapper();
      body.setData([record]);
      const response = await leadOps().updateRecord(BigInt(id), body);
      expect(response.getStatusCode()).toBe(400);
      const [error] = response.getObject().getData();
      expect(error.getCode().getValue()).toBe('MANDATORY_NOT_FOUND');
      expect(error.getDetails().get('api_name')).toBe('Last_Name');
      expect(error.getDetails().get('json_path')).toBe('$.data[0].Last_Name');
      expect(emu.state.getRecord('Leads', id)?.['Email']).not.toBe('strict@example.com');
    } finally {
      emu.state.setStrictLayout('Leads', false);
    }
  });

  it('reads layouts (required flags) and modules through the SDK', async () => {
    emu.state.setLayoutRequired('Leads', ['Company', 'Email']);
    const params = new ZOHO.ParameterMap();
    await params.add(ZOHO.Layouts.GetLayoutsParam.MODULE, 'Leads');
    const response = await new ZOHO.Layouts.LayoutsOperations().getLayouts(params);
    expect(response.getStatusCode()).toBe(200);
    const [layout] = response.getObject().getLayouts();
    const required = layout
      .getSections()
      .flatMap((s: { getFields(): Array<{ getAPIName(): string; getRequired(): boolean }> }) => s.getFields())
      .filter((f: { getRequired(): boolean }) => f.getRequired())
      .map((f: { getAPIName(): string }) => f.getAPIName());
    expect(required).toEqual(['Company', 'Last_Name', 'Email']);
    const modules = await new ZOHO.Modules.ModulesOperations().getModules();
    expect(modules.getObject().getModules().map((m: { getAPIName(): string }) => m.getAPIName())).toEqual(['Leads', 'Accounts', 'Contacts']);
    emu.state.setLayoutRequired('Leads', ['Company']);
  });

  it('parses the current user, time_zone as a zone (why the contract accepts a string: the SDK wins)', async () => {
    const params = new ZOHO.ParameterMap();
    await params.add(ZOHO.Users.GetUsersParam.TYPE, new ZOHO.Choice('CurrentUser'));
    const response = await new ZOHO.Users.UsersOperations().getUsers(params);
    expect(response.getStatusCode()).toBe(200);
    const [user] = response.getObject().getUsers();
    expect(user.getEmail()).toBe('patricia.boyle@zylker.com');
    expect(user.getTimeZone().name).toBe('Asia/Kolkata');
    expect(user.getId()).toBe(BigInt('6051205000000010001'));
  });

  it('creates a lead: 201, id assigned', async () => {
    const record = new ZOHO.Record.Record();
    record.addKeyValue('Last_Name', 'Okafor');
    record.addKeyValue('Company', 'Lagos Freight');
    record.addKeyValue('Lead_Status', new ZOHO.Choice('Contacted'));
    const body = new ZOHO.Record.BodyWrapper();
    body.setData([record]);
    const response = await leadOps().createRecords(body);
    expect(response.getStatusCode()).toBe(201);
    const [result] = response.getObject().getData();
    expect(result.getMessage().getValue()).toBe('record added');
    const id = result.getDetails().get('id') as string;
    expect(emu.state.getRecord('Leads', id)).toMatchObject({ Last_Name: 'Okafor', Company: 'Lagos Freight', Lead_Status: 'Contacted', Full_Name: 'Okafor' });
  });

  it('a server-side expired access token → 401 INVALID_TOKEN as an APIException (the SDK does not refresh)', async () => {
    // Two live tokens: the grant-code init's and the refresh-token init's.
    expect(emu.state.expireAccessTokens()).toBe(2);
    const response = await leadOps().getRecord(BigInt(leads[0] as string));
    expect(response.getStatusCode()).toBe(401);
    const error = response.getObject();
    expect(error).toBeInstanceOf(ZOHO.Record.APIException);
    expect(error.getCode().getValue()).toBe('INVALID_TOKEN');
    expect(emu.state.counters().tokenRequests.refresh_token).toBe(1);
  });

  it('a revoked token: calls get 401 INVALID_TOKEN; an init with a revoked refresh token fails (invalid_code)', async () => {
    const refresh = emu.state.issueRefreshToken();
    await initSdk(emu, workspace, { refreshToken: refresh });
    expect((await leadOps().getRecord(BigInt(leads[0] as string))).getStatusCode()).toBe(200);
    expect(emu.state.revokeToken(refresh)).toBe(true);
    const response = await leadOps().getRecord(BigInt(leads[0] as string));
    expect(response.getStatusCode()).toBe(401);
    expect(response.getObject().getCode().getValue()).toBe('INVALID_TOKEN');
    const revokedBeforeUse = emu.state.issueRefreshToken();
    emu.state.revokeToken(revokedBeforeUse);
    await expect(initSdk(emu, workspace, { refreshToken: revokedBeforeUse })).rejects.toMatchObject({ code: 'INVALID TOKEN ERROR' });
  });

  it('a token without the modules scope → 401 OAUTH_SCOPE_MISMATCH', async () => {
    const refresh = emu.state.issueRefreshToken({ scopes: ['ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ'] });
    await initSdk(emu, workspace, { refreshToken: refresh });
    const response = await leadOps().getRecord(BigInt(leads[0] as string));
    expect(response.getStatusCode()).toBe(401);
    expect(response.getObject().getCode().getValue()).toBe('OAUTH_SCOPE_MISMATCH');
  });

  it('over the concurrency cap → 429 TOO_MANY_REQUESTS (Retry-After above the SDK timeout: no retry)', async () => {
    await initSdk(emu, workspace, { refreshToken: emu.state.issueRefreshToken(), timeoutMs: 5_000 });
    emu.state.resetCounters();
    emu.state.setLatency(300);
    emu.state.setConcurrencyCap(2, 60);
    try {
      const ids = leads.slice(0, 4);
      const responses = await Promise.all(ids.map((id) => leadOps().getRecord(BigInt(id))));
      const statuses = responses.map((r: { getStatusCode(): number }) => r.getStatusCode()).sort();
      expect(statuses).toEqual([200, 200, 429, 429]);
      const limited = responses.find((r: { getStatusCode(): number }) => r.getStatusCode() === 429);
      expect(limited.getObject().getCode().getValue()).toBe('TOO_MANY_REQUESTS');
      expect(limited.getHeaders().get('retry-after')).toBe('60');
      const c = emu.state.counters();
      expect(c.routes['GET /crm/v8/Leads/{id}']).toBe(4);
      expect(c.statuses).toMatchObject({ '200': 2, '429': 2 });
    } finally {
      emu.state.setLatency(0);
      emu.state.setConcurrencyCap(null);
    }
  });

  it('a transient 500 on a GET: the SDK retries and succeeds; the counters show both hits', async () => {
    emu.state.resetCounters();
    emu.state.clearRequestLog();
    emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/Leads/{id}', times: 1 }]);
    try {
      const response = await leadOps().getRecord(BigInt(leads[0] as string));
      expect(response.getStatusCode()).toBe(200);
      const c = emu.state.counters();
      expect(c.routes['GET /crm/v8/Leads/{id}']).toBe(2);
      expect(c.faults).toBe(1);
      expect(emu.state.requestLog().map((e) => e.status)).toEqual([500, 200]);
    } finally {
      emu.state.setFaults([]);
    }
  });

  it('never logs a secret', () => {
    const log = JSON.stringify(emu.state.requestLog());
    expect(log).not.toMatch(/1000\.[a-f0-9]{32}\.[a-f0-9]{32}/);
    expect(log).not.toContain(emu.state.defaultClient.clientSecret);
  });
});
