import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let leadIds: string[];
let accountId: string;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  client = createZohoClient({ config: env.config() });
  leadIds = env.emu.state.listRecords('Leads').slice(0, 3).map((r) => String(r.id));
  accountId = String(env.emu.state.listRecords('Accounts')[0]?.id);
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('records and metadata (against the emulator)', () => {
  it('reads field metadata as plain FieldMeta', async () => {
    const fields = await client.getFields('Leads');
    const byName = new Map(fields.map((f) => [f.apiName, f]));
    expect(byName.get('Last_Name')).toMatchObject({ dataType: 'text', systemMandatory: true, readOnly: false, length: 80 });
    expect(byName.get('Lead_Status')?.pickListValues).toContainEqual({ displayValue: 'Contacted', actualValue: 'Contacted' });
    expect(byName.get('Account_Lookup')).toMatchObject({ dataType: 'lookup', lookupModule: 'Accounts' });
    expect(byName.get('Full_Name')?.readOnly).toBe(true);
    // Cached: a second call sends nothing.
    env.emu.state.resetCounters();
    await client.getFields('Leads');
    expect(env.emu.state.counters().total).toBe(0);
  });

  it('reads layouts with their required fields', async () => {
    const layouts = await client.getLayouts('Leads');
    expect(layouts.length).toBeGreaterThan(0);
    const [layout] = layouts;
    expect(layout?.id).toMatch(/^\d+$/);
    expect(layout?.requiredFields).toEqual(expect.arrayContaining(['Last_Name', 'Company']));
  });

  it('updates with plain values that reach the server intact (picklist, lookup, date, number, null, boolean)', async () => {
    const id = leadIds[0] as string;
    const results = await client.updateRecords('Leads', [
      { id, Lead_Status: 'Contacted', Account_Lookup: { id: accountId }, Date_of_Birth: '1990-05-01', Annual_Revenue: 1234.5, No_of_Employees: 42, Email_Opt_Out: true, Designation: null, First_Name: 'Ada' },
    ], { trigger: [] });
    expect(results).toEqual([{ id, status: 'success', code: 'SUCCESS', message: expect.any(String), details: expect.objectContaining({ id }) }]);
    const raw = env.emu.state.getRecord('Leads', id) as Record<string, unknown>;
    expect(raw.Lead_Status).toBe('Contacted');
    expect((raw.Account_Lookup as { id: string }).id).toBe(accountId);
    expect(raw.Date_of_Birth).toBe('1990-05-01');
    expect(raw.Annual_Revenue).toBe(1234.5);
    expect(raw.No_of_Employees).toBe(42);
    expect(raw.Email_Opt_Out).toBe(true);
    expect(raw.Designation ?? null).toBeNull();
    expect(raw.First_Name).toBe('Ada');
  });

  it('reads records back as plain JSON in the order asked, ids as strings', async () => {
    const wanted = [leadIds[2], leadIds[0]] as string[];
    const records = await client.getRecords('Leads', wanted, ['Last_Name', 'Lead_Status', 'Account_Lookup', 'Date_of_Birth', 'Annual_Revenue', 'Owner', 'Created_Time']);
    expect(records.map((r) => r.id)).toEqual(wanted);
    const ada = records[1] as Record<string, unknown>;
    expect(ada.Lead_Status).toBe('Contacted');
    expect(ada.Date_of_Birth).toBe('1990-05-01');
    expect(ada.Annual_Revenue).toBe(1234.5);
    expect(ada.Account_Lookup).toMatchObject({ id: accountId, name: expect.any(String) });
    expect(typeof (ada.Owner as { id: unknown }).id).toBe('string');
    expect(typeof ada.Created_Time).toBe('string');
    expect(Number.isNaN(Date.parse(ada.Created_Time as string))).toBe(false);
    expect(JSON.parse(JSON.stringify(records))).toEqual(records);
  });

  it('returns per-record errors in input order without throwing', async () => {
    const missing = '6051205000999999999';
    const results = await client.updateRecords('Leads', [{ id: leadIds[1] as string, Company: 'Acme' }, { id: missing, Company: 'Nobody' }]);
    expect(results[0]).toMatchObject({ id: leadIds[1], status: 'success' });
    expect(results[1]).toMatchObject({ id: missing, status: 'error' });
    expect(results[1]?.code).not.toBe('SUCCESS');
  });

  it('refuses bad input before any request', async () => {
    env.emu.state.resetCounters();
    const attempts: Promise<unknown>[] = [
      client.getRecords('Leads', ['12ab'], ['Last_Name']),
      client.getRecords('Leads', leadIds, ['Last_Name&per_page=200']),
      client.getRecords('Leads/../x', leadIds, ['Last_Name']),
      client.getRecords('Leads', Array.from({ length: 101 }, (_, i) => String(i + 1)), ['Last_Name']),
      client.updateRecords('Leads', [{ id: leadIds[0] as string, Lead_Status: { id: '1' } }]),
      client.updateRecords('Leads', [{ id: leadIds[0] as string, Date_of_Birth: '01/05/1990' }]),
    ];
    for (const attempt of attempts) {
      const error = await attempt.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ZohoApiError);
      expect((error as ZohoApiError).code).toBe('INVALID_INPUT');
    }
    expect(hits(env, 'GET /crm/v8/Leads') + hits(env, 'PUT /crm/v8/Leads')).toBe(0);
  });

  it('reports the connection: data center, environment, org, user and scopes', async () => {
    const report = await client.checkConnection();
    expect(report).toMatchObject({ dataCenter: 'custom', environment: 'production', apiUrl: env.emu.url, scopes: { ok: true, missing: [] } });
    expect(report.org.id).toMatch(/^\d+$/);
    expect(report.org.name).not.toBe('');
    expect(report.user.email).toMatch(/@/);
    expect(report.scopes.confirmed).toHaveLength(4);
  });
});

describe('scopes (against the emulator)', () => {
  it('a token without users.READ and org.READ still initialises; checkConnection names the missing scopes', async () => {
    await client.close();
    const restricted = env.emu.state.issueRefreshToken({ scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'] });
    const limited = createZohoClient({ config: env.config({ refreshToken: restricted }) });
    try {
      const report = await limited.checkConnection();
      expect(report.scopes.ok).toBe(false);
      expect(report.scopes.missing).toEqual(['ZohoCRM.users.READ', 'ZohoCRM.org.READ']);
      expect(report.scopes.confirmed).toEqual(['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL']);
      expect(report.user.email).toBe('');
      // Records still work with the scopes it has.
      expect(await limited.getRecords('Leads', leadIds.slice(0, 1), ['Last_Name'])).toHaveLength(1);
    } finally {
      await limited.close();
    }
  });
});
