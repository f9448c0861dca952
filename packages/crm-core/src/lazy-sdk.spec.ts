import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// Importing crm-core, creating a client, and failing on a bad configuration must not load the Zoho
// SDK (~1.5 s, ~140 MB). Proven in a fresh Node process on the built package, where the module
// cache is the real one: the SDK's CommonJS dependencies (got, form-data, moment-timezone) show up
// in require.cache once the SDK is loaded — the child checks that too, as a control.

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distEntry = pathToFileURL(path.join(packageDir, 'dist', 'index.js')).href;
const configEntry = pathToFileURL(path.join(packageDir, '..', 'config', 'dist', 'index.js')).href;
const sdkEntry = pathToFileURL(createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0')).href;

const child = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(distEntry)});
const sdkModules = () => Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/](got|form-data|moment-timezone)[\\\\/]/.test(k));
const out = {};
const core = await import(${JSON.stringify(distEntry)});
out.exports = Object.keys(core).sort();
try { core.createZohoClient(); out.configError = 'none'; } catch (e) { out.configError = e.name + ':' + e.code; }
const { loadConfig } = await import(${JSON.stringify(configEntry)});
const config = loadConfig({ values: { CLIENT_ID: '1000.ABCDEF123', CLIENT_SECRET: 'abcdefghij12', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ZOHO_API_URL: 'http://127.0.0.1:9', ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9' }, env: {}, envFile: false });
core.createZohoClient({ config });
out.sdkBefore = sdkModules().length;
await import(${JSON.stringify(sdkEntry)});
out.sdkAfter = sdkModules().length;
process.stdout.write(JSON.stringify(out));
`;

interface ChildReport {
  exports: string[];
  configError: string;
  sdkBefore: number;
  sdkAfter: number;
}

let report: ChildReport;

beforeAll(() => {
  // The child runs the built package; build it (a no-op when dist is current).
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: packageDir, stdio: 'pipe' });
  const cwd = mkdtempSync(path.join(tmpdir(), 'crm-core-lazy-'));
  try {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', child], { cwd, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    report = JSON.parse(stdout) as ChildReport;
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
  // tsc -b and one child importing the SDK take ~3–5 s on a quiet machine: 60 s only catches a hang.
}, 60_000);

describe('lazy SDK import', () => {
  it('importing crm-core and creating a client loads nothing of the SDK', () => {
    expect(report.exports).toContain('createZohoClient');
    expect(report.sdkBefore).toBe(0);
  });

  it('a configuration error is reported without loading the SDK', () => {
    expect(report.configError).toBe('ConfigError:CONFIG_INVALID');
    expect(report.sdkBefore).toBe(0);
  });

  // What the SDK import costs in time is measured by `npm run bench` (cold start), not here.
  it('the check would notice the SDK (control)', () => {
    expect(report.sdkAfter).toBeGreaterThan(0);
  });
});
