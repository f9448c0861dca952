// The one pipeline, driven through each of its sources, with the real SDK over HTTP against the
// emulator: every row once in the results and the emulator agreeing, re-runs that send nothing,
// drain and abandon, the run lock, the credit budget, and one group at a time.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { where } from '@zcrmkit/crm-core';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { BulkError } from '../bulk-error.js';
import { criteriaSource } from '../input/criteria-source.js';
import { csvFileSource } from '../input/csv-file-source.js';
import { iterableSource } from '../input/iterable-source.js';
import type { BulkSource } from '../input/checked-input.js';
import { callbackResults, csvResults } from '../sinks/file-results.js';
import { connectClient, type EmulatorClient } from '../test-support/emulator-client.js';
import type { BulkResult } from '../types.js';
import type { BulkUpdateOptions } from './bulk-options.js';
import { runBulkUpdate } from './run-bulk-update.js';

const ROWS = 600;
// 100 rows a batch × 2 in flight: 200 rows a group, so 600 rows are three groups.
const GROUP = 200;
const FIRST_ID = 6051205000200000000n;
const idOf = (i: number) => String(FIRST_ID + BigInt(i));
const ids = Array.from({ length: ROWS }, (_, i) => idOf(i));

let emu: RunningEmulator;
let conn: EmulatorClient;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 0, records: { Leads: ids.map((id, i) => ({ id, Last_Name: `Bulk${i}`, Company: 'Bench Co', Lead_Status: 'Contacted', Mobile: '+1 555 0000' })) } });
  conn = await connectClient(emu, { concurrency: 2 });
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bulk-run-'));
});
afterAll(async () => {
  await conn?.close();
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.state.reset();
  emu.state.setFaults([]);
});

const puts = () => emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
const workflow = () => emu.state.automationCounts('Leads');

/** Waits for `check`, for at most `boundMs` (a hang check: ≥ 10× what a quiet machine needs). */
async function until(check: () => boolean, boundMs = 60_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let files = 0;
/** A mode: its source (a fresh one per run) and the Mobile each row gets. */
interface Mode {
  name: string;
  source(tag: string): BulkSource;
  mobile(i: number, tag: string): string;
}
const modes: Mode[] = [
  {
    name: 'CSV file',
    source(tag) {
      const file = path.join(dir, `in-${tag}-${++files}.csv`);
      writeFileSync(file, `id,Mobile\n${ids.map((id, i) => `${id},+1 ${tag} ${i}`).join('\n')}\n`);
      return csvFileSource(file);
    },
    mobile: (i, tag) => `+1 ${tag} ${i}`,
  },
  {
    name: 'criteria',
    source: (tag) => criteriaSource({ criteria: where('Lead_Status', 'equals', 'Contacted'), changes: { Mobile: `+1 ${tag} 7` } }),
    mobile: (_i, tag) => `+1 ${tag} 7`,
  },
  {
    name: 'async iterable',
    source: (tag) =>
      iterableSource(
        (async function* () {
          for (let i = 0; i < ROWS; i++) yield { id: idOf(i), changes: { Mobile: `+1 ${tag} ${i}` } };
        })(),
      ),
    mobile: (i, tag) => `+1 ${tag} ${i}`,
  },
];

function resultsFile(name: string): string {
  return path.join(dir, `${name}-${++files}.results.csv`);
}

/** id → state (OUTCOME_UNKNOWN for rows whose outcome is unknown) from a results CSV. */
function states(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => l.split(',')).map(([, id, state, code]) => [id!, code === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : state!]));
}

function run(options: Partial<BulkUpdateOptions> & Pick<BulkUpdateOptions, 'source' | 'results'>) {
  return runBulkUpdate({ client: conn.client, ...options });
}

describe.each(modes)('runBulkUpdate from a $name', (mode) => {
  it('every row once in the results, the emulator agreeing row by row; a re-run sends nothing and reports unchanged', async () => {
    const results = resultsFile('full');
    const summary = await run({ source: mode.source('601'), results: csvResults(results) });
    expect(summary).toMatchObject({ rows: ROWS, counts: { updated: ROWS }, interrupted: false, abandoned: false, resultsWritten: true, resultsFile: results });
    const s = states(results);
    expect([...s.keys()].sort()).toEqual([...ids].sort());
    expect(ids.map((id, i) => emu.state.getRecord('Leads', id)?.['Mobile'] === mode.mobile(i, '601'))).toEqual(ids.map(() => true));
    expect(Object.values(workflow()).every((n) => n === 1)).toBe(true);

    const before = puts();
    const again = await run({ source: mode.source('601'), results: csvResults(results) });
    expect(again.counts).toEqual({ unchanged: ROWS });
    expect(puts()).toBe(before);
  });

  it('drain: the group in flight finishes, every later row is not-run, and each row is recorded once', async () => {
    // PUTs held 2 s (≥ 10× what the drain needs on a quiet machine), so the drain lands while the first group is in flight.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 2_000 }]);
    const drain = new AbortController();
    const results = resultsFile('drain');
    const running = run({ source: mode.source('602'), results: csvResults(results), signal: drain.signal });
    await until(() => puts() >= 1);
    drain.abort();
    const summary = await running;
    expect(summary.interrupted).toBe(true);
    const s = states(results);
    expect(s.size).toBe(ROWS);
    const applied = workflow();
    for (const id of ids) expect(s.get(id)).toBe(applied[id] === 1 ? 'updated' : 'not-run');
    expect([...s.values()].filter((v) => v === 'updated')).toHaveLength(GROUP);
    expect(summary.counts).toEqual({ updated: GROUP, 'not-run': ROWS - GROUP });
  });

  it('abandon: the rows of the group in flight are OUTCOME_UNKNOWN, never not-run; the rest not-run', async () => {
    // Held long enough (≥ 10× the signals' quiet-machine time) that the PUT is still in flight.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 4_000 }]);
    const drain = new AbortController();
    const abandon = new AbortController();
    const results = resultsFile('abandon');
    const running = run({ source: mode.source('603'), results: csvResults(results), signal: drain.signal, abandonSignal: abandon.signal });
    await until(() => puts() >= 1);
    drain.abort();
    abandon.abort();
    const summary = await running;
    expect(summary.abandoned).toBe(true);
    const s = states(results);
    expect(s.size).toBe(ROWS);
    // The first group (a batch sent, the other waiting behind it) is unknown; the later ones never left.
    expect(ids.slice(0, GROUP).map((id) => s.get(id))).toEqual(ids.slice(0, GROUP).map(() => 'OUTCOME_UNKNOWN'));
    expect(ids.slice(GROUP).map((id) => s.get(id))).toEqual(ids.slice(GROUP).map(() => 'not-run'));
    // The held PUT lands after the run gave up on it; nothing else was sent.
    await until(() => emu.state.requestLog().some((e) => e.route === 'PUT /crm/v8/Leads'));
    expect(puts()).toBe(1);
  });

  it('a second run on the same results file is refused (IN_USE) and sends nothing; no record is written twice', async () => {
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 1_000 }]);
    const results = resultsFile('lock');
    const first = run({ source: mode.source('604'), results: csvResults(results) });
    await until(() => puts() >= 1);
    const sent = puts();
    await expect(run({ source: mode.source('605'), results: csvResults(results) })).rejects.toMatchObject({ code: 'IN_USE' });
    expect(puts()).toBe(sent);
    await first;
    expect(Object.values(workflow()).every((n) => n === 1)).toBe(true);
    expect([...states(results).values()].every((v) => v === 'updated')).toBe(true);
  });

  it('a run that needs more credits than the budget has left sends nothing; every row is not-run CREDIT_BUDGET_EXCEEDED', async () => {
    const results = resultsFile('budget');
    const budget = { usage: async () => ({ remaining: 5, limit: 50_000 }) };
    const err = await run({ source: mode.source('606'), results: csvResults(results), budget }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BulkError);
    expect(err).toMatchObject({ code: 'CREDIT_BUDGET_EXCEEDED', resultsFile: results });
    expect(puts()).toBe(0);
    const lines = readFileSync(results, 'utf8').trim().split('\n').slice(1);
    expect(lines).toHaveLength(ROWS);
    expect(lines.every((l) => l.split(',')[3] === 'CREDIT_BUDGET_EXCEEDED')).toBe(true);
  });

  it('one group at a time: no row of a group is sent before the group ahead of it is recorded', async () => {
    const recorded: number[] = [];
    const sentWhenRecorded: number[] = [];
    await run({
      source: mode.source('607'),
      results: callbackResults((rows: readonly BulkResult[]) => {
        recorded.push(rows.length);
        sentWhenRecorded.push(Object.keys(workflow()).length);
      }),
    });
    expect(recorded).toEqual([GROUP, GROUP, GROUP]);
    // When group k is recorded, exactly the rows of groups 1..k have reached Zoho.
    expect(sentWhenRecorded).toEqual([GROUP, 2 * GROUP, 3 * GROUP]);
  });
});

describe('runBulkUpdate: the input is the input', () => {
  it('a CSV replaced mid-run stops before the next send (INPUT_CHANGED): no record applied twice, the rest not-run', async () => {
    // PUTs held 2 s, so the file is replaced while the first group is in flight.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 2_000 }]);
    const file = path.join(dir, 'swapped.csv');
    writeFileSync(file, `id,Mobile\n${ids.map((id, i) => `${id},+1 608 ${i}`).join('\n')}\n`);
    const results = resultsFile('swapped');
    const running = run({ source: csvFileSource(file), results: csvResults(results) }).catch((e: unknown) => e);
    await until(() => puts() >= 1);
    // The same ids in another order, with more rows: the old engine sent some twice.
    writeFileSync(`${file}.new`, `id,Mobile\n${[...ids].reverse().map((id, i) => `${id},+1 609 ${i}`).join('\n')}\n${ids.slice(0, 100).map((id) => `${id},+1 609 x`).join('\n')}\n`);
    renameSync(`${file}.new`, file);
    const err = await running;
    expect(err).toMatchObject({ code: 'INPUT_CHANGED', resultsFile: results });
    expect(Object.values(workflow()).every((n) => n === 1)).toBe(true);
    const s = states(results);
    expect(s.size).toBe(ROWS);
    expect([...s.values()].filter((v) => v === 'updated')).toHaveLength(GROUP);
    const lines = readFileSync(results, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(lines.filter(([, , state, code]) => state === 'not-run' && code === 'INPUT_CHANGED')).toHaveLength(ROWS - GROUP);
  });

  it('values are checked before anything is sent: a misspelled column is one problem with one hint', async () => {
    const file = path.join(dir, 'typo.csv');
    writeFileSync(file, `id,Moblie\n${ids.map((id) => `${id},+1 555 1`).join('\n')}\n`);
    const err = await run({ source: csvFileSource(file), results: csvResults(resultsFile('typo')) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALUES_INVALID' });
    expect((err as BulkError).problems).toEqual([{ line: 1, field: 'Moblie', message: 'column Moblie: Leads has no field Moblie; did you mean Mobile?' }]);
    expect(puts()).toBe(0);
  });

  it('criteria naming a field the module does not have: CRITERIA_INVALID with a suggestion, before any listing', async () => {
    const err = await run({ source: criteriaSource({ criteria: where('Lead_Stauts', 'equals', 'Contacted'), changes: { Mobile: '1' } }), results: csvResults(resultsFile('crit')) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CRITERIA_INVALID' });
    expect((err as BulkError).problems[0]?.message).toBe('Leads has no field Lead_Stauts; did you mean Lead_Status?');
    expect(emu.state.counters().routes['GET /crm/v8/Leads'] ?? 0).toBe(0);
  });

  it('NUL in a value from code is refused with the item and the field, and nothing is sent', async () => {
    const err = await run({ source: iterableSource([{ id: idOf(0), changes: { Last_Name: 'Nul\u0000Name' } }]), results: csvResults(resultsFile('nul')) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'VALUES_INVALID' });
    expect((err as BulkError).problems).toEqual([{ line: 1, field: 'Last_Name', message: expect.stringMatching(/control character U\+0000 at position 4/) }]);
    expect(puts()).toBe(0);
  });
});
