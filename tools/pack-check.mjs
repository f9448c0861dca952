#!/usr/bin/env node
// Proves a package works as published: `npm pack` it (and the workspace packages it depends on),
// install the tarballs into an empty folder outside the workspace, import it from a plain .mjs
// file, and type-check a TypeScript consumer against its published .d.ts (skipLibCheck off).
//
//   node tools/pack-check.mjs config auth crm-emulator crm-leads     (run `npm run build` first)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const names = process.argv.slice(2);
if (names.length === 0 || names.includes('--help')) {
  console.log('usage: node tools/pack-check.mjs <package-folder-name> […]   e.g. config');
  process.exit(names.length === 0 ? 2 : 0);
}

const SMOKE = {
  config: {
    mjs: `import { loadConfig, ConfigError } from '@zcrmkit/config';
const c = loadConfig({ env: { CLIENT_ID: '1000.ABCDEFGHIJ', CLIENT_SECRET: 'abcdef0123456789', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ACCOUNTS_URL: 'https://accounts.zoho.jp' }, envFile: false });
if (c.apiUrl !== 'https://www.zohoapis.jp') throw new Error('wrong API URL ' + c.apiUrl);
try { loadConfig({ env: {}, envFile: false }); throw new Error('no error'); } catch (e) { if (!(e instanceof ConfigError)) throw e; }
console.log('mjs ok:', c.dataCenter, c.apiUrl);`,
    ts: `import { loadConfig, type ZohoConfig, type DataCenterId } from '@zcrmkit/config';
const c: ZohoConfig = loadConfig({ envFile: false, env: {} });
const dc: DataCenterId | 'custom' = c.dataCenter;
// @ts-expect-error the config is read-only
c.apiUrl = 'x';
export { dc };`,
  },
  'crm-emulator': {
    mjs: `import { startEmulator } from '@zcrmkit/crm-emulator';
const emu = await startEmulator({ leadCount: 3 });
const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: emu.state.defaultClient.clientId, client_secret: emu.state.defaultClient.clientSecret, refresh_token: emu.state.issueRefreshToken() }) });
const body = await res.json();
if (typeof body.access_token !== 'string') throw new Error('no access token');
const leads = await fetch(emu.url + '/crm/v8/Leads?per_page=2&fields=Last_Name', { headers: { authorization: 'Zoho-oauthtoken ' + body.access_token } });
if ((await leads.json()).data.length !== 2) throw new Error('wrong page');
for (const file of ['', '/inspector.js', '/inspector.css']) {
  const page = await fetch(emu.url + '/__emulator/ui' + file);
  if (page.status !== 200) throw new Error('inspector file /__emulator/ui' + file + ' answered ' + page.status + ' from the installed package');
}
await emu.stop();
console.log('mjs ok: emulator answered at', emu.url);`,
    ts: `import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@zcrmkit/crm-emulator';
const options: EmulatorOptions = { strictLayout: true, latencyMs: { fixedMs: 5, jitterMs: 5 } };
export const run: Promise<RunningEmulator> = startEmulator(options);`,
  },
  auth: {
    mjs: `import { AuthError, ZohoTokenStore, REQUIRED_SCOPES } from '@zcrmkit/auth';
if (REQUIRED_SCOPES.length !== 4) throw new Error('scopes');
try { new ZohoTokenStore({}); throw new Error('no error'); } catch (e) { if (!(e instanceof TypeError)) throw e; }
console.log('mjs ok:', typeof AuthError, REQUIRED_SCOPES.join(','));`,
    ts: `import { ZohoTokenStore, type AccessToken, type TokenStoreOptions } from '@zcrmkit/auth';
const options: TokenStoreOptions = { path: 'x', clientId: 'a', clientSecret: 'b', refreshToken: 'c', tokenUrl: 'https://accounts.zoho.com/oauth/v2/token' };
export const token: Promise<AccessToken> = new ZohoTokenStore(options).getAccessToken();`,
  },
  // The whole stack as a consumer installs it: the real SDK, over HTTP, against the emulator.
  'crm-leads': {
    mjs: `import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from '@zcrmkit/crm-core';
import { updateLead } from '@zcrmkit/crm-leads';
import { startEmulator } from '@zcrmkit/crm-emulator';
const emu = await startEmulator({ strictLayout: true, leadCount: 5 });
const dir = mkdtempSync(path.join(tmpdir(), 'consumer-'));
const config = loadConfig({ env: {}, envFile: false, values: { CLIENT_ID: emu.state.defaultClient.clientId, CLIENT_SECRET: emu.state.defaultClient.clientSecret, REFRESH_TOKEN: emu.state.issueRefreshToken(), ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: dir, ZOHO_LOG_FILE: path.join(dir, 'sdk.log') } });
const client = createZohoClient({ config });
const lead = emu.state.listRecords('Leads').find((r) => r.Last_Name && r.Company && r.Lead_Status);
const outcome = await updateLead(client, lead.id, { Mobile: '+1 555 0100' }, { strategy: 'prefetch' });
if (outcome.state !== 'updated' || emu.state.getRecord('Leads', lead.id).Mobile !== '+1 555 0100') throw new Error('not updated: ' + outcome.state);
await client.close();
await emu.stop();
console.log('mjs ok: lead updated through the installed stack');`,
    ts: `import { createZohoClient, type ZohoClient } from '@zcrmkit/crm-core';
import { updateLeads, type SafeUpdateSummary } from '@zcrmkit/crm-leads';
const client: ZohoClient = createZohoClient();
export const run: Promise<SafeUpdateSummary> = updateLeads(client, [{ id: '6051205000000000001', changes: { Mobile: '+1 555 0100' } }], { strategy: 'optimistic', dryRun: true });`,
  },
};

function workspaceDeps(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const pkg = JSON.parse(readFileSync(path.join(root, 'packages', name, 'package.json'), 'utf8'));
  for (const dep of Object.keys(pkg.dependencies ?? {})) {
    if (dep.startsWith('@zcrmkit/')) workspaceDeps(dep.slice('@zcrmkit/'.length), seen);
  }
  return seen;
}

const work = mkdtempSync(path.join(tmpdir(), 'zcrmkit-pack-'));
try {
  const all = new Set(names.flatMap((n) => [...workspaceDeps(n)]));
  const tarballs = [...all].map((n) => {
    const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', work, '-w', `packages/${n}`], { cwd: root, encoding: 'utf8' });
    return path.join(work, out.trim().split('\n').pop());
  });
  const consumer = path.join(work, 'consumer');
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  // A TypeScript consumer on Node has Node's types: the packages' .d.ts name a few (node:util's inspect symbol).
  const nodeTypes = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).devDependencies['@types/node'];
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', ...tarballs, `@types/node@${nodeTypes}`], { cwd: consumer, stdio: 'inherit' });
  for (const n of names) {
    const smoke = SMOKE[n];
    if (!smoke) throw new Error(`no smoke test for ${n}`);
    writeFileSync(path.join(consumer, `${n}.mjs`), smoke.mjs);
    execFileSync(process.execPath, [`${n}.mjs`], { cwd: consumer, stdio: 'inherit' });
    writeFileSync(path.join(consumer, `${n}.ts`), smoke.ts);
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] }, files: [`${n}.ts`] }),
    );
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: consumer, stdio: 'inherit' });
    console.log(`types ok: ${n}`);
  }
  console.log(`pack-check passed for ${names.join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
