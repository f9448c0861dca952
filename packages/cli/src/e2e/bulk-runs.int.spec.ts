// update-leads as a user runs it, against an emulator this test starts (so that two runs, and the
// test, see one Zoho): a lock per file, SIGTERM like Ctrl-C, and rows in flight never "not sent".
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, startCommand, type CommandRun } from './run-command.js';

// Each run takes seconds on a quiet machine; the limit is for a loaded one (nothing here asserts on time).
const LONG = 180_000;

let emu: RunningEmulator;
let cwd: string;
let ids: string[];
// Rows go out in groups of batch × concurrency (1,000 with the defaults), all of a group's batches
// side by side: the signal tests need three groups, so that rows a signal keeps from leaving exist.
let big: RunningEmulator;
let bigIds: string[];

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 300 });
  big = await startEmulator({ leadCount: 3000 });
  cwd = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bulk-'));
  ids = emu.state.listRecords('Leads').map((r) => r.id);
  bigIds = big.state.listRecords('Leads').map((r) => r.id);
});
afterAll(async () => {
  await emu?.stop();
  await big?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

let runs = 0;
/** The environment of one run: its own token store and log, this test's emulator. */
function env(on: RunningEmulator): NodeJS.ProcessEnv {
  const dir = path.join(cwd, `run-${++runs}`);
  const { clientId, clientSecret } = on.state.defaultClient;
  return cleanEnv({
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
    REFRESH_TOKEN: on.state.issueRefreshToken(),
    ZOHO_API_URL: on.url,
    ZOHO_ACCOUNTS_URL: on.url,
    ZOHO_DATA_DIR: path.join(dir, 'data'),
    ZOHO_LOG_FILE: path.join(dir, 'sdk.log'),
  });
}

function csvOf(name: string, tag: string, of: string[] = ids): string {
  const file = path.join(cwd, name);
  writeFileSync(file, `id,Mobile\n${of.map((id, i) => `${id},+1 ${tag} ${String(i).padStart(4, '0')}`).join('\n')}\n`);
  return file;
}

function start(args: string[], on: RunningEmulator = emu) {
  return startCommand('update-leads', args, { cwd, env: env(on) });
}

/** Waits for `check`, for at most `boundMs`, so that a failed run cannot leave the loop spinning forever. */
async function until(check: () => boolean, boundMs = 120_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function resultStates(file: string): Map<string, string> {
  const lines = readFileSync(file, 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => l.split(',')).map(([, id, state, code]) => [id as string, code === 'OUTCOME_UNKNOWN' ? 'OUTCOME_UNKNOWN' : (state as string)]));
}

const puts = (on: RunningEmulator = emu) => on.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
/** Held PUTs leave the request log once answered. */
const putsAnswered = (on: RunningEmulator) => on.state.requestLog().filter((e) => e.route === 'PUT /crm/v8/Leads').length;

describe('update-leads runs on one file', () => {
  it('streamed over three groups: every row in the results file once, the emulator agreeing row by row; a re-run changes nothing', async () => {
    big.state.reset();
    const file = csvOf('groups.csv', '559', bigIds);
    const first = await start(['--file', file], big).done;
    expect(first.code).toBe(0);
    const lines = readFileSync(path.join(cwd, 'groups.results.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(lines.map(([line]) => Number(line))).toEqual(bigIds.map((_, i) => i + 2));
    expect(lines.map(([, id]) => id)).toEqual(bigIds);
    expect(lines.every(([, , state]) => state === 'updated')).toBe(true);
    expect(bigIds.map((id) => big.state.getRecord('Leads', id)?.['Mobile'])).toEqual(bigIds.map((_, i) => `+1 559 ${String(i).padStart(4, '0')}`));

    // Resume: what was applied comes back unchanged, and nothing is written again.
    const putsBefore = puts(big);
    const again = await start(['--file', file], big).done;
    expect(again.code).toBe(0);
    expect([...resultStates(path.join(cwd, 'groups.results.csv')).values()]).toEqual(bigIds.map(() => 'unchanged'));
    expect(puts(big)).toBe(putsBefore);
  }, LONG);

  it('two at once: one proceeds, the other exits 2 and sends nothing; no record is written twice', async () => {
    emu.state.reset();
    const file = csvOf('twice.csv', '555');
    // Each PUT is held 5 s, so the first run still holds its locks (≥ 10 s: its first batch alone,
    // then the other two side by side) while the others start and give up (under a second each on
    // a quiet machine). Their exit 2 is what shows the lock was held when they looked: a run that
    // found it free would have gone ahead (and exited 0).
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 5_000 }]);
    const first = start(['--file', file]);
    let firstOut = '';
    first.child.stdout!.on('data', (d: Buffer) => (firstOut += d.toString()));
    await until(() => firstOut.includes('rows in'));
    const [sameInput, sameResults] = await Promise.all([
      start(['--file', file]).done,
      start(['--file', csvOf('other.csv', '556'), '--results', path.join(cwd, 'twice.results.csv')]).done,
    ]);
    const done = await first.done;
    emu.state.setFaults([]);

    expect(done.code).toBe(0);
    for (const refused of [sameInput, sameResults]) {
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/another bulk run is using .*nothing was sent/);
    }
    const states = resultStates(path.join(cwd, 'twice.results.csv'));
    expect([...states.values()].every((s) => s === 'updated')).toBe(true);
    const workflow = emu.state.automationCounts('Leads');
    expect(ids.map((id) => workflow[id])).toEqual(ids.map(() => 1));
    expect(puts()).toBe(3);
  }, LONG);

  it('--where: the same lock on its results file, and SIGTERM like Ctrl-C (exit 143, every row in the results file)', async () => {
    emu.state.reset();
    const where = ['--where', 'Lead_Status:equals:Not Contacted', '--set', 'Mobile=+1 555 0777'];
    const matching = emu.state.listRecords('Leads').filter((r) => r['Lead_Status'] === 'Not Contacted').length;
    expect(matching).toBeGreaterThan(0);
    // PUTs held 10 s: the first run is still sending while the second starts and gives up (quiet,
    // the second process is refused within 1 s; a loaded machine may take several).
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 10_000 }]);
    const first = start(where);
    let firstOut = '';
    first.child.stdout!.on('data', (d: Buffer) => (firstOut += d.toString()));
    await until(() => firstOut.includes('match'));
    await until(() => puts() >= 1);
    const second = await start(where).done;
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another bulk run is using .*update-leads-where\.results\.csv.*nothing was sent/);
    first.child.kill('SIGTERM');
    const r = await first.done;
    emu.state.setFaults([]);

    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/Interrupted \(SIGTERM\)/);
    const states = resultStates(path.join(cwd, 'update-leads-where.results.csv'));
    expect(states.size).toBe(matching);
    const workflow = emu.state.automationCounts('Leads');
    for (const [id, state] of states) expect(state).toBe(workflow[id] === 1 ? 'updated' : 'not-run');
    expect(Object.values(workflow).every((n) => n === 1)).toBe(true);
  }, LONG);

  it('SIGTERM: the calls in flight finish, the results file lists every row, exit 143', async () => {
    big.state.reset();
    const file = csvOf('term.csv', '557', bigIds);
    big.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 500 }]);
    const run = start(['--file', file], big);
    await until(() => puts(big) >= 1);
    run.child.kill('SIGTERM');
    const r: CommandRun = await run.done;
    big.state.setFaults([]);

    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/Interrupted \(SIGTERM\)/);
    const states = resultStates(path.join(cwd, 'term.results.csv'));
    expect(states.size).toBe(3000);
    const workflow = big.state.automationCounts('Leads');
    for (const id of bigIds) expect(states.get(id)).toBe(workflow[id] === 1 ? 'updated' : 'not-run');
    // The group in flight (the first 1,000 rows) finished; the groups after it never left.
    expect(bigIds.slice(0, 1000).every((id) => states.get(id) === 'updated')).toBe(true);
    expect(bigIds.slice(2000).every((id) => states.get(id) === 'not-run')).toBe(true);
    // The summary counts every row, those never sent too.
    const counts = Object.fromEntries([...r.stdout.matchAll(/(\d+) (updated|not-run)/g)].map((m) => [m[2], Number(m[1])]));
    expect((counts['updated'] ?? 0) + (counts['not-run'] ?? 0)).toBe(3000);
    expect(counts['not-run']).toBeGreaterThan(0);
  }, LONG);

  it('a second Ctrl-C while a PUT is in flight: those rows are OUTCOME_UNKNOWN, never not-run', async () => {
    big.state.reset();
    const file = csvOf('abandon.csv', '558', bigIds);
    // Held long enough (≥ 10× the two signals' quiet-machine time) that the PUT is still in flight.
    big.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 5_000 }]);
    const run = start(['--file', file], big);
    await until(() => puts(big) >= 1);
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGINT');
    const r = await run.done;
    // The held PUT lands after the run gave up on it.
    await until(() => putsAnswered(big) >= 1);
    big.state.setFaults([]);

    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Abandoned/);
    const states = resultStates(path.join(cwd, 'abandon.results.csv'));
    expect(states.size).toBe(3000);
    const workflow = big.state.automationCounts('Leads');
    for (const id of bigIds.filter((i) => workflow[i] === 1)) expect(states.get(id)).toBe('OUTCOME_UNKNOWN');
    // The group in flight (1,000 rows: a batch sent, the others waiting on its answer) is unknown,
    // never "not sent"; the groups after it never left.
    expect(bigIds.slice(0, 1000).map((id) => states.get(id))).toEqual(bigIds.slice(0, 1000).map(() => 'OUTCOME_UNKNOWN'));
    expect(bigIds.slice(1000).map((id) => states.get(id))).toEqual(bigIds.slice(1000).map(() => 'not-run'));
  }, LONG);
});
