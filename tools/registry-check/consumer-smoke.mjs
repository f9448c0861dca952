// What tools/registry-check.mjs runs in the consumer folder, against the packages installed from
// the local registry: plain .mjs files (run with node) and one TypeScript file (type-checked with
// skipLibCheck off, so every published .d.ts is checked too).

// A safe update through the whole installed stack: the real SDK, over HTTP, against the installed
// emulator in strict layout mode (a lead missing a mandatory field fails unless it is re-included).
export const SAFE_UPDATE_MJS = `import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from '@zcrmkit/crm-core';
import { updateLeads } from '@zcrmkit/crm-leads';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { iterableSource, jsonLinesResults, runBulkUpdate } from '@zcrmkit/bulk';

const emu = await startEmulator({ strictLayout: true, leadCount: 40 });
const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-consumer-'));
try {
  const config = loadConfig({ env: {}, envFile: false, values: { CLIENT_ID: emu.state.defaultClient.clientId, CLIENT_SECRET: emu.state.defaultClient.clientSecret, REFRESH_TOKEN: emu.state.issueRefreshToken(), ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'sdk.log') } });
  const client = createZohoClient({ config });
  const all = emu.state.listRecords('Leads');
  const complete = all.filter((r) => r.Last_Name && r.Company && r.Lead_Status).slice(0, 4);
  // A lead whose mandatory Lead_Status is empty cannot be re-included: it must fail, untouched.
  const incomplete = all.find((r) => r.Last_Name && r.Company && !r.Lead_Status);
  if (complete.length < 4 || !incomplete) throw new Error('the emulator seed has changed: no complete and incomplete leads');
  const leads = [...complete, incomplete];
  const summary = await updateLeads(client, leads.map((l, i) => ({ id: l.id, changes: { Mobile: '+1 555 010' + i } })), { strategy: 'prefetch' });
  await client.close();
  const wrong = summary.records.filter((r, i) => {
    const mobile = emu.state.getRecord('Leads', leads[i].id).Mobile;
    return i < complete.length ? r.state !== 'updated' || mobile !== '+1 555 010' + i : r.state !== 'failed' || r.code !== 'REQUIRED_FIELD_EMPTY' || mobile === '+1 555 010' + i;
  });
  if (wrong.length > 0) throw new Error('wrong outcome: ' + JSON.stringify(wrong));
  for (const file of ['', '/inspector.js', '/inspector.css']) {
    const page = await fetch(emu.url + '/__emulator/ui' + file);
    if (page.status !== 200) throw new Error('inspector file /__emulator/ui' + file + ' answered ' + page.status + ' from the installed package');
  }
  console.log('safe update ok: ' + summary.counts.updated + ' leads updated, 1 refused with REQUIRED_FIELD_EMPTY and left as it was, ' + summary.calls.updates + ' update call(s)');

  // The bulk pipeline from code: an async iterable in, a JSON Lines results file out.
  const bulkClient = createZohoClient({ config });
  const rest = all.filter((r) => r.Last_Name && r.Company && r.Lead_Status).slice(4, 14);
  const bulk = await runBulkUpdate({
    client: bulkClient,
    source: iterableSource((async function* () { for (const [i, l] of rest.entries()) yield { id: l.id, changes: { Mobile: '+1 555 020' + i } }; })()),
    results: jsonLinesResults(path.join(dir, 'bulk.results.jsonl')),
  });
  await bulkClient.close();
  const lines = readFileSync(path.join(dir, 'bulk.results.jsonl'), 'utf8').trim().split('\\n');
  if (bulk.counts.updated !== rest.length || lines.length !== rest.length + 1) throw new Error('bulk run: ' + JSON.stringify(bulk.counts) + ', ' + lines.length + ' lines');
  console.log('safe update ok: ' + summary.counts.updated + ' leads updated, 1 refused with REQUIRED_FIELD_EMPTY and left as it was, ' + summary.calls.updates + ' update call(s); bulk run from code: ' + bulk.counts.updated + ' updated, one JSON line each');
} finally {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
}
`;

// The installed \`zcrmkit\` command, as a team runs it on a server: its configuration in the
// environment, against an emulator started apart (the installed package's API), never --emulator.
export const CLI_MJS = `import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@zcrmkit/crm-emulator';

const emu = await startEmulator({ strictLayout: true, leadCount: 40 });
const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-consumer-cli-'));
const bin = path.resolve('node_modules', '.bin', 'zcrmkit');
const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLIENT_ID: emu.state.defaultClient.clientId, CLIENT_SECRET: emu.state.defaultClient.clientSecret, REFRESH_TOKEN: emu.state.issueRefreshToken(), ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'sdk.log') };
// Asynchronous: the emulator answers from this very process while the command runs.
const zcrmkit = (...args) => new Promise((resolve) => {
  const child = spawn(bin, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  child.on('close', (status) => resolve({ status, stdout, stderr }));
});
try {
  const complete = emu.state.listRecords('Leads').filter((r) => r.Last_Name && r.Company && r.Lead_Status);
  const one = await zcrmkit('update-lead', '--id', complete[0].id, '--mobile', '+1 555 0301');
  if (one.status !== 0 || emu.state.getRecord('Leads', complete[0].id).Mobile !== '+1 555 0301') throw new Error('zcrmkit update-lead: exit ' + one.status + '\\n' + one.stdout + one.stderr);
  writeFileSync(path.join(dir, 'leads.csv'), 'id,Mobile\\n' + complete.slice(1, 6).map((r, i) => r.id + ',+1 555 031' + i).join('\\n') + '\\n');
  const many = await zcrmkit('update-leads', '--file', 'leads.csv', '--json');
  const doc = JSON.parse(many.stdout);
  if (many.status !== 0 || doc.counts.updated !== 5 || readFileSync(path.join(dir, 'leads.results.csv'), 'utf8').trim().split('\\n').length !== 6) throw new Error('zcrmkit update-leads: exit ' + many.status + '\\n' + many.stdout + many.stderr);
  const help = await zcrmkit('--help');
  if (help.status !== 0 || !help.stdout.startsWith('Usage: zcrmkit <command>')) throw new Error('zcrmkit --help: exit ' + help.status);
  console.log('zcrmkit ok: update-lead updated 1 lead, update-leads --file updated ' + doc.counts.updated + ' with a results line each, --help exit 0');
} finally {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
}
`;

// One instanceof for the errors of every installed package.
export const ERRORS_MJS = `import { ZcrmkitError, ConfigError, loadConfig } from '@zcrmkit/config';
import { AuthError } from '@zcrmkit/auth';
import { ZohoApiError } from '@zcrmkit/crm-core';
import { SafeUpdateError, updateLeads } from '@zcrmkit/crm-leads';
import { BulkError, csvFileSource } from '@zcrmkit/bulk';
import { EmulatorError, startEmulator } from '@zcrmkit/crm-emulator';
import { FleetError, createFleet } from '@zcrmkit/fleet';
import { SafeFsError, openAtomicFileSync } from '@zcrmkit/safe-fs';

const seen = [];
async function expectError(run, cls) {
  try { await run(); } catch (e) {
    if (!(e instanceof cls) || !(e instanceof ZcrmkitError) || typeof e.code !== 'string') throw new Error('wrong error: ' + e);
    seen.push(e.name + ' ' + e.code);
    return;
  }
  throw new Error('no error from ' + cls.name);
}
await expectError(() => loadConfig({ env: {}, envFile: false }), ConfigError);
await expectError(() => startEmulator({ latencyMs: -1 }), EmulatorError);
await expectError(() => updateLeads({}, 'not a list'), SafeUpdateError);
await expectError(() => csvFileSource(''), BulkError);
await expectError(() => {
  const file = openAtomicFileSync('errors-check.txt', 0o600);
  file.commit();
  file.commit();
}, SafeFsError);
await expectError(() => createFleet({ redisUrl: 'redis://127.0.0.1:6379', clientId: '1000.ABCDEFGHIJ', refreshToken: '1000.0123456789abcdef.0123456789abcdef' }), FleetError);
if (!(Object.getPrototypeOf(AuthError.prototype) === ZcrmkitError.prototype && Object.getPrototypeOf(ZohoApiError.prototype) === ZcrmkitError.prototype)) throw new Error('AuthError or ZohoApiError does not extend ZcrmkitError');
console.log('errors ok: ' + seen.join(', ') + '; AuthError and ZohoApiError extend ZcrmkitError');
`;

export const CONSUMER_TS = `import { loadConfig, ZcrmkitError, type ZohoConfig } from '@zcrmkit/config';
import { ZohoTokenStore, type AccessToken } from '@zcrmkit/auth';
import { EXIT_USAGE, runExchangeGrantCli } from '@zcrmkit/auth/cli';
import { createZohoClient, ZohoApiError, type ZohoClient } from '@zcrmkit/crm-core';
import { updateLeads, type SafeUpdateSummary } from '@zcrmkit/crm-leads';
import { csvFileSource, csvResults, runBulkUpdate, type BulkSummary } from '@zcrmkit/bulk';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@zcrmkit/crm-emulator';

const config: ZohoConfig = loadConfig({ envFile: false, env: {} });
// @ts-expect-error the config is read-only
config.apiUrl = 'x';
const client: ZohoClient = createZohoClient({ config });
export const token: Promise<AccessToken> = ZohoTokenStore.fromConfig(config).getAccessToken();
export const bulk: Promise<BulkSummary> = runBulkUpdate({ client, source: csvFileSource('leads.csv'), results: csvResults('leads.results.csv'), strategy: 'prefetch', dryRun: true });
export const run: Promise<SafeUpdateSummary> = updateLeads(client, [{ id: '6051205000000000001', changes: { Mobile: '+1 555 0100' } }], { strategy: 'optimistic', dryRun: true });
const options: EmulatorOptions = { strictLayout: true, latencyMs: { fixedMs: 5, jitterMs: 5 } };
export const emulator: Promise<RunningEmulator> = startEmulator(options);
export const help: Promise<boolean> = runExchangeGrantCli(['--help']).then((code) => code !== EXIT_USAGE);
export function codeOf(error: unknown): string | undefined {
  if (error instanceof ZohoApiError) return error.status === undefined ? error.code : \`\${error.code} (\${error.status})\`;
  return error instanceof ZcrmkitError ? error.code : undefined;
}
`;
