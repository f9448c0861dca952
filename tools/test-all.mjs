#!/usr/bin/env node
// `npm test`: build, then lint and test every project through Nx, then print one line with the
// totals of every jest run: `N passed, N failed[, N skipped]`.
// `npm test -- --stress` (what `.ci/run` runs) adds the `stress` targets — the full-strength
// suites that `test` runs shorter — and counts them in the same line.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, '.test-results');
rmSync(resultsDir, { recursive: true, force: true });

const args = process.argv.slice(2);
const stress = args.includes('--stress');
const nxArgs = args.filter((a) => a !== '--stress');
const targets = ['lint', 'test', ...(stress ? ['stress'] : [])];

const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_ISOLATE_PLUGINS: 'false',
  // Nx would load the root .env (a user's real settings) into every task: tests never see it.
  NX_LOAD_DOT_ENV_FILES: 'false',
};
// The workspace scripts (tools/, root configs) are no Nx project: lint them here.
const eslintBin = path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
const toolsLint = spawnSync(process.execPath, [eslintBin, 'tools', 'jest.preset.mjs', 'eslint.config.mjs'], { cwd: root, stdio: 'inherit' });
const nxBin = path.join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js');
const registryWanted = process.env.ZCRMKIT_REGISTRY_CHECK === '1';
// Builds first, alone: the registry check copies and publishes them while lint and the tests run
// beside it, and those run with --exclude-task-dependencies, so no Nx process restores a dist/
// folder from its cache (deleting it first) while the check copies it or a test runs from it.
// The registry check publishes every package, so with it every project is built, whatever the filter.
const build = spawnSync(process.execPath, [nxBin, 'run-many', '-t', 'build', '--output-style=static', ...(registryWanted ? [] : nxArgs)], { cwd: root, env, stdio: 'inherit' });

/** A child's exit status; its output is kept and printed after the tests', so the two never interleave. */
function runBuffered(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('error', (error) => resolve({ status: 1, output: `${error.message}\n` }));
    child.on('close', (code) => resolve({ status: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/** Like spawnSync with inherited output, without blocking the registry check running beside it. */
function runInherited(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.on('error', () => resolve({ status: 1 }));
    child.on('close', (code) => resolve({ status: code ?? 1 }));
  });
}

// CI also proves the packages install from a registry (tools/registry-check.mjs); its checks join
// the totals below, so the last line stays the totals line.
const registryPending = registryWanted && build.status === 0
  ? runBuffered([path.join(root, 'tools', 'registry-check.mjs'), '--prebuilt'])
  : Promise.resolve({ status: registryWanted ? 1 : 0, output: registryWanted ? 'registry-check: not run, the build failed\n' : '' });
const run = build.status === 0
  ? await runInherited([nxBin, 'run-many', '-t', ...targets, '--exclude-task-dependencies', '--output-style=static', ...nxArgs])
  : build;
const registryCheck = await registryPending;
process.stdout.write(registryCheck.output);

/** Every totals file under .test-results/ (one per project and target). */
function totalsFiles(dir) {
  let entries = [];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => (e.isDirectory() ? totalsFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []));
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of totalsFiles(resultsDir)) {
  const t = JSON.parse(readFileSync(file, 'utf8'));
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
}
const status = (run.status ?? 1) || (toolsLint.status ?? 1) || (registryCheck.status ?? 1);
if (toolsLint.status !== 0) console.log('eslint failed on the workspace scripts (tools/, root configs)');
if (status !== 0 && failed === 0) console.log(`nx run-many exited with ${status}: a lint, build or test target failed before reporting tests`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status);
