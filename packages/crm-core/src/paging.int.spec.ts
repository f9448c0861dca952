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
  it.each(TRICKY)('matches %j literally and injects nothing', async (company) => {
    env.emu.state.clearRequestLog();
    const found: string[] = [];
    for await (const record of client.searchRecords('Leads', where('Company', 'equals', company), { fields: ['Company'] })) found.push(String(record['Company']));
    expect(found).toEqual([company]);
    const [entry] = env.emu.state.requestLog().filter((e) => e.route === searchRoute);
    expect(entry?.status).toBe(200);
    // One criteria parameter, fields, per_page, page — nothing smuggled in.
    const params = new URLSearchParams((entry?.path ?? '').split('?')[1] ?? '');
    expect([...new Set(params.keys())].sort()).toEqual(['criteria', 'fields', 'page', 'per_page']);
  });

  it('starts_with and or-groups with escaped values', async () => {
    const found: string[] = [];
    const criteria = where('Company', 'starts_with', 'Acme (East), Inc').or(where('Company', 'equals', 'Smith & Sons'));
    for await (const record of client.searchRecords('Leads', criteria, { fields: ['Company'] })) found.push(String(record['Company']));
    expect(found.sort()).toEqual(['Acme (East), Inc', 'Acme (East), Inc and more', 'Smith & Sons']);
  });

  it('throws DISCRETE_PAGINATION_LIMIT_EXCEEDED after 2,000 records rather than ending early', async () => {
    let n = 0;
    const run = async () => {
      for await (const _record of client.searchRecords('Leads', where('Lead_Status', 'equals', 'Not Contacted'), { fields: ['Lead_Status'] })) n++;
    };
    await expect(run()).rejects.toMatchObject({ code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED' });
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
});
