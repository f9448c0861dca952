import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import { startEmulator, type FaultRule, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLeads } from './leads.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';
import type { SafeUpdateItem, UpdatedOutcome } from './types.js';

// Each write applied at most once, and a report that agrees with the emulator row by row. The
// emulator records the automation each applied update set off: a record written twice shows twice.
let emu: RunningEmulator;
let conn: EmulatorClient;

// The SDK gives up on a request after 5 s; stalls last longer, so each is a timeout.
const REQUEST_TIMEOUT_MS = 5_000;
// Generous per-test limits: these runs take seconds on a quiet machine and must not time out on a
// loaded one (they assert on outcomes, never on time).
const LONG = 300_000;
const SHORT = 120_000;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 1000, seed: 12 });
  conn = await connectClient(emu, { requestTimeoutMs: REQUEST_TIMEOUT_MS, retryBaseDelayMs: 5 });
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

const mobiles = (ids: string[], tag: string): SafeUpdateItem[] => ids.map((id, i) => ({ id, changes: { Mobile: `+1 ${tag} ${String(i).padStart(6, '0')}` } }));

describe('1,000 records under 20 % injected faults', () => {
  it('state and results agree row by row; automation ran once per updated record, never for a failed one', async () => {
    emu.state.reset();
    const before = new Map(emu.state.listRecords('Leads').map((r) => [r.id, r]));
    const items = mobiles([...before.keys()], '912');
    const route = '* /crm/v8/Leads';
    const faults: FaultRule[] = [
      { kind: 'error-json', route, phase: 'after', status: 503, rate: 0.06 },
      { kind: 'reset', route, phase: 'after', rate: 0.06 },
      { kind: 'too-many-requests', route, rate: 0.05, retryAfterSeconds: 0 },
      // At most two, each costing a request timeout.
      { kind: 'stall', route, rate: 0.03, times: 2, durationMs: REQUEST_TIMEOUT_MS + 1_000 },
    ];
    emu.state.setFaults(faults);
    const summary = await updateLeads(conn.client, items, { strategy: 'prefetch' });
    const injected = emu.state.counters().faults;
    emu.state.setFaults([]);
    expect(injected).toBeGreaterThan(0);

    const workflow = emu.state.automationCounts('Leads');
    expect(summary.records.map((r) => r.index)).toEqual(items.map((_, i) => i));
    const tally = { updated: 0, verified: 0, failed: 0, unknown: 0 };
    for (const r of summary.records) {
      const item = items[r.index] as SafeUpdateItem;
      const now = emu.state.getRecord('Leads', item.id);
      const was = before.get(item.id);
      const runs = workflow[item.id] ?? 0;
      expect(runs).toBeLessThanOrEqual(1);
      if (r.state === 'updated') {
        tally.updated++;
        if (r.verified) tally.verified++;
        expect(now?.['Mobile']).toBe(item.changes['Mobile']);
        expect(runs).toBe(1);
      } else if (r.state === 'failed' && r.outcomeUnknown) {
        tally.unknown++;
        expect(r.code).toBe('OUTCOME_UNKNOWN');
        expect(runs === 1 ? now?.['Mobile'] === item.changes['Mobile'] : now?.['Modified_Time'] === was?.['Modified_Time']).toBe(true);
      } else {
        // Failed and unchanged: really unchanged, and no automation ran.
        tally.failed++;
        expect(r.state).toBe('failed');
        expect(now?.['Mobile']).toBe(was?.['Mobile']);
        expect(now?.['Modified_Time']).toBe(was?.['Modified_Time']);
        expect(runs).toBe(0);
      }
    }
    expect(tally.updated + tally.failed + tally.unknown).toBe(1000);
    expect(tally.updated).toBeGreaterThan(500);
  }, LONG);
});

describe("the issue's reproduction: answer lost after the write, then 429 on every PUT", () => {
  it('ends 100 updated (verified), automation ran 100 times', async () => {
    emu.state.reset();
    const ids = emu.state.listRecords('Leads').slice(0, 100).map((r) => r.id);
    emu.state.setFaults([
      { kind: 'error-json', route: 'PUT /crm/v8/Leads', phase: 'after', times: 1 },
      { kind: 'too-many-requests', route: 'PUT /crm/v8/Leads', retryAfterSeconds: 0 },
    ]);
    const summary = await updateLeads(conn.client, mobiles(ids, '913'), { strategy: 'prefetch' });
    emu.state.setFaults([]);
    expect(summary.records.filter((r) => r.state === 'updated' && r.verified)).toHaveLength(100);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(1);
    const workflow = emu.state.automationCounts('Leads');
    expect(ids.map((id) => workflow[id])).toEqual(ids.map(() => 1));
  }, SHORT);
});

describe('trigger', () => {
  it("['Workflow'] is refused before anything is sent", async () => {
    emu.state.reset();
    const ids = emu.state.listRecords('Leads').slice(0, 3).map((r) => r.id);
    await expect(updateLeads(conn.client, mobiles(ids, '914'), { trigger: ['Workflow'] })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(emu.state.counters().total).toBe(0);
  }, SHORT);
});

/**
 * Another client: changes Lead_Status of one record over real HTTP, with no automation. It sends
 * the record's Last_Name and Company too, so that it passes strict mode itself.
 */
async function otherClientSets(id: string, status: string): Promise<void> {
  const token = emu.state.issueAccessToken();
  const record = emu.state.getRecord('Leads', id);
  const body = Buffer.from(JSON.stringify({ data: [{ Lead_Status: status, Last_Name: record?.['Last_Name'] || undefined, Company: record?.['Company'] || undefined }], trigger: [] }));
  // A fresh connection (agent: false): a reused keep-alive socket that the server closes as idle at
  // the same moment would reset this request on a loaded machine.
  const status_ = await new Promise<number>((resolve, reject) => {
    const req = httpRequest(`${emu.url}/crm/v8/Leads/${id}`, { method: 'PUT', agent: false, headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json', 'content-length': body.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
  expect(status_).toBe(200);
}

/** Bulk PUTs answered so far (the request log records a request once it is answered). */
const putsAnswered = () => emu.state.requestLog().filter((e) => e.route === 'PUT /crm/v8/Leads').length;

/** Resolves once `route` has been hit `count` times (the request has arrived; a delay fault holds it). */
async function arrived(route: string, count: number, boundMs = 60_000): Promise<void> {
  // Bounded, so that a failed run cannot leave the loop spinning (and jest waiting) forever.
  const end = Date.now() + boundMs;
  while (routeCount(emu, route) < count) {
    if (Date.now() > end) throw new Error(`${route} not hit ${count} times within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('a concurrent writer changes Lead_Status while a bulk update of Mobile runs', () => {
  it('normal mode: every Lead_Status change survives (the PUT body holds only Mobile)', async () => {
    emu.state.reset();
    const ids = emu.state.listRecords('Leads').slice(0, 200).map((r) => r.id);
    // Each bulk PUT is held 3 s after its batch was read — far longer (≥ 10×) than the other
    // client's few quiet-machine calls — and the other client changes records of that very batch
    // meanwhile: inside the read-to-write window.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 3_000 }]);
    const run = updateLeads(conn.client, mobiles(ids, '915'), { strategy: 'prefetch' });
    const changed = new Map<string, string>();
    for (const batch of [0, 1]) {
      await arrived('PUT /crm/v8/Leads', batch + 1);
      const targets = ids.slice(batch * 100, batch * 100 + 5);
      await Promise.all(targets.map((id) => otherClientSets(id, 'Contacted')));
      for (const id of targets) changed.set(id, 'Contacted');
      // The change landed while the batch's PUT was still held.
      expect(putsAnswered()).toBe(batch);
    }
    const summary = await run;
    emu.state.setFaults([]);
    expect(summary.counts.updated).toBe(200);
    for (const [id, status] of changed) expect(emu.state.getRecord('Leads', id)?.['Lead_Status']).toBe(status);
    expect(summary.records.every((r) => r.reincluded.length === 0)).toBe(true);
  }, SHORT);

  it('strict mode: a change between the batch read and its write is overwritten and reported; before the read or after the write it survives', async () => {
    emu.state.reset();
    emu.state.setStrictLayout('Leads', true);
    conn.client.clearMetadataCache('Leads');
    try {
      const ids = emu.state
        .listRecords('Leads')
        .filter((r) => r['Company'] && r['Lead_Status'] && r['Lead_Status'] !== 'Junk Lead' && r['Lead_Status'] !== 'Contacted')
        .slice(0, 3)
        .map((r) => r.id);
      const [early, inside, late] = ids as [string, string, string];
      const statusBefore = emu.state.getRecord('Leads', inside)?.['Lead_Status'];
      await otherClientSets(early, 'Junk Lead');
      emu.state.resetCounters();
      // The window: the batch's GET, a PUT refused (it names a field of the enforced layout), then
      // the PUT that re-sends Lead_Status with the value that GET read. That PUT is held 3 s — far
      // longer (≥ 10×) than the other client's one quiet-machine call — so the change lands inside.
      emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 3_000, after: 1 }]);
      const run = updateLeads(conn.client, mobiles(ids, '916'), { strategy: 'prefetch' });
      await arrived('PUT /crm/v8/Leads', 2);
      expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(1);
      await otherClientSets(inside, 'Contacted');
      expect(putsAnswered()).toBe(1);
      const summary = await run;
      emu.state.setFaults([]);
      await otherClientSets(late, 'Contacted');

      expect(summary.counts.updated).toBe(3);
      const [a, b] = summary.records as [UpdatedOutcome, UpdatedOutcome];
      // Before the read: survives, and is what was re-sent.
      expect(emu.state.getRecord('Leads', early)?.['Lead_Status']).toBe('Junk Lead');
      expect(a.reincluded.find((f) => f.field === 'Lead_Status')?.value).toBe('Junk Lead');
      // Inside the window: overwritten with the value read — and the outcome says which value it sent.
      expect(emu.state.getRecord('Leads', inside)?.['Lead_Status']).toBe(statusBefore);
      expect(b.reincluded.find((f) => f.field === 'Lead_Status')).toMatchObject({ value: statusBefore, source: 'layout' });
      // After the write: survives.
      expect(emu.state.getRecord('Leads', late)?.['Lead_Status']).toBe('Contacted');
      expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(2);
    } finally {
      emu.state.setStrictLayout('Leads', false);
      conn.client.clearMetadataCache('Leads');
    }
  }, SHORT);
});
