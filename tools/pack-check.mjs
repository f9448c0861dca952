#!/usr/bin/env node
// Proves a package works as published: `npm pack` it (and the workspace packages it depends on),
// install the tarballs into an empty folder outside the workspace, import it from a plain .mjs
// file, and type-check a TypeScript consumer against its published .d.ts (skipLibCheck off).
//
//   node tools/pack-check.mjs config [auth …]     (run `npm run build` first)
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
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', ...tarballs], { cwd: consumer, stdio: 'inherit' });
  for (const n of names) {
    const smoke = SMOKE[n];
    if (!smoke) throw new Error(`no smoke test for ${n}`);
    writeFileSync(path.join(consumer, `${n}.mjs`), smoke.mjs);
    execFileSync(process.execPath, [`${n}.mjs`], { cwd: consumer, stdio: 'inherit' });
    writeFileSync(path.join(consumer, `${n}.ts`), smoke.ts);
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: [] }, files: [`${n}.ts`] }),
    );
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: consumer, stdio: 'inherit' });
    console.log(`types ok: ${n}`);
  }
  console.log(`pack-check passed for ${names.join(', ')}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
