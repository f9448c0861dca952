import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { where } from './criteria.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

const LEADS = 5000;
// Values that would break a query built by concatenation or sent through encodeURI alone.
const TRICKY = ['Acme (East), Inc', 'Key:Value Ltd', 'Smith & Sons', 'Hash #1 Corp', 'Plus+Equals=Co', 'Back\\slash Ltd', 'Pct%26 Ltd'];

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;

const listRoute = 'GET /crm/v8/Leads';
const searchRoute = 'GET /crm/v8/Leads/search';
const routeHits = (route: string): number => env.emu.state.counters().routes[route] ?? 0;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 0 }));
  // Admin seeding: one call, no PUTs.
  env.emu.state.seedRecords(
    'Leads',
    Array.from({ length: LEADS }, (_, i) => ({
      Last_Name: `Lead ${i}`,
      Company: i < TRICKY.length ? TRICKY[i] : i < 2 * TRICKY.length ? `${TRICKY[i - TRICKY.length]} and more` : `Co ${i % 40}`,
      Lead_Status: i % 2 === 0 ? 'Not Contacted' : 'Contacted',
    })),
    { replace: true },
  );
  client = createZohoClient({ config: env.config({ logLevel: 'warn' }) });
  await client.init();
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('listRecords', () => {
  it('returns 5,000 records each exactly once across the 2,000 boundary, fetching one page at a time', async () => {
    env.emu.state.resetCounters();
    const seen = new Set<string>();
    let count = 0;
    let maxAhead = 0;
    for await (const record of client.listRecords('Leads', { fields: ['Last_Name', 'Company'] })) {
      count++;
      seen.add(record.id);
      // Records fetched but not yet consumed never exceed one page (O(page) memory).
      maxAhead = Math.max(maxAhead, routeHits(listRoute) * 200 - count);
    }
    expect(count).toBe(LEADS);
    expect(seen.size).toBe(LEADS);
    expect(new Set(env.emu.state.listRecords('Leads').map((r) => r.id))).toEqual(seen);
    expect(maxAhead).toBeLessThan(200);
    expect(routeHits(listRoute)).toBe(LEADS / 200);
    const log = env.emu.state.requestLog().filter((e) => e.route === listRoute);
    expect(log.filter((e) => /[?&]page=\d/.test(e.path))).toHaveLength(10);
    expect(log.filter((e) => /[?&]page_token=/.test(e.path))).toHaveLength(15);
    expect(log.every((e) => e.status === 200)).toBe(true);
  });

  it('makes no further call after a break at record 250', async () => {
    env.emu.state.resetCounters();
    let n = 0;
    for await (const record of client.listRecords('Leads', { fields: ['Last_Name'], perPage: 100 })) {
      expect(record.id).toMatch(/^\d+$/);
      if (++n === 250) break;
    }
    const before = routeHits(listRoute);
    expect(before).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(routeHits(listRoute)).toBe(before);
  });

  it('stops on abort with the signal reason and sends nothing more', async () => {
    env.emu.state.resetCounters();
    const controller = new AbortController();
    const reason = new Error('enough');
    const read: string[] = [];
    await expect(
      (async () => {
        for await (const record of client.listRecords('Leads', { fields: ['Last_Name'], perPage: 50, signal: controller.signal })) {
          read.push(record.id);
          if (read.length === 60) controller.abort(reason);
        }
      })(),
    ).rejects.toBe(reason);
    expect(read).toHaveLength(60);
    expect(routeHits(listRoute)).toBe(2);
  });

  it('sends modifiedSince as If-Modified-Since and gets only what changed', async () => {
    const ids = env.emu.state.listRecords('Leads').slice(100, 103).map((r) => r.id);
    const since = new Date(Date.now() - 1000);
    // Seeded records carry the seeding time; move them into the past first.
    env.emu.state.seedRecords('Leads', env.emu.state.listRecords('Leads').map((r) => ({ ...r, Modified_Time: '2025-01-01T00:00:00+05:30' })), { replace: true });
    const results = await client.updateRecords('Leads', ids.map((id) => ({ id, Rating: 'Active' })), { trigger: [] });
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    const changed: string[] = [];
    for await (const record of client.listRecords('Leads', { fields: ['Rating'], modifiedSince: since, sortBy: 'Modified_Time', sortOrder: 'asc' })) changed.push(record.id);
    expect(changed.sort()).toEqual([...ids].sort());
    const none: string[] = [];
    for await (const record of client.listRecords('Leads', { fields: ['Rating'], modifiedSince: '2099-01-01T00:00:00Z' })) none.push(record.id);
    expect(none).toEqual([]);
  });

  it('refuses bad input at the call, before any request', () => {
    env.emu.state.resetCounters();
    expect(() => client.listRecords('Leads', { fields: ['Last_Name&page=11'] })).toThrow(ZohoApiError);
    expect(() => client.listRecords('Leads', { fields: [] })).toThrow(/fields must be a non-empty array/);
    expect(() => client.listRecords('Leads', { fields: ['Last_Name'], perPage: 201 })).toThrow(/perPage/);
    expect(() => client.listRecords('Le ads', { fields: ['Last_Name'] })).toThrow(/module API name/);
    expect(() => client.listRecords('Leads', { fields: ['Last_Name'], modifiedSince: 'yesterday' })).toThrow(/modifiedSince/);
    expect(env.emu.state.counters().total).toBe(0);
  });
});

describe('searchRecords', () => {
  const searchParams = (): string[][] =>
    env.emu.state
      .requestLog()
      .filter((e) => e.route === searchRoute)
      .map((e) => [...new Set(new URLSearchParams(e.path.split('?')[1] ?? '').keys())].sort());

  it.each(TRICKY)('finds %j (only it with exact: true) and injects nothing', async (company) => {
    env.emu.state.clearRequestLog();
    const loose: string[] = [];
    for await (const record of client.searchRecords('Leads', where('Company', 'equals', company), { fields: ['Company'] })) loose.push(String(record['Company']));
    // Zoho's equals on text behaves like "contains": the company itself, maybe more.
    expect(loose).toContain(company);
    expect(loose.every((c) => c.toLowerCase().includes(company.toLowerCase()))).toBe(true);
    const exact: string[] = [];
    for await (const record of client.searchRecords('Leads', where('Company', 'equals', company), { fields: ['Company'], exact: true })) exact.push(String(record['Company']));
    expect(exact).toEqual([company]);
    expect(env.emu.state.requestLog().filter((e) => e.route === searchRoute).every((e) => e.status === 200)).toBe(true);
    // One criteria parameter, fields, per_page, page — nothing smuggled in.
    expect(searchParams()).toEqual([
      ['criteria', 'fields', 'page', 'per_page'],
      ['criteria', 'fields', 'page', 'per_page'],
    ]);
  });

  it('starts_with and or-groups with escaped values', async () => {
    const criteria = where('Company', 'starts_with', 'Acme (East), Inc').or(where('Company', 'equals', 'Smith & Sons'));
    const loose: string[] = [];
    for await (const record of client.searchRecords('Leads', criteria, { fields: ['Company'] })) loose.push(String(record['Company']));
    expect(loose).toEqual(expect.arrayContaining(['Acme (East), Inc', 'Acme (East), Inc and more', 'Smith & Sons']));
    const exact: string[] = [];
    for await (const record of client.searchRecords('Leads', criteria, { fields: ['Company'], exact: true })) exact.push(String(record['Company']));
    expect(exact.sort()).toEqual(['Acme (East), Inc', 'Acme (East), Inc and more', 'Smith & Sons']);
  });

  it('exact: true reads the criteria fields, yields only the fields asked for, and sends as many searches', async () => {
    const criteria = where('Company', 'equals', 'Smith & Sons');
    env.emu.state.clearRequestLog();
    env.emu.state.resetCounters();
    const exact: unknown[] = [];
    for await (const record of client.searchRecords('Leads', criteria, { fields: ['Last_Name'], exact: true })) exact.push(record);
    const exactSearches = routeHits(searchRoute);
    const [entry] = env.emu.state.requestLog().filter((e) => e.route === searchRoute);
    expect(new URLSearchParams((entry?.path ?? '').split('?')[1] ?? '').get('fields')).toBe('Last_Name,Company');
    expect(exact).toEqual([{ id: expect.any(String), Last_Name: 'Lead 2' }]);
    env.emu.state.resetCounters();
    for await (const _record of client.searchRecords('Leads', criteria, { fields: ['Last_Name'] }));
    expect(routeHits(searchRoute)).toBe(exactSearches);
  });

  it('exact: true filters after the 2,000-record ceiling, not before', async () => {
    // Every "Co N" (and "… Corp") contains "Co": Zoho returns 2,000 of them, none equal to "Co".
    env.emu.state.resetCounters();
    let n = 0;
    const run = async () => {
      for await (const _record of client.searchRecords('Leads', where('Company', 'equals', 'Co'), { fields: ['Company'], exact: true })) n++;
    };
    await expect(run()).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
    expect(n).toBe(0);
    expect(routeHits(searchRoute)).toBe(2000 / 200);
  });

  it('refuses is_empty, is_not_empty and not_in at the call, before any request', () => {
    env.emu.state.resetCounters();
    expect(() => client.searchRecords('Leads', where('Company', 'is_empty'), { fields: ['Company'] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/Company:is_empty.*listRecords\(\)/) }));
    expect(() => client.searchRecords('Leads', where('Email', 'is_not_empty'), { fields: ['Email'], exact: true })).toThrow(/Email:is_not_empty/);
    expect(() => client.searchRecords('Leads', where('Lead_Status', 'not_in', ['New']), { fields: ['Email'] })).toThrow(/Lead_Status:not_in/);
    expect(env.emu.state.counters().total).toBe(0);
  });

  it('throws LIMIT_REACHED after 2,000 records rather than ending early', async () => {
    let n = 0;
    const run = async () => {
      for await (const _record of client.searchRecords('Leads', where('Lead_Status', 'equals', 'Not Contacted'), { fields: ['Lead_Status'] })) n++;
    };
    await expect(run()).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
    expect(n).toBe(2000);
  });

  it('searches by email, phone and word', async () => {
    const [lead] = env.emu.state.listRecords('Leads');
    env.emu.state.seedRecords('Leads', [{ ...lead!, Email: 'a+b&c@example.com', Phone: '+1 (555) 010-9999' }]);
    const byEmail: string[] = [];
    for await (const r of client.searchRecords('Leads', { email: 'a+b&c@example.com' }, { fields: ['Email'] })) byEmail.push(r.id);
    expect(byEmail).toEqual([lead!.id]);
    const byPhone: string[] = [];
    for await (const r of client.searchRecords('Leads', { phone: '+1 (555) 010-9999' }, { fields: ['Phone'] })) byPhone.push(r.id);
    expect(byPhone).toEqual([lead!.id]);
    const byWord: string[] = [];
    for await (const r of client.searchRecords('Leads', { word: 'Hash #1' }, { fields: ['Company'] })) byWord.push(String(r['Company']));
    expect(byWord.sort()).toEqual(['Hash #1 Corp', 'Hash #1 Corp and more']);
  });

  it('exact: true compares by the module field types (Company is text: 007 is not 7)', async () => {
    const lead = env.emu.state.listRecords('Leads').find((r) => r['Company'] === 'Co 7');
    env.emu.state.seedRecords('Leads', [{ ...lead!, Company: '007' }]);
    const loose: string[] = [];
    for await (const r of client.searchRecords('Leads', where('Company', 'equals', '7'), { fields: ['Company'] })) loose.push(String(r['Company']));
    expect(loose).toContain('007');
    // Without the types, 007 and 7 would both read as numbers, and equal.
    expect(where('Company', 'equals', '7').matches({ id: lead!.id, Company: '007' })).toBe(true);
    const exact: string[] = [];
    for await (const r of client.searchRecords('Leads', where('Company', 'equals', '7'), { fields: ['Company'], exact: true })) exact.push(String(r['Company']));
    expect(exact).toEqual([]);
  });
});
