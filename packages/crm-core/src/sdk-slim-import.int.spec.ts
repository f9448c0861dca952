import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';

// Started by the emulator (real SDK, real HTTP), in fresh Node processes on the built package: jest's
// module registry ignores Node's resolve hooks, so only a plain process shows which SDK files load.
// The child counts every SDK file Node resolves through a hook of its own, registered first.

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distEntry = pathToFileURL(path.join(packageDir, 'dist', 'index.js')).href;
const configEntry = pathToFileURL(path.join(packageDir, '..', 'config', 'dist', 'index.js')).href;
const sdkIndex = createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0');
const sdkLib = pathToFileURL(path.dirname(sdkIndex) + path.sep).href;

const child = `
import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const s = JSON.parse(process.argv[1]);
const { port1, port2 } = new MessageChannel();
const seen = new Set();
port1.on('message', (url) => seen.add(url));
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(d) { port = d.port; } export async function resolve(s, c, next) { const r = await next(s, c); port.postMessage(r.url); return r; }'), { data: { port: port2 }, transferList: [port2] });
async function sdkFiles() {
  const mark = 'data:text/javascript,export default ' + Math.random();
  await import(mark);
  while (!seen.has(mark)) await new Promise((r) => setTimeout(r, 5));
  return [...seen].filter((u) => u.startsWith(s.lib) && u.endsWith('.js')).length;
}
if (s.fullFirst) await import(s.sdkIndex);
const { loadConfig } = await import(s.configEntry);
const core = await import(s.distEntry);
const config = loadConfig({ values: s.values, env: {}, envFile: false });
const client = core.createZohoClient({ config });
const out = {};
const [read] = await client.getRecords('Leads', [s.leadId], ['Last_Name', 'Mobile']);
out.read = read.id === s.leadId;
const [written] = await client.updateRecords('Leads', [{ id: s.leadId, Mobile: s.mobile }]);
out.written = written.status;
out.filesAfterWork = await sdkFiles();
// An app that imports the whole SDK afterwards shares its classes and static state.
const full = await import(s.sdkIndex);
out.sharedInitializer = full.Initializer.getInitializer() !== null && (await full.Initializer.getInitializer()) !== null;
out.filesAfterFull = await sdkFiles();
const [again] = await client.getRecords('Leads', [s.leadId], ['Mobile']);
out.readBack = again.Mobile;
await client.close();
port1.close();
process.stdout.write(JSON.stringify(out));
`;

interface ChildReport {
  read: boolean;
  written: string;
  filesAfterWork: number;
  sharedInitializer: boolean;
  filesAfterFull: number;
  readBack: string;
}

let env: EmulatorEnv<RunningEmulator>;

function runChild(childEnv: NodeJS.ProcessEnv, mobile: string, fullFirst = false): Promise<ChildReport> {
  const dataDir = mkdtempSync(path.join(env.dir, 'data-'));
  const settings = {
    lib: sdkLib,
    sdkIndex: pathToFileURL(sdkIndex).href,
    distEntry,
    configEntry,
    leadId: String(env.emu.state.listRecords('Leads')[0]?.id),
    mobile,
    fullFirst,
    values: env.values({ refreshToken: env.emu.state.issueRefreshToken(), dataDir, logLevel: 'info' }),
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', child, JSON.stringify(settings)], { cwd: env.dir, env: { PATH: process.env.PATH ?? '', ...childEnv }, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      // The settings hold a refresh token: report the child's own words, never its arguments.
      if (error) reject(new Error(`child failed (${error.code ?? error.signal}): ${stderr.slice(0, 2000)}`));
      else resolve(JSON.parse(stdout) as ChildReport);
    });
  });
}

beforeAll(async () => {
  // The children run the built package; build it (a no-op when dist is current).
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: packageDir, stdio: 'pipe' });
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 3, tokenRateLimit: false }));
}, 60_000);

afterAll(async () => {
  await env?.close();
});

describe('SDK import, only the files crm-core calls (against the emulator)', () => {
  // Each child: one cold start with the SDK (~1–2 s on a quiet machine); 60 s only catches a hang.
  it('a read and a write load a few hundred of the SDK files, and the whole SDK imported later shares them', async () => {
    const report = await runChild({}, '+1 555 0101');
    expect(report).toMatchObject({ read: true, written: 'success', sharedInitializer: true, readBack: '+1 555 0101' });
    // 211 with SDK 2.0.0; the whole SDK is 1,740 files.
    expect(report.filesAfterWork).toBeGreaterThan(100);
    expect(report.filesAfterWork).toBeLessThan(500);
    expect(report.filesAfterFull).toBeGreaterThan(1_500);
  }, 60_000);

  it('an app that imported the whole SDK first: crm-core uses the modules already loaded, with the same outcome', async () => {
    const report = await runChild({}, '+1 555 0103', true);
    expect(report).toMatchObject({ read: true, written: 'success', sharedInitializer: true, readBack: '+1 555 0103' });
    expect(report.filesAfterWork).toBeGreaterThan(1_500);
  }, 60_000);

  it('ZCRMKIT_SDK_IMPORT=full imports the whole SDK, with the same outcome', async () => {
    const report = await runChild({ ZCRMKIT_SDK_IMPORT: 'full' }, '+1 555 0102');
    expect(report).toMatchObject({ read: true, written: 'success', sharedInitializer: true, readBack: '+1 555 0102' });
    expect(report.filesAfterWork).toBeGreaterThan(1_500);
  }, 60_000);
});
