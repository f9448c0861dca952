// What every command line of the project has in common: one help layout, usage errors that name
// the option (exit 2), a configuration hint that works when copied, and `--json` summaries.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, runCommand, startScript, workspaceRoot, ZCRMKIT_BIN, type CommandRun } from './run-command.js';

const TOKEN = /1000\.[a-f0-9]{32}\.[a-f0-9]{32}/;
// The packages' own bins, as npm links them (the committed shims that load the built entry points).
const AUTH_BIN = path.join(workspaceRoot, 'packages', 'auth', 'bin', 'zcrmkit-exchange-grant.js');
const EMULATOR_BIN = path.join(workspaceRoot, 'packages', 'crm-emulator', 'bin', 'zcrmkit-emulator.js');

/** A command line as a shell splits it: words, and double-quoted words with spaces. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

let cwd: string;
let clientSecret: string;
let sampleIds: string[];

const runScript = (script: string, args: string[]): Promise<CommandRun> => startScript(script, args, { cwd }).done;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed document, probed by matchers
type Json = Record<string, any>;

/** The one JSON document a `--json` run must print on stdout, parsed (fails if stdout holds anything else). */
function jsonOf(run: CommandRun): Json {
  return JSON.parse(run.stdout) as Json;
}

beforeAll(async () => {
  cwd = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-cli-'));
  // The embedded emulator is seeded deterministically: the same defaults give the same leads and client.
  const emu = await startEmulator({});
  clientSecret = emu.state.defaultClient.clientSecret;
  sampleIds = emu.state.listRecords('Leads').filter((r) => r.Last_Name && r.Company && r.Lead_Status).slice(0, 3).map((r) => String(r.id));
  await emu.stop();
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

describe('one help layout', () => {
  const names = ['check-init', 'update-lead', 'update-leads', 'export-leads', 'exchange-grant', 'emulator'];
  const commands: [string, (args: string[]) => Promise<CommandRun>, string][] = [
    ...names.map((n): [string, (args: string[]) => Promise<CommandRun>, string] => [`zcrmkit ${n}`, (args) => runCommand(n, args, { cwd }), `zcrmkit ${n}`]),
    ['zcrmkit-exchange-grant (auth bin)', (args) => runScript(AUTH_BIN, args), 'zcrmkit-exchange-grant'],
    ['zcrmkit-emulator (emulator bin)', (args) => runScript(EMULATOR_BIN, args), 'zcrmkit-emulator'],
  ];

  it.each(commands)('%s --help: usage, description, options, examples; exit 0', async (_what, run, name) => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^Usage: ${name} \\[options\\]`));
    expect(r.stdout).toMatch(/\n\nOptions:\n[\s\S]*-h, --help +display help for command\n\nExamples:\n {2}\$ \S+/);
    expect(r.stdout).toMatch(/\nExit codes: 0 /);
  });

  it('zcrmkit --help lists every command, with examples and exit codes; exit 0', async () => {
    const r = await startScript(ZCRMKIT_BIN, ['--help'], { cwd }).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: zcrmkit <command> \[options\]/);
    for (const n of names) expect(r.stdout).toMatch(new RegExp(`\\n  ${n} +\\S`));
    expect(r.stdout).toMatch(/\n\nExamples:\n {2}\$ zcrmkit /);
    expect(r.stdout).toMatch(/\nExit codes: 0 done, 1 some records failed, 2 usage/);
  });

  it('zcrmkit with an unknown command suggests the closest (exit 2); without one it shows the help (exit 2)', async () => {
    const typo = await startScript(ZCRMKIT_BIN, ['update-laeds'], { cwd }).done;
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/unknown command 'update-laeds'\n\(Did you mean update-leads\?\)/);
    const none = await startScript(ZCRMKIT_BIN, [], { cwd }).done;
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: zcrmkit <command>/);
  });

  it('exchange-grant --help lists --emulator with the package options', async () => {
    const r = await runCommand('exchange-grant', ['--help'], { cwd });
    for (const option of ['--code <code>', '--env <path>', '--print', '--emulator']) expect(r.stdout).toContain(option);
    expect(r.stdout).not.toContain('--env-file');
    expect(r.stdout).toContain('$ zcrmkit exchange-grant --emulator');
  });

  it.each(commands)('%s: an unknown option is a usage error naming it (exit 2)', async (_what, run) => {
    const r = await run(['--no-such-option']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
    expect(r.stderr).toMatch(/--help for the options/);
  });
});

describe('the commands npm links', () => {
  const manifests = ['cli', 'auth', 'crm-emulator'].map((p) => ({ dir: path.join(workspaceRoot, 'packages', p), bin: JSON.parse(readFileSync(path.join(workspaceRoot, 'packages', p, 'package.json'), 'utf8')).bin as Record<string, string> }));

  it('every bin is a committed file outside dist/, so a fresh clone links it before the first build', () => {
    for (const { bin } of manifests) for (const target of Object.values(bin)) expect(target).toMatch(/^\.\/bin\/[\w-]+\.js$/);
  });

  it.each(manifests.flatMap(({ dir, bin }) => Object.entries(bin).map(([name, target]) => [name, dir, target] as const)))('%s before a build: says how to build it (exit 1), no stack trace', async (name, dir, target) => {
    const fresh = mkdtempSync(path.join(cwd, 'fresh-'));
    mkdirSync(path.join(fresh, 'bin'));
    cpSync(path.join(dir, target), path.join(fresh, target));
    writeFileSync(path.join(fresh, 'package.json'), '{ "type": "module" }\n');
    const r = await startScript(path.join(fresh, target), ['--help'], { cwd }).done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^${name === 'zoho-emulator' ? 'zcrmkit-emulator' : name}: not built yet; run "npm run build"`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the "No Zoho account yet?" hint', () => {
  it.each(['check-init', 'update-lead', 'update-leads'])('%s: the hinted command runs as copied (exit 0)', async (cmd) => {
    const dir = mkdtempSync(path.join(cwd, `hint-${cmd}-`));
    const args = cmd === 'update-leads' ? ['--file', 'x.csv'] : [];
    if (cmd === 'update-leads') writeFileSync(path.join(dir, 'x.csv'), 'id,Mobile\n6051205000000000001,1\n');
    const r = await runCommand(cmd, args, { cwd: dir });
    expect(r.code).toBe(2);
    const hint = /No Zoho account yet\? Run it on the local emulator: +zcrmkit (.+)$/m.exec(r.stderr);
    const [hinted, ...hintedArgs] = shellWords(hint?.[1] ?? '');
    expect(hinted).toBe(cmd);
    expect(hintedArgs).toContain('--emulator');
    const run = await runCommand(cmd, hintedArgs, { cwd: mkdtempSync(path.join(cwd, 'copied-')) });
    expect(run.stderr.split('\n').filter((l) => l.trim() !== '')).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('update-lead of a lead that does not exist', () => {
  it('prints one coherent message and exits 1', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--id', '123'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/RECORD_NOT_FOUND: lead 123 does not exist in this org/);
    expect(r.stdout).not.toMatch(/read: +nothing/);
    expect(r.stdout.match(/RECORD_NOT_FOUND/g)).toHaveLength(1);
  });
});

describe('--json', () => {
  it('check-init: data center, environment, org, user and scopes; nothing else on stdout', async () => {
    const r = await runCommand('check-init', ['--emulator', '--json'], { cwd });
    expect(r.code).toBe(0);
    const doc = jsonOf(r);
    expect(doc).toMatchObject({ command: 'check-init', ok: true, dataCenter: 'custom', environment: 'production', org: { id: expect.stringMatching(/^\d+$/), name: expect.any(String) }, user: { email: expect.stringMatching(/@/) } });
    expect(doc.scopes).toMatchObject({ ok: true, missing: [], required: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ'] });
    // The human report still goes to stderr.
    expect(r.stderr).toMatch(/LOCAL ZOHO EMULATOR/);
    expect(r.stdout + r.stderr).not.toContain(clientSecret);
    expect(r.stdout + r.stderr).not.toMatch(TOKEN);
  });

  it('update-lead: the record outcome, with the fields re-included', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--json', '--id', sampleIds[0]!, '--mobile', '+1 555 0777'], { cwd });
    expect(r.code).toBe(0);
    const doc = jsonOf(r);
    expect(doc).toMatchObject({ command: 'update-lead', id: sampleIds[0], state: 'updated', dryRun: false });
    expect(doc.changes).toEqual([expect.objectContaining({ field: 'Mobile', to: '+1 555 0777', differs: true })]);
    expect(doc.reincluded.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['Last_Name', 'Company', 'Lead_Status']));
    expect(r.stdout + r.stderr).not.toMatch(TOKEN);
  });

  it('update-lead of a missing lead: state failed with its code, exit 1', async () => {
    const r = await runCommand('update-lead', ['--emulator', '--json', '--id', '123'], { cwd });
    expect(r.code).toBe(1);
    expect(jsonOf(r)).toMatchObject({ command: 'update-lead', id: '123', state: 'failed', code: 'RECORD_NOT_FOUND' });
  });

  it('update-leads: counts, results file and the rows that did not go well', async () => {
    const file = path.join(cwd, 'json.csv');
    writeFileSync(file, `id,Mobile\n${sampleIds.map((id, i) => `${id},+1 555 03${i}0`).join('\n')}\n6051205000000000001,+1 555 0399\n`);
    const r = await runCommand('update-leads', ['--emulator', '--json', '--file', file], { cwd });
    expect(r.code).toBe(1);
    const doc = jsonOf(r);
    expect(doc).toMatchObject({ command: 'update-leads', mode: 'file', dryRun: false, interrupted: false, rows: 4, counts: { updated: 3, failed: 1 }, resultsFile: path.join(cwd, 'json.results.csv'), problemsNotListed: 0 });
    expect(doc.problems).toEqual([{ line: 5, id: '6051205000000000001', state: 'failed', code: 'RECORD_NOT_FOUND', message: expect.stringContaining('does not exist') }]);
    // Progress lines and the human summary are on stderr, never inside the document.
    expect(r.stderr).toMatch(/progress: 4\/4 records/);
  });

  it('errors are one JSON error object with the same exit codes', async () => {
    const empty = mkdtempSync(path.join(cwd, 'json-empty-'));
    const config = await runCommand('check-init', ['--json'], { cwd: empty });
    expect(config.code).toBe(2);
    expect(jsonOf(config)).toEqual({ error: { code: 'CONFIG_INVALID', message: expect.stringMatching(/CLIENT_ID: is missing/) } });
    const usage = await runCommand('update-leads', ['--json', '--bogus'], { cwd });
    expect(usage.code).toBe(2);
    expect(jsonOf(usage)).toEqual({ error: { code: 'USAGE', message: "error: unknown option '--bogus'" } });
    const missing = await runCommand('update-lead', ['--json'], { cwd: empty, env: cleanEnv({ CLIENT_ID: '1000.ABCDEFGHIJ', CLIENT_SECRET: 'abcdef0123456789', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ACCOUNTS_URL: 'https://accounts.zoho.eu' }) });
    expect(missing.code).toBe(2);
    expect(jsonOf(missing)).toEqual({ error: { code: 'MISSING_INPUT', message: expect.stringContaining('LEAD_ID (or --id)') } });
    expect(missing.stdout).not.toContain('abcdef0123456789');
  });
});
