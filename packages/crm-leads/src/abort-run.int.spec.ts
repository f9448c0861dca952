import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { RequestEvent } from '@zcrmkit/crm-core';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLeads } from './leads.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';
import type { FailedOutcome, RecordOutcome, SafeUpdateItem, SafeUpdateSummary } from './types.js';

// 1,000 leads in 10 batches of 100, aborted mid-run; every outcome is then checked against the
// emulator's state. Aborts are driven by progress callbacks and request hooks, never by a timer.
let emu: RunningEmulator;
let conn: EmulatorClient;
let ids: string[];
let onRequest: ((e: RequestEvent) => void) | undefined;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 1000 });
  conn = await connectClient(emu, { hooks: { onRequest: (e) => onRequest?.(e) } });
  ids = emu.state.listRecords('Leads').map((r) => r.id);
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

/** Every request that reached the emulator has been answered (its log catches up with its arrivals). */
async function untilQuiet(): Promise<void> {
  while (emu.state.requestLog().length < emu.state.counters().total) await delay(5);
}

beforeEach(async () => {
  onRequest = undefined;
  await untilQuiet();
  emu.state.reset();
});

const items = (tag: string): SafeUpdateItem[] => ids.map((id, i) => ({ id, changes: { Mobile: `+1 ${tag} ${String(i).padStart(6, '0')}` } }));

function landed(list: SafeUpdateItem[], r: RecordOutcome): boolean {
  return emu.state.getRecord('Leads', r.id)?.['Mobile'] === list[r.index]?.changes['Mobile'];
}

/** What every aborted run must show, whatever the timing: each outcome tells the truth about Zoho's state. */
function expectTruthful(summary: SafeUpdateSummary, list: SafeUpdateItem[]): { updated: RecordOutcome[]; notSent: FailedOutcome[]; unknown: FailedOutcome[] } {
  expect(summary.records).toHaveLength(1000);
  expect(summary.records.map((r) => r.index)).toEqual(list.map((_, i) => i));
  const counts = summary.counts;
  expect(counts.updated + counts.failed + counts.unchanged + counts.rejected + counts.planned).toBe(1000);
  const written = new Set(emu.state.automationRuns('Leads').map((run) => run.id));
  const updated = summary.records.filter((r) => r.state === 'updated');
  const failed = summary.records.filter((r): r is FailedOutcome => r.state === 'failed');
  expect(updated.length + failed.length).toBe(1000);
  const notSent = failed.filter((r) => r.code === 'ABORTED');
  const unknown = failed.filter((r) => r.outcomeUnknown);
  // Nothing else: an abort yields updated, not sent, or unknown.
  expect(notSent.length + unknown.length).toBe(failed.length);
  for (const r of updated) expect([r.id, landed(list, r)]).toEqual([r.id, true]);
  for (const r of notSent) {
    expect([r.id, r.outcomeUnknown, landed(list, r), written.has(r.id)]).toEqual([r.id, false, false, false]);
    expect(r.message).toMatch(/a re-run can send it/);
  }
  for (const r of unknown) expect(r.code).toBe('OUTCOME_UNKNOWN');
  // Each batch an updated or unknown record belongs to sent its PUT to the emulator.
  const sentBatches = new Set([...updated, ...unknown].map((r) => Math.floor(r.index / 100)));
  expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBeGreaterThanOrEqual(sentBatches.size);
  expect(summary.calls.updates).toBeGreaterThanOrEqual(sentBatches.size);
  return { updated, notSent, unknown };
}

describe('aborting a 1,000-record run (emulator + real SDK + crm-core)', () => {
  it('abort once the first batch is answered: no new batch starts, every record settles truthfully', async () => {
    emu.state.setLatency(100);
    const list = items('901');
    const controller = new AbortController();
    const summary = await updateLeads(conn.client, list, {
      concurrency: 3,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 100) controller.abort();
      },
    });
    await untilQuiet();
    const { updated, notSent } = expectTruthful(summary, list);
    expect(updated.length).toBeGreaterThanOrEqual(100);
    // At most the 2 batches beside the first were started; the other 7 never were.
    expect(notSent.length).toBeGreaterThanOrEqual(700);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBeLessThanOrEqual(3);
    expect(summary.records.filter((r) => r.index < 100 && r.state === 'updated')).toHaveLength(100);
  });

  it('abort while a PUT is in flight: its records are outcome unknown, the emulator shows whether they landed', async () => {
    emu.state.setLatency(300);
    const list = items('902');
    const controller = new AbortController();
    let puts = 0;
    onRequest = (e) => {
      if (e.method !== 'PUT' || ++puts !== 2) return;
      // Abort once the second batch's PUT has reached the emulator (which holds it 300 ms).
      void (async () => {
        while (routeCount(emu, 'PUT /crm/v8/Leads') < 2) await delay(2);
        controller.abort();
      })();
    };
    const summary = await updateLeads(conn.client, list, { concurrency: 1, signal: controller.signal });
    await untilQuiet();
    const { updated, notSent, unknown } = expectTruthful(summary, list);
    expect(updated.map((r) => r.index)).toEqual(list.slice(0, 100).map((_, i) => i));
    expect(unknown.map((r) => r.index)).toEqual(list.slice(100, 200).map((_, i) => 100 + i));
    expect(notSent).toHaveLength(800);
    expect(unknown.every((r) => /aborted/.test(r.message) && r.attempts === 1)).toBe(true);
    // Whether the cut-off PUT landed is the emulator's to say: all of its records or none.
    const landedCount = unknown.filter((r) => landed(list, r)).length;
    expect([0, 100]).toContain(landedCount);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(2);
    // Nothing was read back or resent after the abort.
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(0);
  });

  it('aborted before it starts: every record not sent, nothing reaches the emulator', async () => {
    const list = items('903');
    const summary = await updateLeads(conn.client, list, { signal: AbortSignal.abort() });
    expect(summary.counts.failed).toBe(1000);
    expect(summary.records.every((r) => r.state === 'failed' && r.code === 'ABORTED' && !r.outcomeUnknown)).toBe(true);
    expect(emu.state.counters().total).toBe(0);
  });
});
