#!/usr/bin/env node
// Bundles a package's compiled `dist/` into one file per public entry, after `tsc -b`.
//
// Why: a cold start loads every ES module file separately (resolve, read, compile, link), and the
// ~95 files of config, safe-fs, auth and crm-core cost ~85 ms before the first call; as one file
// each, ~35 ms. Node 20 has no module compile cache that could hide this.
//
// What: every `exports` entry whose `import` condition names `./dist/<name>.bundle.js` is built
// from tsc's own `./dist/<name>.js`, so the bundle is exactly the compiled code, joined. Other
// packages (`@zcrmkit/*`, the SDK, node:*) stay imports: each package is still loaded once, from its
// own bundle. Entries of one package share their common modules through chunks (code splitting),
// so no class exists twice. Source maps chain back to the TypeScript sources.
//
// Usage (a package's build script): tsc -b tsconfig.json && node ../../tools/bundle-dist.mjs
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const pkgDir = path.resolve(process.argv[2] ?? '.');
const manifest = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const BUNDLE = /^\.\/dist\/(.+)\.bundle\.js$/;

const entryPoints = {};
for (const [key, target] of Object.entries(manifest.exports ?? {})) {
  const file = typeof target === 'object' && target !== null ? target.import : undefined;
  const match = typeof file === 'string' ? BUNDLE.exec(file) : null;
  if (match) entryPoints[`${match[1]}.bundle`] = path.join(pkgDir, 'dist', `${match[1]}.js`);
  else if (key !== './package.json') throw new Error(`${manifest.name}: exports["${key}"].import must be ./dist/<name>.bundle.js (found ${String(file)})`);
}
if (Object.keys(entryPoints).length === 0) throw new Error(`${manifest.name}: no exports entry to bundle`);

const chunks = path.join(pkgDir, 'dist', 'chunks');
rmSync(chunks, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: path.join(pkgDir, 'dist'),
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Every package import stays an import: @zcrmkit/*, the SDK, third-party packages.
  packages: 'external',
  sourcemap: 'linked',
  sourcesContent: true,
  // Names as in the sources: errors and stack traces read the same as before bundling.
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
});
