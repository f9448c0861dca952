// Every example target on the embedded emulator (`--emulator`, what `nx run examples:<target>:emulator` runs).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { runCommand } from './run-command.js';

let cwd: string;
let sampleIds: string[];

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-'));
  // The embedded emulator is seeded deterministically: the same defaults give the same leads.
  const emu = await startEmulator({});
  sampleIds = emu.state
    .listRecords('Leads')
    .filter((r) => r.Last_Name && r.Company && r.Lead_Status)
    .slice(0, 5)
    .map((r) => String(r.id));
  await emu.stop();
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('examples on the embedded emulator', () => {
  it('update-lead: says it is the emulator, re-includes the strict-layout fields, updates', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--mobile', '+44 20 7946 0000'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/LOCAL ZOHO EMULATOR at http:\/\/127\.0\.0\.1:\d+/);
    // Zoho names one strict field; the rest come from the layout it belongs to, in its order.
    for (const field of ['Last_Name', 'Company', 'Lead_Status']) expect(r.stdout).toMatch(new RegExp(`re-included: .*${field}`));
    expect(r.stdout).toMatch(/result: +✔ updated/);
    expect(r.stdout).toMatch(/emulator now: Mobile="\+44 20 7946 0000", Last_Name="[^"]+", Company="[^"]+"/);
    expect(existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('update-lead --dry-run sends nothing and shows the payload', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--dry-run', '--id', sampleIds[1]!, '--mobile', '+1 555 0123'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/dry run — would send .*"Mobile":"\+1 555 0123"/);
    expect(r.stdout).not.toMatch(/emulator now/);
  });

  it('update-lead rejects a bad value before sending (exit 2)', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--id', sampleIds[2]!, '--mobile', '1'.repeat(40)], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/rejected .*Mobile|rejected INVALID_VALUE/);
  });

  it('check-init: data center, org, user and scopes', async () => {
    const r = await runCommand('check-init', ['--emulator'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Data center: +custom/);
    expect(r.stdout).toMatch(/Org: +\S.* \(id \d+\)/);
    expect(r.stdout).toMatch(/User: +\S+@\S+/);
    expect(r.stdout).toMatch(/Scopes: +✔/);
  });

  it('exchange-grant: exchanges an emulator grant code, never prints a token, leaves the real .env alone', async () => {
    writeFileSync(path.join(cwd, '.env'), 'KEEP=me\n');
    const r = await runCommand('exchange-grant', ['--emulator'], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/1000\.[a-f0-9]{32}\.[a-f0-9]{32}/);
    expect(r.stdout).toMatch(/your own \.env is untouched/);
    expect(readFileSync(path.join(cwd, '.env'), 'utf8')).toBe('KEEP=me\n');
    rmSync(path.join(cwd, '.env'));
  });

  it('update-leads: a small CSV, results file beside it', async () => {
    const file = path.join(cwd, 'few.csv');
    writeFileSync(file, `id,Mobile\n${sampleIds.map((id, i) => `${id},+1 555 01${i}0`).join('\n')}\n`);
    const r = await runCommand('update-leads', ['--emulator', '--file', file], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const results = readFileSync(path.join(cwd, 'few.results.csv'), 'utf8').trim().split('\n');
    expect(results[0]).toBe('line,id,state,code,message,fields');
    expect(results.slice(1).map((l) => l.split(',')[2])).toEqual(['updated', 'updated', 'updated', 'updated', 'updated']);
  });

  it('update-leads: a lead with an empty strict-layout field fails with a message naming it (exit 1)', async () => {
    const emu = await startEmulator({});
    const empty = emu.state.listRecords('Leads').find((r) => !r.Lead_Status);
    await emu.stop();
    const file = path.join(cwd, 'empty.csv');
    writeFileSync(file, `id,Mobile
${sampleIds[0]},+1 555 0111
${String(empty!.id)},+1 555 0112
`);
    const r = await runCommand('update-leads', ['--emulator', '--file', file], { cwd });
    expect(r.code).toBe(1);
    const rows = readFileSync(path.join(cwd, 'empty.results.csv'), 'utf8').trim().split('\n');
    expect(rows[1]).toMatch(/,updated,/);
    expect(rows[2]).toMatch(/,failed,REQUIRED_FIELD_EMPTY,.*Lead_Status/);
  });
});
