import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { JsonValue } from '../core/json.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj } from '../test-support/http.js';

describe('CRM v8 over HTTP (raw requests, as any client would send them)', () => {
  let emu: RunningEmulator;
  let api: string;
  let token: string;
  let ids: string[];

  beforeAll(async () => {
    emu = await startEmulator({ seed: 11, leadCount: 250 });
    api = `${emu.url}/crm/v8`;
    token = emu.state.issueAccessToken();
    ids = emu.state.listRecords('Leads').filter((r) => r['Company'] && r['Lead_Status']).map((r) => r.id);
  });
  afterAll(async () => {
    await emu.stop();
  });

  const put = (path: string, body: JsonValue | string): ReturnType<typeof call> => call(`${api}${path}`, { method: 'PUT', token, body });
  const dataOf = (body: JsonValue | undefined): Array<{ [k: string]: JsonValue }> => arr(obj(body)['data']).map(obj);

  describe('metadata', () => {
    it('fields of Leads: the types, limits and picklists the SDK and validation rely on', async () => {
      const res = await call(`${api}/settings/fields?module=Leads&`, { token });
      expect(res.status).toBe(200);
      const fields = arr(obj(res.body)['fields']).map(obj);
      const byName = new Map(fields.map((f) => [f['api_name'], f]));
      expect(fields.every((f) => typeof f['data_type'] === 'string')).toBe(true);
      expect(byName.get('Last_Name')).toMatchObject({ data_type: 'text', system_mandatory: true, length: 80 });
      expect(byName.get('Company')).toMatchObject({ data_type: 'text', system_mandatory: false });
      expect(byName.get('Phone')).toMatchObject({ data_type: 'phone', length: 30 });
      expect(byName.get('Mobile')).toMatchObject({ data_type: 'phone' });
      expect(byName.get('Email')).toMatchObject({ data_type: 'email' });
      expect(byName.get('Annual_Revenue')).toMatchObject({ data_type: 'currency', json_type: 'double' });
      expect(byName.get('Date_of_Birth')).toMatchObject({ data_type: 'date' });
      expect(byName.get('Created_Time')).toMatchObject({ data_type: 'datetime', read_only: true });
      expect(byName.get('Account_Lookup')).toMatchObject({ data_type: 'lookup', lookup: { module: { api_name: 'Accounts' } } });
      const status = arr(byName.get('Lead_Status')?.['pick_list_values']).map(obj);
      expect(status.map((v) => v['actual_value'])).toEqual([
        '-None-', 'Not Contacted', 'Attempted to Contact', 'Contact in Future', 'Contacted', 'Junk Lead', 'Lost Lead', 'Not Qualified', 'Pre-Qualified',
      ]);
      expect(status.every((v) => v['display_value'] === v['actual_value'])).toBe(true);
    });

    it('users: CurrentUser is one user; AllUsers lists the team', async () => {
      const current = arr(obj((await call(`${api}/users?type=CurrentUser`, { token })).body)['users']);
      expect(current.map((u) => obj(u)['email'])).toEqual(['patricia.boyle@zylker.com']);
      const all = arr(obj((await call(`${api}/users`, { token })).body)['users']);
      expect(all).toHaveLength(3);
      const org = arr(obj((await call(`${api}/org`, { token })).body)['org']).map(obj);
      expect(org[0]).toMatchObject({ zgid: '60512051', time_zone: 'Asia/Kolkata' });
    });
  });

  describe('reads', () => {
    it('a whole record: every field, Zoho-style values, $ meta keys', async () => {
      const res = await call(`${api}/Leads/${ids[0]}`, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
      const [record] = dataOf(res.body);
      expect(record).toMatchObject({ id: ids[0], $editable: true });
      expect(record?.['Owner']).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), name: expect.any(String), email: expect.any(String) });
      expect(String(record?.['Created_Time'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/);
      expect(Object.keys(record ?? {})).toEqual(expect.arrayContaining(['Last_Name', 'Company', 'Lead_Status', 'Email', 'Annual_Revenue', 'Account_Lookup']));
      expect(record).toEqual({ ...emu.state.getRecord('Leads', ids[0] as string), ...record });
    });

    it('fields= narrows to those fields plus id; module names ignore case; a trailing & is fine', async () => {
      const res = await call(`${api}/leads/${ids[0]}?fields=Email,Last_Name&`, { token });
      const [record] = dataOf(res.body);
      expect(Object.keys(record ?? {})).toEqual(['Email', 'Last_Name', 'id']);
      expect(emu.state.counters().routes['GET /crm/v8/Leads/{id}']).toBeGreaterThanOrEqual(2);
    });

    it('bad fields lists are refused', async () => {
      const unknown = await call(`${api}/Leads/${ids[0]}?fields=Email,Shoe_Size`, { token });
      expect(unknown.status).toBe(400);
      expect(obj(unknown.body)).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Shoe_Size' } });
      const tooMany = await call(`${api}/Leads?fields=${Array.from({ length: 51 }, () => 'Email').join(',')}`, { token });
      expect(tooMany.status).toBe(400);
      expect(obj(tooMany.body)).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { limit: 50 } });
      const injected = await call(`${api}/Leads/${ids[0]}?fields=Email%26per_page%3D1`, { token });
      expect(injected.status).toBe(400);
    });

    it('ids=: only the existing ones, in request order; 204 when none; ≤ 100', async () => {
      const wanted = [ids[2], '6051205000000999999', ids[1]].join(',');
      const res = await call(`${api}/Leads?ids=${wanted}&fields=Last_Name`, { token });
      expect(dataOf(res.body).map((r) => r['id'])).toEqual([ids[2], ids[1]]);
      const none = await call(`${api}/Leads?ids=6051205000000999999`, { token });
      expect(none.status).toBe(204);
      expect(none.text).toBe('');
      const tooMany = await call(`${api}/Leads?ids=${Array.from({ length: 101 }, (_, i) => String(6051205000000100000 + i)).join(',')}`, { token });
      expect(obj(tooMany.body)).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { param_name: 'ids', limit: 100 } });
      expect((await call(`${api}/Leads?ids=abc`, { token })).status).toBe(400);
    });

    it('pages of ≤ 200 with info.more_records; fields is required for a list', async () => {
      const first = await call(`${api}/Leads?fields=Last_Name&per_page=200`, { token });
      expect(obj(first.body)['info']).toMatchObject({ per_page: 200, count: 200, page: 1, sort_by: 'id', sort_order: 'asc', more_records: true });
      const second = await call(`${api}/Leads?fields=Last_Name&per_page=200&page=2`, { token });
      expect(obj(second.body)['info']).toMatchObject({ count: 50, page: 2, more_records: false });
      const all = [...dataOf(first.body), ...dataOf(second.body)].map((r) => r['id']);
      expect(all).toEqual(emu.state.listRecords('Leads').map((r) => r.id));
      expect((await call(`${api}/Leads?fields=Last_Name&per_page=201`, { token })).status).toBe(400);
      expect((await call(`${api}/Leads?fields=Last_Name&page=0`, { token })).status).toBe(400);
      const noFields = await call(`${api}/Leads`, { token });
      expect(obj(noFields.body)).toEqual({ code: 'REQUIRED_PARAM_MISSING', details: { param_name: 'fields' }, message: 'One of the expected parameter is missing', status: 'error' });
    });

    it('sorts by Modified_Time descending on request', async () => {
      const res = await call(`${api}/Leads?fields=Modified_Time&sort_by=Modified_Time&sort_order=desc&per_page=20`, { token });
      const times = dataOf(res.body).map((r) => Date.parse(String(r['Modified_Time'])));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect((await call(`${api}/Leads?fields=Email&sort_by=Email`, { token })).status).toBe(400);
    });
  });

  describe('writes', () => {
    it('PUT /{id}: SUCCESS details, state and Modified_Time change', async () => {
      const id = ids[3] as string;
      const before = emu.state.getRecord('Leads', id);
      const res = await put(`/Leads/${id}`, { data: [{ Lead_Status: 'Contacted', Mobile: '+44 7700 900123' }], trigger: ['workflow'] });
      expect(res.status).toBe(200);
      const [entry] = dataOf(res.body);
      const after = emu.state.getRecord('Leads', id);
      expect(entry).toEqual({
        code: 'SUCCESS',
        details: {
          Modified_Time: after?.['Modified_Time'] ?? null,
          Modified_By: { name: 'Patricia Boyle', id: '6051205000000010001' },
          Created_Time: before?.['Created_Time'] ?? null,
          id,
          Created_By: { name: obj(before?.['Created_By'])['name'] ?? null, id: obj(before?.['Created_By'])['id'] ?? null },
        },
        message: 'record updated',
        status: 'success',
      });
      expect(after).toMatchObject({ Lead_Status: 'Contacted', Mobile: '+44 7700 900123' });
      expect(after?.['Modified_Time']).not.toBe(before?.['Modified_Time']);
    });

    it('PUT /{module}: 200 when all succeed, 207 mixed (one entry per record, in order), 400 when all fail', async () => {
      const ok = await put('/Leads', { data: [{ id: ids[4] ?? '', Rating: 'Active' }, { id: ids[5] ?? '', Rating: 'Active' }] });
      expect(ok.status).toBe(200);
      expect(dataOf(ok.body).map((d) => d['code'])).toEqual(['SUCCESS', 'SUCCESS']);
      const mixed = await put('/Leads', {
        data: [
          { id: ids[6] ?? '', Phone: '+1 555 0100 0100 0100 0100 0100 01' },
          { id: ids[7] ?? '', Email: 'fine@example.com' },
          { id: ids[8] ?? '', Lead_Status: 'Asleep' },
          { id: ids[9] ?? '', Annual_Revenue: 'lots' },
          { id: ids[10] ?? '', Shoe_Size: 44 },
          { id: '6051205000000999999', Email: 'ghost@example.com' },
          { id: ids[11] ?? '', Last_Name: null },
        ],
      });
      expect(mixed.status).toBe(207);
      const entries = dataOf(mixed.body);
      expect(entries.map((d) => [d['code'], obj(d['details'])['api_name']])).toEqual([
        ['INVALID_DATA', 'Phone'],
        ['SUCCESS', undefined],
        ['INVALID_DATA', 'Lead_Status'],
        ['INVALID_DATA', 'Annual_Revenue'],
        ['INVALID_DATA', 'Shoe_Size'],
        ['INVALID_DATA', 'id'],
        ['MANDATORY_NOT_FOUND', 'Last_Name'],
      ]);
      expect(obj(entries[0]?.['details'])).toEqual({ api_name: 'Phone', json_path: '$.data[0].Phone', expected_data_type: 'phone', maximum_length: '30' });
      expect(obj(entries[3]?.['details'])).toMatchObject({ json_path: '$.data[3].Annual_Revenue', expected_data_type: 'currency' });
      expect(emu.state.getRecord('Leads', ids[7] as string)?.['Email']).toBe('fine@example.com');
      expect(emu.state.getRecord('Leads', ids[9] as string)?.['Annual_Revenue']).not.toBe('lots');
      const allBad = await put('/Leads', { data: [{ id: ids[6] ?? '', Email: 'nope' }] });
      expect(allBad.status).toBe(400);
      expect(dataOf(allBad.body)[0]).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
    });

    it('19-digit ids sent as JSON numbers (as Zoho’s Python SDK sends them) update exactly those records; lookups too', async () => {
      const targets = [ids[14], ids[15], ids[16]].map((id) => id as string);
      const account = emu.state.listRecords('Accounts')[1];
      const before = new Map(emu.state.listRecords('Leads').map((r) => [r.id, r['Rating'] ?? null]));
      // Written by hand: JSON.stringify cannot emit a number above 2^53 without rounding it.
      const body = `{"data":[${targets.map((id) => `{"id":${id},"Rating":"Shut Down","Account_Lookup":{"id":${account?.id}}}`).join(',')}]}`;
      expect(targets.every((id) => String(Number(id)) !== id)).toBe(true); // each would round as a double
      const res = await put('/Leads', body);
      expect(res.status).toBe(200);
      expect(dataOf(res.body).map((d) => [d['code'], obj(d['details'])['id']])).toEqual(targets.map((id) => ['SUCCESS', id]));
      for (const id of targets) {
        expect(emu.state.getRecord('Leads', id)).toMatchObject({ Rating: 'Shut Down', Account_Lookup: { id: account?.id, name: account?.['Account_Name'] } });
      }
      const changed = emu.state.listRecords('Leads').filter((r) => (r['Rating'] ?? null) !== before.get(r.id)).map((r) => r.id);
      expect(changed.sort()).toEqual([...targets].sort());
      const single = await put(`/Leads/${ids[17]}`, `{"data":[{"id":${ids[17]},"Account_Lookup":${account?.id}}]}`);
      expect(dataOf(single.body)[0]).toMatchObject({ code: 'SUCCESS', details: { id: ids[17] } });
      expect(emu.state.getRecord('Leads', ids[17] as string)?.['Account_Lookup']).toEqual({ name: account?.['Account_Name'], id: account?.id });
    });

    it('lookups: {id} of an existing account is stored with its name; unknown ids refused', async () => {
      const account = emu.state.listRecords('Accounts')[0];
      const ok = await put(`/Leads/${ids[12]}`, { data: [{ Account_Lookup: { id: account?.id ?? '' } }] });
      expect(ok.status).toBe(200);
      expect(emu.state.getRecord('Leads', ids[12] as string)?.['Account_Lookup']).toEqual({ name: account?.['Account_Name'] ?? null, id: account?.id ?? null });
      const bad = await put(`/Leads/${ids[12]}`, { data: [{ Account_Lookup: { id: '6051205000000999999' } }] });
      expect(dataOf(bad.body)[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Account_Lookup' } });
    });

    it('whole-request errors: bad JSON, no data, too many records, bad trigger', async () => {
      const cases: Array<[JsonValue | string, string, Record<string, JsonValue>]> = [
        ['{"data": [', 'INVALID_DATA', {}],
        [{}, 'MANDATORY_NOT_FOUND', { api_name: 'data', json_path: '$.data' }],
        [{ data: {} }, 'INVALID_DATA', { api_name: 'data', expected_data_type: 'jsonarray' }],
        [{ data: Array.from({ length: 101 }, () => ({ id: ids[0] ?? '' })) }, 'LIMIT_EXCEEDED', { limit: 100 }],
        [{ data: [{ id: ids[0] ?? '' }], trigger: 'workflow' }, 'INVALID_DATA', { api_name: 'trigger' }],
      ];
      for (const [body, code, details] of cases) {
        const res = await put('/Leads', body);
        expect(res.status).toBe(400);
        expect(obj(res.body)).toMatchObject({ code, details, status: 'error' });
      }
    });

    it('POST creates: 201, then the record reads back; missing Company → MANDATORY_NOT_FOUND', async () => {
      const res = await call(`${api}/Leads`, {
        method: 'POST',
        token,
        body: { data: [{ Last_Name: 'Haddad', First_Name: 'Lina', Company: 'Cedar Freight', Email: 'lina@cedar.example', Lead_Status: 'Not Contacted' }, { Last_Name: 'NoCo' }] },
      });
      expect(res.status).toBe(207);
      const [created, missing] = dataOf(res.body);
      expect(created).toMatchObject({ code: 'SUCCESS', message: 'record added' });
      expect(missing).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Company', json_path: '$.data[1].Company' } });
      const id = String(obj(created?.['details'])['id']);
      const read = dataOf((await call(`${api}/Leads/${id}?fields=Full_Name,Company`, { token })).body)[0];
      expect(read).toEqual({ Full_Name: 'Lina Haddad', Company: 'Cedar Freight', id });
    });

    it('strict layout through the admin API: MANDATORY_NOT_FOUND until the fields are carried', async () => {
      const id = ids[13] as string;
      emu.state.setStrictLayout('Leads', true);
      try {
        const res = await put(`/Leads/${id}`, { data: [{ Last_Name: 'Strict', Company: 'S Co' }] });
        expect(res.status).toBe(400);
        expect(dataOf(res.body)[0]).toEqual({
          code: 'MANDATORY_NOT_FOUND',
          details: { layout_rule: { name: 'Strict layout', id: expect.stringMatching(/^\d{19}$/) }, api_name: 'Lead_Status', json_path: '$.data[0].Lead_Status' },
          message: 'required field not found',
          status: 'error',
        });
        const ok = await put(`/Leads/${id}`, { data: [{ Last_Name: 'Strict', Company: 'S Co', Lead_Status: 'Contacted' }] });
        expect(ok.status).toBe(200);
      } finally {
        emu.state.setStrictLayout('Leads', false);
      }
    });
  });

  describe('errors around the operations', () => {
    it('unknown module, not-emulated paths and methods', async () => {
      expect(obj((await call(`${api}/Deals?fields=Deal_Name`, { token })).body)).toMatchObject({ code: 'INVALID_MODULE' });
      const search = await call(`${api}/Leads/deleted`, { token });
      expect(search.status).toBe(404);
      expect(obj(search.body)).toMatchObject({ code: 'INVALID_URL_PATTERN' });
      const del = await call(`${api}/Leads/${ids[0]}`, { method: 'DELETE', token });
      expect(del.status).toBe(405);
      expect(obj(del.body)).toMatchObject({ code: 'INVALID_REQUEST_METHOD' });
    });

    it('authentication comes first: no header or another scheme → AUTHENTICATION_FAILURE; unknown token → INVALID_TOKEN', async () => {
      const cases: Array<[Record<string, string>, string]> = [
        [{}, 'AUTHENTICATION_FAILURE'],
        [{ authorization: `Bearer ${token}` }, 'AUTHENTICATION_FAILURE'],
        [{ authorization: 'Zoho-oauthtoken 1000.abc.def' }, 'INVALID_TOKEN'],
      ];
      for (const [headers, code] of cases) {
        const res = await call(`${api}/Deals`, { headers });
        expect(res.status).toBe(401);
        expect(obj(res.body)['code']).toBe(code);
      }
    });

    it('scopes: read-only module scope can read Leads but not update them, nor read Contacts', async () => {
      const reader = emu.state.issueAccessToken({ scopes: 'ZohoCRM.modules.leads.READ' });
      expect((await call(`${api}/Leads/${ids[0]}`, { token: reader })).status).toBe(200);
      const update = await call(`${api}/Leads/${ids[0]}`, { method: 'PUT', token: reader, body: { data: [{ Email: 'x@example.com' }] } });
      expect(update.status).toBe(401);
      expect(obj(update.body)).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
      expect((await call(`${api}/Contacts?fields=Email`, { token: reader })).status).toBe(401);
    });
  });
});

describe('layoutRequired option', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({
      leadCount: 0,
      strictLayout: { Leads: ['Last_Name'] },
      layoutRequired: { Leads: ['Company', 'Email'] },
      records: { Leads: [{ id: '6051205000000500001', Last_Name: 'NoMail', Company: 'Has Co', Lead_Status: 'Contacted', Email: null }] },
    });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('shows in /settings/layouts and is enforced (strict mode) on records lacking it', async () => {
    const token = emu.state.issueAccessToken();
    const layouts = await call(`${emu.url}/crm/v8/settings/layouts?module=Leads`, { token });
    const layout = obj(arr(obj(layouts.body)['layouts'])[0]);
    const required = arr(layout['sections'])
      .flatMap((s) => arr(obj(s)['fields']).map(obj))
      .filter((f) => f['required'] === true)
      .map((f) => f['api_name']);
    expect(required).toEqual(['Company', 'Last_Name', 'Email']);
    const put = (data: JsonValue): ReturnType<typeof call> =>
      call(`${emu.url}/crm/v8/Leads/6051205000000500001`, { method: 'PUT', token, body: { data: [data] } });
    const missing = await put({ Last_Name: 'NoMail', Phone: '+1 555 0101' });
    expect(obj(arr(obj(missing.body)['data'])[0])).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Email', json_path: '$.data[0].Email' } });
    expect((await put({ Last_Name: 'NoMail', Email: 'now@example.com' })).status).toBe(200);
    expect(emu.state.getRecord('Leads', '6051205000000500001')?.['Email']).toBe('now@example.com');
  });
});
