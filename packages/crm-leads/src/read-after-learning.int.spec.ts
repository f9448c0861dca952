import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLeads } from './leads.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';
import type { SafeUpdateItem } from './types.js';

// The optimistic strategy in strict layout mode: the first batch's refused update teaches the
// strict fields, and only then do the other batches read. The first update's answer is held, so
// that a read-ahead started before the learning would have the time to go out: it would then lack
// the learned fields and each batch would read a second time.
let emu: RunningEmulator;
let conn: EmulatorClient;
let ids: string[];

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 500 });
  conn = await connectClient(emu);
  ids = emu.state.listRecords('Leads').map((r) => r.id);
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

beforeEach(() => {
  emu.state.reset();
  emu.state.setStrictLayout('Leads', true);
  conn.client.clearMetadataCache('Leads');
  // Only the first update is held; every other call is answered at once.
  emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', times: 1, durationMs: 1500 }]);
});

const items = (tag: string): SafeUpdateItem[] => ids.map((id, i) => ({ id, changes: { Mobile: `+1 ${tag} ${String(i).padStart(6, '0')}` } }));

describe('optimistic, strict layout, the first update answered late', () => {
  for (const [label, readAhead] of [
    ['default readAhead (the strict fields)', undefined],
    ['no readAhead: a read before the learning would miss Last_Name and Lead_Status', [] as string[]],
  ] as const) {
    it(`${label}: one refused update, then one read and one update per batch`, async () => {
      const summary = await updateLeads(conn.client, items('559'), { strategy: 'optimistic', ...(readAhead ? { readAhead } : {}) });
      expect(summary.counts.updated + summary.counts.failed).toBe(500);
      expect(summary.learnedFields.sort()).toEqual(['Company', 'Last_Name', 'Lead_Status']);
      // Our own count first: a difference with the emulator's would be requests below us (retries).
      expect(summary.calls).toEqual({ reads: 5, updates: 6 });
      expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(6);
      expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(5);
      // No record read reached the emulator before the first update, the one that taught the fields.
      expect(emu.state.counters().faults).toBe(1);
      const log = emu.state.requestLog();
      const firstPut = log.find((r) => r.route === 'PUT /crm/v8/Leads');
      expect(firstPut).toBeDefined();
      const readsBefore = log.filter((r) => r.route === 'GET /crm/v8/Leads' && firstPut !== undefined && r.seq < firstPut.seq);
      expect(readsBefore).toEqual([]);
    });
  }
});
