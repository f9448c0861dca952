// update-leads --where … --set … and export-leads, run as a user runs them (built commands, own
// process) against an emulator this test starts and inspects.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeCell } from '@zcrmkit/bulk';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, runCommand } from './run-command.js';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;

const TOTAL = 4000;
const MATCHING = 3000;
// A hang bound, not a speed check: each test runs in 5–20 s on a quiet machine (spawned commands,
// thousands of records); ten times that keeps them passing on a loaded 2-core machine.
const SLOW = 200_000;

/** The one line every run with custom endpoints prints on stderr: where the secrets go. */
function notice(emu: Emulator): string {
  const host = new URL(emu.url).host;
  return `zcrmkit: custom endpoints (ZOHO_API_URL, ZOHO_ACCOUNTS_URL): the client secret and refresh token go to ${host}, access tokens and CRM data to ${host}\n`;
}

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

function results(file: string): Array<{ id: string; state: string }> {
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [, id, state] = l.split(',');
    return { id: id!, state: state! };
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-where-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('update-leads --where … --set …', () => {
  let emu: Emulator;
  let before: Map<string, Record<string, unknown>>;
  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 0, tokenRateLimit: false });
    // Admin seeding, no PUTs: 3,000 of 4,000 leads match, spread across the 2,000-record boundary.
    emu.state.seedRecords(
      'Leads',
      Array.from({ length: TOTAL }, (_, i) => ({ Last_Name: `Lead ${i}`, Company: `Co ${i % 97}`, Lead_Status: i % 4 === 3 ? 'Attempted to Contact' : 'Not Contacted', Rating: 'Acquired' })),
      { replace: true },
    );
    before = new Map(emu.state.listRecords('Leads').map((r) => [r.id, { ...r }]));
  });
  afterAll(() => emu.stop());

  it('--dry-run lists what would change and sends no update', async () => {
    const cwd = mkdtempSync(path.join(dir, 'dry-'));
    emu.state.resetCounters();
    const r = await runCommand('update-leads', ['--where', 'Lead_Status:equals:Not Contacted', '--set', 'Lead_Status=Contacted', '--set', 'Rating=Active', '--dry-run'], { cwd, env: envFor(emu, cwd) });
    expect(r.stderr).toBe(notice(emu));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/3000 leads match \(Lead_Status:equals:Not Contacted\) \(dry run/);
    // The terminal shows the first rows of the plan; the plan file holds every one, with its payload.
    expect(r.stdout.match(/: Lead_Status "Not Contacted" → "Contacted", Rating "Acquired" → "Active"/g)).toHaveLength(20);
    expect(r.stdout).toContain(`… ${MATCHING - 20} more in update-leads-where.plan.csv`);
    expect(r.stdout).toMatch(/3000 planned — plan in update-leads-where\.plan\.csv/);
    const plan = parse(readFileSync(path.join(cwd, 'update-leads-where.plan.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(plan).toHaveLength(MATCHING);
    expect(plan.every((row) => row['state'] === 'planned' && JSON.parse(decodeCell(row['payload']!)).Rating === 'Active')).toBe(true);
    expect(existsSync(path.join(cwd, 'update-leads-where.results.csv'))).toBe(false);
    expect(emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBe(0);
  }, SLOW);

  it('--dry-run --json: one summary document on stdout, the listing on stderr', async () => {
    const cwd = mkdtempSync(path.join(dir, 'dry-json-'));
    const r = await runCommand('update-leads', ['--where', 'Lead_Status:equals:Not Contacted', '--set', 'Rating=Active', '--dry-run', '--json'], { cwd, env: envFor(emu, cwd) });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      command: 'update-leads',
      mode: 'where',
      dryRun: true,
      interrupted: false,
      rows: MATCHING,
      counts: { planned: MATCHING },
      resultsFile: 'update-leads-where.plan.csv',
      problems: [],
      problemsNotListed: 0,
    });
    expect(r.stderr.match(/: Rating "Acquired" → "Active"/g)).toHaveLength(20);
    expect(r.stdout + r.stderr).not.toContain(emu.state.defaultClient.clientSecret);
  }, SLOW);

  it('updates each of 3,000 matching leads once, leaves the others untouched, and a re-run reports them unchanged', async () => {
    const cwd = mkdtempSync(path.join(dir, 'run-'));
    emu.state.resetCounters();
    emu.state.clearRequestLog();
    const first = await runCommand('update-leads', ['--where', 'Lead_Status:equals:Not Contacted', '--set', 'Lead_Status=Contacted', '--set', 'Rating=Active'], { cwd, env: envFor(emu, cwd) });
    expect(first.stderr).toBe(notice(emu));
    expect(first.code).toBe(0);
    const file = path.join(cwd, 'update-leads-where.results.csv');
    const rows = results(file);
    expect(rows).toHaveLength(MATCHING);
    expect(new Set(rows.map((r) => r.state))).toEqual(new Set(['updated']));
    expect(new Set(rows.map((r) => r.id)).size).toBe(MATCHING);

    // Compared with the emulator's state: every match changed, nothing else did.
    const matched = new Set(rows.map((r) => r.id));
    for (const record of emu.state.listRecords('Leads')) {
      const old = before.get(record.id)!;
      if (old['Lead_Status'] === 'Not Contacted') {
        expect(matched.has(record.id)).toBe(true);
        expect([record.Lead_Status, record.Rating]).toEqual(['Contacted', 'Active']);
      } else {
        expect(matched.has(record.id)).toBe(false);
        expect(record).toEqual(old);
      }
    }
    // Each lead went out in exactly one update call: 3,000 records in batches of ≤ 100.
    const puts = emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
    expect(puts).toBe(MATCHING / 100);

    emu.state.resetCounters();
    const again = await runCommand('update-leads', ['--where', 'Lead_Status:equals:Not Contacted', '--set', 'Lead_Status=Contacted', '--set', 'Rating=Active'], { cwd, env: envFor(emu, cwd) });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 leads match .*; 3000 more from update-leads-where\.results\.csv re-checked/);
    const rerun = results(file);
    expect(rerun).toHaveLength(MATCHING);
    expect(new Set(rerun.map((r) => r.state))).toEqual(new Set(['unchanged']));
    expect(emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBe(0);
  }, SLOW);

  it('refuses bad --where / --set before anything is sent (exit 2)', async () => {
    const cwd = mkdtempSync(path.join(dir, 'bad-'));
    emu.state.resetCounters();
    const cases = [
      ['--where', 'Lead_Status:like:x', '--set', 'Rating=Active'],
      ['--where', 'Lead_Status:equals:x', '--set', 'Rating'],
      ['--where', 'Lead_Status:equals:x'],
      ['--where', 'Lead_Status:equals:x', '--set', 'Rating=Lukewarm'],
      ['--where', 'Lead_Status:equals:Not Contacted', '--file', 'x.csv', '--set', 'Rating=Active'],
    ];
    for (const args of cases) {
      const r = await runCommand('update-leads', args, { cwd, env: envFor(emu, cwd) });
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).toMatch(/✖/);
    }
    expect(emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBe(0);
  }, SLOW);
});

describe('export-leads', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 0, tokenRateLimit: false });
    emu.state.seedRecords(
      'Leads',
      Array.from({ length: 600 }, (_, i) => ({
        Last_Name: i === 0 ? 'O"Brien, Jr.' : `Lead ${i}`,
        Company: i === 1 ? 'Acme (East), Inc & Co #1' : `Co ${i}`,
        Email: i % 3 === 0 ? null : `lead${i}@example.com`,
        Lead_Status: i % 2 === 0 ? 'Not Contacted' : 'Contacted',
        Annual_Revenue: i * 10,
      })),
      { replace: true },
    );
  });
  afterAll(() => emu.stop());

  it('streams every matching lead to CSV that update-leads --file accepts unchanged', async () => {
    const cwd = mkdtempSync(path.join(dir, 'export-'));
    const r = await runCommand('export-leads', ['--where', 'Lead_Status:equals:Not Contacted', '--fields', 'Company,Email,Lead_Status,Annual_Revenue', '--out', 'leads.csv'], { cwd, env: envFor(emu, cwd) });
    expect(r.stderr).toBe(notice(emu));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/300 leads written to leads\.csv/);
    const csv = readFileSync(path.join(cwd, 'leads.csv'), 'utf8');
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('id,Last_Name,Company,Email,Lead_Status,Annual_Revenue');
    expect(lines).toHaveLength(301);
    expect(csv).toContain('"O""Brien, Jr."');

    // Fed back unchanged: nothing to do; then one edited cell changes exactly that lead.
    emu.state.resetCounters();
    const same = await runCommand('update-leads', ['--file', 'leads.csv'], { cwd, env: envFor(emu, cwd) });
    expect(same.stderr).toBe(notice(emu));
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(/300 unchanged/);
    expect(emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBe(0);

    const edited = lines.map((l, i) => (i === 2 ? l.replace(',Not Contacted,', ',Contacted,') : l)).join('\n');
    writeFileSync(path.join(cwd, 'leads.csv'), `${edited}\n`);
    const id = lines[2]!.split(',')[0]!;
    const changed = await runCommand('update-leads', ['--file', 'leads.csv'], { cwd, env: envFor(emu, cwd) });
    expect(changed.code).toBe(0);
    expect(changed.stdout).toMatch(/1 updated, 299 unchanged|299 unchanged, 1 updated/);
    expect(emu.state.getRecord('Leads', id)?.Lead_Status).toBe('Contacted');
  }, SLOW);

  it('refuses fields that would not read back, and an existing --out without --force', async () => {
    const cwd = mkdtempSync(path.join(dir, 'export-bad-'));
    const owner = await runCommand('export-leads', ['--fields', 'Owner,Full_Name'], { cwd, env: envFor(emu, cwd) });
    expect(owner.code).toBe(2);
    expect(owner.stderr).toMatch(/Owner is a ownerlookup field/);
    expect(owner.stderr).toMatch(/Full_Name is read-only/);
    writeFileSync(path.join(cwd, 'leads-export.csv'), 'keep me');
    const exists = await runCommand('export-leads', [], { cwd, env: envFor(emu, cwd) });
    expect(exists.code).toBe(2);
    expect(readFileSync(path.join(cwd, 'leads-export.csv'), 'utf8')).toBe('keep me');
  }, SLOW);
});
