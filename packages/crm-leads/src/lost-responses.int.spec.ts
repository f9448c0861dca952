import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type FaultRule, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLeads } from './leads.js';
import { connectClient, type EmulatorClient } from './test-support/emulator-client.js';
import type { RecordOutcome, SafeUpdateItem, SafeUpdateStrategy } from './types.js';

// Record calls fail with 5xx answers and connection resets, half of them after the emulator has
// committed the write. Whatever a result says must agree with the emulator's state.
let emu: RunningEmulator;
let conn: EmulatorClient;

const ROUTE = '* /crm/v8/Leads';

/** Four kinds of fault, each hitting `share` of the record calls at random. */
const randomFaults = (share: number): FaultRule[] => [
  { kind: 'error-json', route: ROUTE, rate: share, phase: 'before' },
  { kind: 'error-json', route: ROUTE, rate: share, phase: 'after', status: 503 },
  { kind: 'reset', route: ROUTE, rate: share, phase: 'before' },
  { kind: 'reset', route: ROUTE, rate: share, phase: 'after' },
];

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 1000, seed: 7 });
  // Two attempts per call instead of four, so that some calls give up and every path is taken.
  conn = await connectClient(emu, { maxAttempts: 2, retryBaseDelayMs: 5 });
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

// Faults placed by call order (`after`, `times`) need the update calls in a known order: those
// tests run one batch at a time (concurrency 1); the randomly drawn faults run at full width.
async function runWithFaults(strategy: SafeUpdateStrategy, tag: string, faults: FaultRule[], concurrency?: number) {
  emu.state.reset();
  const before = new Map(emu.state.listRecords('Leads').map((r) => [r.id, r]));
  const items: SafeUpdateItem[] = [...before.keys()].map((id, i) => ({ id, changes: { Mobile: `+1 ${tag} ${String(i).padStart(6, '0')}` } }));
  emu.state.setFaults(faults);
  const summary = await updateLeads(conn.client, items, { strategy, ...(concurrency !== undefined ? { concurrency } : {}) });
  emu.state.setFaults([]);
  return { items, before, summary, faultsInjected: emu.state.counters().faults };
}

/** Checks every outcome against the emulator; returns how many are OUTCOME_UNKNOWN. */
function checkAgainstState(items: SafeUpdateItem[], before: Map<string, Record<string, unknown>>, records: RecordOutcome[]): number {
  expect(records.map((r) => r.index)).toEqual(items.map((_, i) => i));
  let unknown = 0;
  for (const r of records) {
    const item = items[r.index] as SafeUpdateItem;
    const now = emu.state.getRecord('Leads', item.id);
    const was = before.get(item.id);
    expect(r.id).toBe(item.id);
    if (r.state === 'updated') {
      expect(now?.['Mobile']).toBe(item.changes['Mobile']);
      expect(now?.['Modified_Time']).not.toBe(was?.['Modified_Time']);
      continue;
    }
    expect(r.state).toBe('failed');
    if (r.state !== 'failed') continue;
    if (r.outcomeUnknown) {
      expect(r.code).toBe('OUTCOME_UNKNOWN');
      unknown++;
    } else {
      // A definite failure leaves the record untouched.
      expect(now?.['Mobile']).toBe(was?.['Mobile']);
      expect(now?.['Modified_Time']).toBe(was?.['Modified_Time']);
    }
  }
  return unknown;
}

describe('1,000 leads with 10 % injected 5xx and resets', () => {
  it.each(['optimistic', 'prefetch'] as const)('%s: every record ends updated or failed, consistent with the emulator', async (strategy) => {
    // One answer lost after the write is certain; the rest is drawn at random.
    const faults: FaultRule[] = [{ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', after: 3, times: 1 }, ...randomFaults(0.025)];
    const { items, before, summary, faultsInjected } = await runWithFaults(strategy, strategy === 'optimistic' ? '601' : '602', faults);
    expect(faultsInjected).toBeGreaterThan(0);
    expect(summary.counts.updated + summary.counts.failed).toBe(1000);
    checkAgainstState(items, before, summary.records);
    expect(summary.counts.updated).toBeGreaterThan(500);
  });
});

describe('1,000 leads with 40 % injected faults', () => {
  it.each(['optimistic', 'prefetch'] as const)('%s: failures are reported, lost answers are unknown or verified, nothing is lost', async (strategy) => {
    // Both attempts of the third update call lose their answer: once after the write, once before.
    const faults: FaultRule[] = [
      { kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', after: 2, times: 1 },
      { kind: 'error-json', route: 'PUT /crm/v8/Leads', phase: 'before', after: 3, times: 1, status: 502 },
      ...randomFaults(0.1),
    ];
    const { items, before, summary, faultsInjected } = await runWithFaults(strategy, strategy === 'optimistic' ? '701' : '702', faults, 1);
    expect(faultsInjected).toBeGreaterThan(3);
    expect(summary.counts.updated + summary.counts.failed).toBe(1000);
    const unknown = checkAgainstState(items, before, summary.records);
    const verified = summary.records.filter((r) => r.state === 'updated' && r.verified).length;
    expect(unknown + verified).toBeGreaterThan(0);
  });
});

describe('lost answers, placed', () => {
  it('re-reads after a lost answer: applied → updated (verified), not applied → OUTCOME_UNKNOWN', async () => {
    emu.state.reset();
    const before = new Map(emu.state.listRecords('Leads').slice(0, 400).map((r) => [r.id, r]));
    const items: SafeUpdateItem[] = [...before.keys()].map((id, i) => ({ id, changes: { Mobile: `+1 801 ${String(i).padStart(6, '0')}` } }));
    // Update call 2 loses both answers after the write; update call 3 loses both before it.
    emu.state.setFaults([
      { kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', after: 1, times: 2 },
      { kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'before', after: 1, times: 2 },
    ]);
    const summary = await updateLeads(conn.client, items, { concurrency: 1 });
    emu.state.setFaults([]);

    const unknown = checkAgainstState(items, before, summary.records);
    const states = summary.records.map((r) => (r.state === 'updated' ? (r.verified ? 'verified' : 'updated') : r.state === 'failed' ? r.code : r.state));
    expect(states.slice(0, 100).every((s) => s === 'updated')).toBe(true);
    expect(states.slice(100, 200).every((s) => s === 'verified')).toBe(true);
    expect(states.slice(200, 300).every((s) => s === 'OUTCOME_UNKNOWN')).toBe(true);
    expect(states.slice(300).every((s) => s === 'updated')).toBe(true);
    expect(unknown).toBe(100);
    const sample = summary.records[250];
    expect(sample?.state === 'failed' && sample.message).toMatch(/may or may not have been applied/);
    expect(emu.state.getRecord('Leads', items[250]?.id ?? '')?.['Mobile']).toBe(before.get(items[250]?.id ?? '')?.['Mobile']);
  });
});
