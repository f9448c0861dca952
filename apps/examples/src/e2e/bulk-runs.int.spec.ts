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

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 300 });
  cwd = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bulk-'));
  ids = emu.state.listRecords('Leads').map((r) => r.id);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

let runs = 0;
/** The environment of one run: its own token store and log, this test's emulator. */
function env(): NodeJS.ProcessEnv {
  const dir = path.join(cwd, `run-${++runs}`);
  const { clientId, clientSecret } = emu.state.defaultClient;
  return cleanEnv({
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
    REFRESH_TOKEN: emu.state.issueRefreshToken(),
    ZOHO_API_URL: emu.url,
    ZOHO_ACCOUNTS_URL: emu.url,
    ZOHO_DATA_DIR: path.join(dir, 'data'),
    ZOHO_LOG_FILE: path.join(dir, 'sdk.log'),
  });
}

function csvOf(name: string, tag: string): string {
  const file = path.join(cwd, name);
  writeFileSync(file, `id,Mobile\n${ids.map((id, i) => `${id},+1 ${tag} ${String(i).padStart(4, '0')}`).join('\n')}\n`);
  return file;
}

function start(args: string[]) {
  return startCommand('update-leads', args, { cwd, env: env() });
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

const puts = () => emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
/** Held PUTs leave the request log once answered. */
const putsAnswered = () => emu.state.requestLog().filter((e) => e.route === 'PUT /crm/v8/Leads').length;

describe('update-leads runs on one file', () => {
  it('two at once: one proceeds, the other exits 2 and sends nothing; no record is written twice', async () => {
    emu.state.reset();
    const file = csvOf('twice.csv', '555');
    // Each PUT is held 3 s, so the first run still holds its locks (≥ 9 s) while the others start
    // and give up (under a second each on a quiet machine).
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 3_000 }]);
    const first = start(['--file', file]);
    let firstOut = '';
    first.child.stdout!.on('data', (d: Buffer) => (firstOut += d.toString()));
    await until(() => firstOut.includes('rows in'));
    const [sameInput, sameResults] = await Promise.all([
      start(['--file', file]).done,
      start(['--file', csvOf('other.csv', '556'), '--results', path.join(cwd, 'twice.results.csv')]).done,
    ]);
    expect(puts()).toBeLessThan(3);
    const done = await first.done;
    emu.state.setFaults([]);

    expect(done.code).toBe(0);
    for (const refused of [sameInput, sameResults]) {
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/another update-leads run is using .*nothing was sent/);
    }
    const states = resultStates(path.join(cwd, 'twice.results.csv'));
    expect([...states.values()].every((s) => s === 'updated')).toBe(true);
    const workflow = emu.state.automationCounts('Leads');
    expect(ids.map((id) => workflow[id])).toEqual(ids.map(() => 1));
    expect(puts()).toBe(3);
  }, LONG);

  it('SIGTERM: the calls in flight finish, the results file lists every row, exit 143', async () => {
    emu.state.reset();
    const file = csvOf('term.csv', '557');
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 500 }]);
    const run = start(['--file', file]);
    await until(() => puts() >= 1);
    run.child.kill('SIGTERM');
    const r: CommandRun = await run.done;
    emu.state.setFaults([]);

    expect(r.code).toBe(143);
    expect(r.stderr).toMatch(/Interrupted \(SIGTERM\)/);
    const states = resultStates(path.join(cwd, 'term.results.csv'));
    expect(states.size).toBe(300);
    const workflow = emu.state.automationCounts('Leads');
    for (const id of ids) expect(states.get(id)).toBe(workflow[id] === 1 ? 'updated' : 'not-run');
    // The summary counts every row, those never sent too.
    const counts = Object.fromEntries([...r.stdout.matchAll(/(\d+) (updated|not-run)/g)].map((m) => [m[2], Number(m[1])]));
    expect((counts['updated'] ?? 0) + (counts['not-run'] ?? 0)).toBe(300);
    expect(counts['not-run']).toBeGreaterThan(0);
  }, LONG);

  it('a second Ctrl-C while a PUT is in flight: those rows are OUTCOME_UNKNOWN, never not-run', async () => {
    emu.state.reset();
    const file = csvOf('abandon.csv', '558');
    // Held long enough (≥ 10× the two signals' quiet-machine time) that the PUT is still in flight.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 5_000 }]);
    const run = start(['--file', file]);
    await until(() => puts() >= 1);
    run.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGINT');
    const r = await run.done;
    // The held PUT lands after the run gave up on it.
    await until(() => putsAnswered() >= 1);
    emu.state.setFaults([]);

    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(/Abandoned/);
    const states = resultStates(path.join(cwd, 'abandon.results.csv'));
    expect(states.size).toBe(300);
    const workflow = emu.state.automationCounts('Leads');
    for (const id of ids.filter((i) => workflow[i] === 1)) expect(['updated', 'OUTCOME_UNKNOWN']).toContain(states.get(id));
    // The first chunk (200 rows) was in flight: unknown, not "not sent"; the rest never left.
    expect(ids.slice(0, 200).map((id) => states.get(id))).toEqual(ids.slice(0, 200).map(() => 'OUTCOME_UNKNOWN'));
    expect(ids.slice(200).map((id) => states.get(id))).toEqual(ids.slice(200).map(() => 'not-run'));
  }, LONG);
});
