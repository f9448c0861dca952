import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLeads } from './leads.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';
import type { SafeUpdateItem } from './types.js';

// API calls spent on 1,000 leads, counted by the emulator (normal layout mode).
let emu: RunningEmulator;
let conn: EmulatorClient;
let ids: string[];

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 1000 });
  conn = await connectClient(emu);
  ids = emu.state.listRecords('Leads').map((r) => r.id);
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

beforeEach(() => {
  emu.state.reset();
});

const items = (tag: string): SafeUpdateItem[] => ids.map((id, i) => ({ id, changes: { Mobile: `+1 ${tag} ${String(i).padStart(6, '0')}` } }));

function expectAllUpdated(list: SafeUpdateItem[]): void {
  for (const item of list) expect(emu.state.getRecord('Leads', item.id)?.['Mobile']).toBe(item.changes['Mobile']);
}

describe('1,000 leads (emulator + real SDK + crm-core)', () => {
  it('optimistic, nothing missing: exactly 10 update calls and no record reads', async () => {
    expect(ids).toHaveLength(1000);
    const list = items('555');
    const summary = await updateLeads(conn.client, list, { strategy: 'optimistic' });
    expect(summary.counts.updated).toBe(1000);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(10);
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(0);
    expect(summary.calls).toEqual({ reads: 0, updates: 10 });
    expectAllUpdated(list);
  });

  it('prefetch: at most 10 reads and 10 update calls, and each PUT holds only the change (normal mode)', async () => {
    const list = items('556');
    const progress: number[] = [];
    const summary = await updateLeads(conn.client, list, { strategy: 'prefetch', onProgress: (p) => progress.push(p.done) });
    expect(summary.counts.updated).toBe(1000);
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBeLessThanOrEqual(10);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(10);
    expect(progress.at(-1)).toBe(1000);
    expect(progress).toHaveLength(11);
    // The org enforces nothing on updates: Company, layout-required, is read ahead but never sent.
    expect(summary.records.filter((r) => r.reincluded.length > 0)).toEqual([]);
    expect(new Set(summary.records.map((r) => Object.keys(r.payload ?? {}).sort().join(',')))).toEqual(new Set(['Mobile,id']));
    expect(Object.values(emu.state.automationCounts('Leads')).filter((n) => n === 1)).toHaveLength(1000);
    expectAllUpdated(list);
  });

  it('strict layout: optimistic pays one refused call, then reads first (11 updates + 10 reads), batches in parallel', async () => {
    emu.state.setStrictLayout('Leads', true);
    // The org's layout rules changed: fresh metadata shows them (one cache for fields and layouts).
    conn.client.clearMetadataCache('Leads');
    // Held calls, so that batches running side by side are seen side by side by the emulator even
    // on a loaded machine.
    emu.state.setLatency(200);
    const list = items('557');
    const summary = await updateLeads(conn.client, list, { strategy: 'optimistic' });
    const counters = emu.state.counters();
    // The client's budget (crm-core's default 10) is used, and the org's cap (20) respected.
    expect(counters.peakConcurrentCalls).toBeGreaterThan(1);
    expect(counters.peakConcurrentCalls).toBeLessThanOrEqual(10);
    expect(counters.statuses['429']).toBeUndefined();
    // Seed leads without a Company or Lead_Status cannot be updated until the caller supplies one.
    const failed = summary.records.filter((r) => r.state === 'failed');
    expect(failed.every((r) => r.state === 'failed' && r.code === 'REQUIRED_FIELD_EMPTY')).toBe(true);
    expect(summary.counts.updated + failed.length).toBe(1000);
    expect(summary.counts.updated).toBeGreaterThan(850);
    // The run's own count and its warnings before the emulator's count, so that a surplus says
    // where it came from: reads and resends after lost answers show as warnings, requests that
    // crm-core retried only in the emulator's count. Empty layout fields are expected warnings.
    const warnings = [...new Set(summary.records.flatMap((r) => r.warnings))].filter((w) => !/\(required by layout\) is empty on the record/.test(w));
    expect({ calls: summary.calls, warnings }).toEqual({ calls: { reads: 10, updates: 11 }, warnings: [] });
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(11);
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(10);
    for (const r of summary.records) {
      const stored = emu.state.getRecord('Leads', r.id)?.['Mobile'];
      if (r.state === 'updated') expect(stored).toBe(list[r.index]?.changes['Mobile']);
      else expect(stored).not.toBe(list[r.index]?.changes['Mobile']);
    }
  });

  it('concurrency: 1 keeps one call in flight at a time', async () => {
    emu.state.setLatency(20);
    const summary = await updateLeads(conn.client, items('558').slice(0, 300), { strategy: 'prefetch', concurrency: 1 });
    expect(summary.counts.updated).toBe(300);
    expect(emu.state.counters().peakConcurrentCalls).toBe(1);
  });

  it('a mixed batch: HTTP 207 and the right state per record', async () => {
    const [a, b, c, d, e] = ids;
    if (!a || !b || !c || !d || !e) throw new Error('seed too small');
    const bBefore = emu.state.getRecord('Leads', b);
    emu.state.clearRequestLog();
    const summary = await updateLeads(conn.client, [
      { id: a, changes: { Mobile: '+1 555 0001' } },
      { id: b, changes: { Account_Lookup: '1234567890123456789' } }, // no such account: Zoho says INVALID_DATA
      { id: '9999999999999999999', changes: { Mobile: '+1 555 0003' } }, // no such lead
      { id: c, changes: { Mobile: '1'.repeat(31) } }, // rejected before sending
      { id: d, changes: { Lead_Status: 'Contacted' } },
      { id: a, changes: { Mobile: '+1 555 0001' } }, // identical duplicate: merged
      { id: e, changes: { Mobile: '+1 555 0005', Company: 'Fresh Co' } },
    ]);
    expect(summary.records.map((r) => [r.state, 'code' in r ? r.code : undefined])).toEqual([
      ['updated', undefined],
      ['failed', 'INVALID_DATA'],
      ['failed', 'INVALID_DATA'],
      ['rejected', 'INVALID_VALUE'],
      ['updated', undefined],
      ['updated', undefined],
      ['updated', undefined],
    ]);
    expect(summary.records[1]).toMatchObject({ field: 'Account_Lookup', outcomeUnknown: false });
    expect(summary.records[5]).toMatchObject({ duplicateOf: 0 });
    const puts = emu.state.requestLog().filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.status)).toEqual([207]);
    expect(emu.state.getRecord('Leads', b)).toEqual(bBefore);
    expect(emu.state.getRecord('Leads', d)?.['Lead_Status']).toBe('Contacted');
    expect(emu.state.getRecord('Leads', e)).toMatchObject({ Mobile: '+1 555 0005', Company: 'Fresh Co' });
  });
});
