// The examples as a user runs them against "real Zoho" (.env / environment): here an emulator the
// test starts, reached through ZOHO_API_URL/ZOHO_ACCOUNTS_URL exactly as a proxy would be.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, runCommand, startCommand } from './run-command.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

function envFor(emu: Emulator, dir: string): NodeJS.ProcessEnv {
  const { clientId, clientSecret } = emu.state.defaultClient;
  return cleanEnv({
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
    REFRESH_TOKEN: emu.state.issueRefreshToken(),
    ZOHO_API_URL: emu.url,
    ZOHO_ACCOUNTS_URL: emu.url,
    ZOHO_DATA_DIR: path.join(dir, 'data'),
    ZOHO_LOG_FILE: path.join(dir, 'logs', 'sdk.log'),
  });
}

function resultStates(file: string): string[] {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[2]!);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-real-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('no configuration', () => {
  it.each(['update-lead', 'check-init', 'update-leads'])('%s explains what is missing, exits 2 and writes nothing', async (cmd) => {
    const cwd = mkdtempSync(path.join(dir, 'empty-'));
    const args = cmd === 'update-leads' ? ['--file', path.join(cwd, 'x.csv')] : [];
    if (cmd === 'update-leads') writeFileSync(path.join(cwd, 'x.csv'), 'id,Mobile\n6051205000000000001,1\n');
    const r = await runCommand(cmd, args, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/CLIENT_ID: is missing/);
    expect(r.stderr).toMatch(/Missing: .*CLIENT_ID.*CLIENT_SECRET.*REFRESH_TOKEN/);
    expect(r.stderr).toMatch(/cp \.env\.template \.env/);
    expect(r.stderr).toMatch(/exchange-grant/);
    expect(r.stderr).toContain(`zcrmkit ${cmd} --emulator`);
    expect(readdirSync(cwd).sort()).toEqual(cmd === 'update-leads' ? ['x.csv'] : []);
  });

  it('a bad CSV is refused as a whole before any configuration or request', async () => {
    const cwd = mkdtempSync(path.join(dir, 'badcsv-'));
    writeFileSync(path.join(cwd, 'bad.csv'), 'Mobile\n123\n');
    const r = await runCommand('update-leads', ['--file', 'bad.csv'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: no "id" column/);
    expect(r.stderr).toMatch(/nothing was sent/);
  });
});

describe('bulk update of 1,000 leads', () => {
  let emu: Emulator;
  let csv: string;
  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 1000, tokenRateLimit: false });
    const ids = emu.state.listRecords('Leads').map((r) => String(r.id));
    csv = path.join(dir, 'leads.csv');
    writeFileSync(csv, `id,Mobile,Lead_Status\n${ids.map((id, i) => `${id},+1 555 ${String(i).padStart(4, '0')},Contacted`).join('\n')}\n`);
  });
  afterAll(() => emu.stop());

  it('updates every row, writes a complete results file, and a re-run finds everything unchanged', async () => {
    const first = await runCommand('update-leads', ['--file', csv], { cwd: dir, env: envFor(emu, dir) });
    // The one line every run with custom endpoints prints: where the secrets go.
    const host = new URL(emu.url).host;
    expect(first.stderr).toBe(`zcrmkit: custom endpoints (ZOHO_API_URL, ZOHO_ACCOUNTS_URL): the client secret and refresh token go to ${host}, access tokens and CRM data to ${host}\n`);
    expect(first.code).toBe(0);
    const states = resultStates(path.join(dir, 'leads.results.csv'));
    expect(states).toHaveLength(1000);
    expect(new Set(states)).toEqual(new Set(['updated']));
    const sample = emu.state.listRecords('Leads')[737]!;
    expect(sample.Mobile).toBe('+1 555 0737');
    expect(sample.Lead_Status).toBe('Contacted');
    expect(first.stdout).toMatch(/progress: 1000\/1000 records/);

    emu.state.resetCounters();
    const again = await runCommand('update-leads', ['--file', csv], { cwd: dir, env: envFor(emu, dir) });
    expect(again.code).toBe(0);
    const rerun = resultStates(path.join(dir, 'leads.results.csv'));
    expect(rerun).toHaveLength(1000);
    expect(new Set(rerun)).toEqual(new Set(['unchanged']));
    expect(emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBe(0);
  });

  it('Ctrl-C mid-run stops sending and still writes the results file', async () => {
    // Rows go out in groups of batch × concurrency (1,000 with the defaults): three groups, so that
    // a Ctrl-C during the first leaves later groups unsent.
    const slow = await startEmulator({ leadCount: 3000, latencyMs: 150, tokenRateLimit: false });
    try {
      const ids = slow.state.listRecords('Leads').map((r) => String(r.id));
      const file = path.join(dir, 'interrupt.csv');
      writeFileSync(file, `id,Mobile\n${ids.map((id, i) => `${id},+1 555 9${String(i).padStart(3, '0')}`).join('\n')}\n`);
      const run = startCommand('update-leads', ['--file', file], { cwd: dir, env: envFor(slow, dir) });
      let out = '';
      run.child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/progress: [1-9]\d*\/3000/.test(out) && !run.child.killed) run.child.kill('SIGINT');
      });
      const r = await run.done;
      expect(r.code).toBe(130);
      expect(r.stderr).toMatch(/Interrupted/);
      const results = path.join(dir, 'interrupt.results.csv');
      expect(existsSync(results)).toBe(true);
      const states = resultStates(results);
      expect(states).toHaveLength(3000);
      const updated = states.filter((s) => s === 'updated').length;
      expect(updated).toBeGreaterThan(0);
      expect(states.filter((s) => s === 'not-run').length).toBeGreaterThan(0);
      // What the results file says was updated is exactly what the emulator holds.
      const changed = slow.state.listRecords('Leads').filter((rec) => String(rec.Mobile).startsWith('+1 555 9')).length;
      expect(changed).toBe(updated);
    } finally {
      await slow.stop();
    }
  });
});
