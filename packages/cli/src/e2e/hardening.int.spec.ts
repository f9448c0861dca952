// Hostile and careless input to the zcrmkit command, run as a user (or an attacker) would run it:
// the real SDK over HTTP against an emulator this suite starts, through the built bin.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, runCommand, startCommand, ZCRMKIT_BIN } from './run-command.js';

let dir: string;
let emu: RunningEmulator;
let ids: string[];
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-hard-'));
  emu = await startEmulator({ leadCount: 2_000 });
  ids = emu.state.listRecords('Leads').map((r) => r.id);
});
afterAll(async () => {
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.state.reset();
  emu.state.setFaults([]);
});

let runs = 0;
/** The environment of one run: its own token store and log, this suite's emulator. */
function env(): NodeJS.ProcessEnv {
  const own = path.join(dir, `run-${++runs}`);
  const { clientId, clientSecret } = emu.state.defaultClient;
  return cleanEnv({ CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REFRESH_TOKEN: emu.state.issueRefreshToken(), ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(own, 'data'), ZOHO_LOG_FILE: path.join(own, 'sdk.log') });
}
const folder = (name: string) => mkdtempSync(path.join(dir, `${name}-`));
const puts = () => emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;

/** Waits for `check`, for at most `boundMs` (a hang check: ≥ 10× a quiet machine's time). */
async function until(check: () => boolean, boundMs = 120_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`condition not met within ${boundMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the input is the input', () => {
  it('a CSV replaced mid-run: exit 2 before the next send, 0 records applied twice, progress never past the total', async () => {
    const cwd = folder('swap');
    const file = path.join(cwd, 'leads.csv');
    writeFileSync(file, `id,Mobile\n${ids.map((id, i) => `${id},+1 555 1${String(i).padStart(4, '0')}`).join('\n')}\n`);
    // PUTs held, so the file is replaced while the first group is in flight.
    emu.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 1_000 }]);
    const run = startCommand('update-leads', ['--file', 'leads.csv'], { cwd, env: env() });
    await until(() => puts() >= 1);
    // The same ids again, reordered, and 200 more rows: the old engine wrote 200 records twice.
    writeFileSync(path.join(cwd, 'next.csv'), `id,Mobile\n${[...ids].reverse().map((id) => `${id},+1 555 2222`).join('\n')}\n${ids.slice(0, 200).map((id) => `${id},+1 555 3333`).join('\n')}\n`);
    renameSync(path.join(cwd, 'next.csv'), file);
    const r = await run.done;
    emu.state.setFaults([]);

    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/leads\.csv changed while the run was using it .*no further row was sent/);
    const applied = emu.state.automationCounts('Leads');
    expect(Object.values(applied).every((n) => n === 1)).toBe(true);
    const progress = [...r.stdout.matchAll(/progress: (\d+)\/(\d+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(progress.every(([done, total]) => done! <= total! && total === ids.length)).toBe(true);
    const results = parse(readFileSync(path.join(cwd, 'leads.results.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(results).toHaveLength(ids.length);
    for (const row of results) expect(row['state']).toBe(applied[row['id']!] === 1 ? 'updated' : 'not-run');
    expect(results.filter((row) => row['code'] === 'INPUT_CHANGED').length).toBeGreaterThan(0);
  });

  it('a FIFO as --file is refused at once (exit 2): no results, no lock left behind', async () => {
    const cwd = folder('fifo');
    execFileSync('mkfifo', [path.join(cwd, 'leads.csv')]);
    const r = await runCommand('update-leads', ['--file', 'leads.csv'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/leads\.csv is a FIFO \(named pipe\).*must be a regular file/);
    expect(readdirSync(cwd)).toEqual(['leads.csv']);
  });
});

describe('the results path is ours', () => {
  it('--results .env is refused, even with --force, and .env is unchanged', async () => {
    const cwd = folder('env');
    writeFileSync(path.join(cwd, '.env'), 'CLIENT_SECRET=keep-me\n');
    writeFileSync(path.join(cwd, 'in.csv'), `id,Mobile\n${ids[0]},+1 555 0100\n`);
    for (const extra of [[], ['--force']]) {
      const r = await runCommand('update-leads', ['--file', 'in.csv', '--results', '.env', ...extra], { cwd, env: env() });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/\.env: this looks like a \.env file, which holds credentials/);
    }
    expect(readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('CLIENT_SECRET=keep-me\n');
    expect(puts()).toBe(0);
  });

  it('--results naming the input (another spelling) is refused and the input untouched', async () => {
    const cwd = folder('same');
    const csv = `id,Mobile\n${ids[0]},+1 555 0200\n`;
    writeFileSync(path.join(cwd, 'x.csv'), csv);
    const r = await runCommand('update-leads', ['--file', 'x.csv', '--results', './x.csv', '--force'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.\/x\.csv: this is the input file/);
    expect(readFileSync(path.join(cwd, 'x.csv'), 'utf8')).toBe(csv);
    expect(readdirSync(cwd)).toEqual(['x.csv']);
  });

  it('a file that is not ours needs --force; a dry run writes its plan beside, never over the results', async () => {
    const cwd = folder('ours');
    writeFileSync(path.join(cwd, 'in.csv'), `id,Mobile\n${ids[0]},+1 555 0300\n`);
    writeFileSync(path.join(cwd, 'notes.txt'), 'mine\n');
    const refused = await runCommand('update-leads', ['--file', 'in.csv', '--results', 'notes.txt'], { cwd, env: env() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/notes\.txt: the file exists and is not a results file of zcrmkit.*--force/);
    expect(readFileSync(path.join(cwd, 'notes.txt'), 'utf8')).toBe('mine\n');

    const real = await runCommand('update-leads', ['--file', 'in.csv'], { cwd, env: env() });
    expect(real.code).toBe(0);
    const results = readFileSync(path.join(cwd, 'in.results.csv'), 'utf8');
    const dry = await runCommand('update-leads', ['--file', 'in.csv', '--dry-run'], { cwd, env: env() });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/plan in in\.plan\.csv/);
    expect(readFileSync(path.join(cwd, 'in.results.csv'), 'utf8')).toBe(results);
    const overResults = await runCommand('update-leads', ['--file', 'in.csv', '--dry-run', '--results', 'in.results.csv'], { cwd, env: env() });
    expect(overResults.code).toBe(2);
    expect(overResults.stderr).toMatch(/results of a real run, which the next run reads/);
    expect(readFileSync(path.join(cwd, 'in.results.csv'), 'utf8')).toBe(results);
  });
});

describe('values and criteria are checked before anything is sent', () => {
  it('NUL and other control characters are refused per row, with the line and the field (exit 2)', async () => {
    const cwd = folder('nul');
    writeFileSync(path.join(cwd, 'in.csv'), `id,Last_Name\n${ids[0]},Fine\n${ids[1]},Nul\u0000Name\n`);
    const r = await runCommand('update-leads', ['--file', 'in.csv'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 3: Last_Name: the value holds the control character U\+0000 at position 4/);
    expect(puts()).toBe(0);
  });

  it('a misspelled header in a 1,000-row file is reported once, with one hint', async () => {
    const cwd = folder('header');
    writeFileSync(path.join(cwd, 'in.csv'), `id,Moblie\n${ids.slice(0, 1_000).map((id) => `${id},+1 555 0400`).join('\n')}\n`);
    const r = await runCommand('update-leads', ['--file', 'in.csv'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr.match(/Moblie/g)).toHaveLength(2);
    expect(r.stderr).toContain('line 1: column Moblie: Leads has no field Moblie; did you mean Mobile?');
    expect(r.stderr.match(/did you mean/g)).toHaveLength(1);
  });

  it('a misspelled --where field: exit 2 with a suggestion, nothing listed or sent', async () => {
    const cwd = folder('where');
    const r = await runCommand('update-leads', ['--where', 'Lead_Stauts:equals:Not Contacted', '--set', 'Rating=Active'], { cwd, env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Leads has no field Lead_Stauts; did you mean Lead_Status\?/);
    expect(emu.state.counters().routes['GET /crm/v8/Leads'] ?? 0).toBe(0);
    expect(puts()).toBe(0);
  });
});

describe('export is safe to open, and lossless', () => {
  it('formula-like values are neutralised; an unedited re-import sends 0 updates', async () => {
    const cwd = folder('export');
    const hostile = ['=HYPERLINK("http://evil.example","x")', "=cmd|' /C calc'!A0", '-2+3', 'null', "'quoted", '', '+1 555 0500', '@SUM(A1)', 'Zoë 東京 ✓'];
    const chosen = ids.slice(0, hostile.length);
    chosen.forEach((id, i) => emu.state.seedRecords('Leads', [{ ...emu.state.getRecord('Leads', id), Description: hostile[i], Company: hostile[i] === '' ? 'Empty Co' : hostile[i] }]));
    const exported = await runCommand('export-leads', ['--fields', 'Company,Description', '--out', 'leads.csv'], { cwd, env: env() });
    expect(exported.code).toBe(0);
    const text = readFileSync(path.join(cwd, 'leads.csv'), 'utf8');
    const cells = (parse(text, { relax_column_count: false }) as string[][]).flat();
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);

    const before = puts();
    const again = await runCommand('update-leads', ['--file', 'leads.csv'], { cwd, env: env() });
    expect(again.code).toBe(0);
    expect(puts()).toBe(before);
    expect(again.stdout).toMatch(/\d+ unchanged — results in leads\.results\.csv/);
    expect(again.stdout).not.toMatch(/updated/);
    chosen.forEach((id, i) => expect(emu.state.getRecord('Leads', id)?.['Description']).toBe(hostile[i]));
  });

  it('without --out the file goes to the current folder with a notice', async () => {
    const cwd = folder('notice');
    const r = await runCommand('export-leads', ['--where', 'Lead_Status:equals:Contacted'], { cwd, env: env() });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`▶ writing leads-export.csv in the current folder (${cwd}); choose the file with --out`);
    expect(existsSync(path.join(cwd, 'leads-export.csv'))).toBe(true);
  });
});

describe('the command line', () => {
  it('--help | head -1: exit 0 and no stack trace, 20 runs in a row', () => {
    for (let i = 0; i < 20; i++) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${ZCRMKIT_BIN}" update-leads --help | head -1`], { encoding: 'utf8', env: cleanEnv() });
      expect({ run: i, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ run: i, status: 0, stdout: 'Usage: zcrmkit update-leads [options]\n', stderr: '' });
    }
  });

  it('--env naming a missing file: exit 2 with a message, where Node itself would exit 9 on --env-file', async () => {
    const cwd = folder('envfile');
    const r = await runCommand('check-init', ['--env', 'nope.env'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('✖ --env nope.env: no such file. Nothing was sent.');
  });

  it.each([
    [['--set', 'Rating=Active'], '--set needs --where <Field:operator:value> to say which leads to change'],
    [['--where', 'Lead_Status:equals:New'], '--where needs at least one --set Field=Value'],
    [['--file', 'a.csv', '--where', 'Lead_Status:equals:New', '--set', 'Rating=Active'], '--file and --where exclude each other'],
    [['--file', 'a.csv', '--set', 'Rating=Active'], '--set goes with --where'],
    [[], 'say what to update: --file <csv>, or --where'],
  ])('update-leads %j: the usage message says what is wrong (exit 2)', async (args, message) => {
    const r = await runCommand('update-leads', args, { cwd: folder('usage') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a 10 MB CLIENT_SECRET in .env is a configuration error (exit 2), not a crash, and is not echoed', async () => {
    const cwd = folder('huge');
    const secret = 'a'.repeat(10_000_000);
    writeFileSync(path.join(cwd, '.env'), `CLIENT_ID=1000.ABCDEF123456\nCLIENT_SECRET=${secret}\nREFRESH_TOKEN=1000.abcdef0123.abcdef0123\nACCOUNTS_URL=https://accounts.zoho.com\n`);
    const r = await runCommand('check-init', [], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(r.stderr).not.toContain('a'.repeat(100));
    expect(r.stderr.length).toBeLessThan(5000);
  });
});
