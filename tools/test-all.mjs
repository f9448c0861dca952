#!/usr/bin/env node
// `npm test`: lint, build and test every project through Nx, then print one line with the
// totals of every jest run: `N passed, N failed[, N skipped]`.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
};
// The workspace scripts (tools/, root configs) are no Nx project: lint them here.
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
const toolsLint = spawnSync(process.execPath, [eslintBin, 'tools', 'jest.preset.mjs', 'eslint.config.mjs'], { cwd: root, stdio: 'inherit' });
const nxBin = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const run = spawnSync(
  process.execPath,
  [nxBin, 'run-many', '-t', 'lint', 'build', 'test', '--output-style=static', ...process.argv.slice(2)],
  { cwd: root, env, stdio: 'inherit' },
);

// CI also proves the packages install from a registry (tools/registry-check.mjs); its checks join
// the totals below, so the last line stays the totals line.
const registryCheck = process.env.ZCRMKIT_REGISTRY_CHECK === '1'
  ? spawnSync(process.execPath, [path.join(root, 'tools', 'registry-check.mjs')], { cwd: root, env, stdio: 'inherit' })
  : { status: 0 };

let passed = 0;
let failed = 0;
let skipped = 0;
let files = [];
try {
  files = readdirSync(resultsDir).filter((f) => f.endsWith('.json'));
} catch {
  files = [];
}
for (const file of files) {
  const t = JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8'));
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
}
const status = (run.status ?? 1) || (toolsLint.status ?? 1) || (registryCheck.status ?? 1);
if (toolsLint.status !== 0) console.log('eslint failed on the workspace scripts (tools/, root configs)');
if (status !== 0 && failed === 0) console.log(`nx run-many exited with ${status}: a lint, build or test target failed before reporting tests`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status);
