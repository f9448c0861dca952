#!/usr/bin/env node
// Proves the packages work as a team installs them from a registry:
// It packs and publishes from a copy of the packages (a staging workspace in a temp folder), never
// from the working tree: npm's prepack hook rewrites package.json while it packs, and `npm test`
// runs this check beside lint and the tests, which read those manifests.
//   1. each package's tarball holds only dist/, README.md, LICENSE, CHANGELOG.md and package.json,
//      and every source map in it carries its sources;
//   2. a local Verdaccio (temp storage, no uplinks, a free loopback port) receives every package
//      through `nx release publish`;
//   3. in an empty folder outside the workspace, `npm i @zcrmkit/cli @zcrmkit/crm-leads
//      @zcrmkit/crm-emulator @zcrmkit/fleet @zohocrm/nodejs-sdk-8.0` installs them from it — only
//      the @zcrmkit scope is mapped to the local registry; the SDK and other third-party packages
//      come from npm's configured registry (its cache first), exactly as a team's install gets them;
//   4. a plain .mjs runs a safe update and a bulk run through the installed stack against the
//      installed emulator, the installed `zcrmkit update-lead` and `zcrmkit update-leads` update
//      leads of an emulator started apart, another .mjs checks `instanceof ZcrmkitError`, and a
//      TypeScript consumer type-checks with skipLibCheck off.
// Each step counts as one check; the counts go to .test-results/registry-check.json, so `npm test`
// (with ZCRMKIT_REGISTRY_CHECK=1, as in .ci/run) adds them to its totals line.
//
//   node tools/registry-check.mjs            (builds first through Nx; cached when nothing changed)
//   node tools/registry-check.mjs --prebuilt (the caller has just built: `npm test` does, then runs
//                                             lint and the tests beside this check, and no second
//                                             Nx process may restore dist/ folders while they are copied)
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_MJS, CONSUMER_TS, ERRORS_MJS, SAFE_UPDATE_MJS } from './registry-check/consumer-smoke.mjs';
import { manifestProblems, tarballProblems } from './registry-check/tarball-rules.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['safe-fs', 'config', 'auth', 'crm-core', 'crm-leads', 'bulk', 'crm-emulator', 'fleet', 'otel', 'cli'];
const BINS = ['zcrmkit', 'zcrmkit-exchange-grant', 'zcrmkit-emulator', 'zoho-emulator'];
// Generous bounds against a hang (a registry that never answers), ≥ 10× a quiet machine's time.
const STEP_TIMEOUT_MS = 5 * 60_000;

if (process.argv.includes('--help')) {
  console.log('usage: node tools/registry-check.mjs   (publishes every package to a temporary local registry and installs it from there)');
  process.exit(0);
}

const rootManifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const sdkVersion = rootManifest.devDependencies['@zohocrm/nodejs-sdk-8.0'];
const nodeTypesVersion = rootManifest.devDependencies['@types/node'];
const emulatorVersion = JSON.parse(readFileSync(path.join(root, 'packages/crm-emulator/package.json'), 'utf8')).version;
// npm's update check would reach out to the registry for nothing.
const quietNpm = { npm_config_update_notifier: 'false', npm_config_audit: 'false', npm_config_fund: 'false' };
const nxEnv = { ...process.env, ...quietNpm, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_ISOLATE_PLUGINS: 'false' };

const checks = [];
const planned = [
  ...PACKAGES.map((p) => `tarball @zcrmkit/${p}`),
  'publish through nx release publish',
  'install from the local registry',
  'safe update from a plain .mjs',
  'installed zcrmkit command against an emulator',
  'one ZcrmkitError for every package',
  'TypeScript consumer (skipLibCheck: false)',
  'no registry left running',
];

async function check(name, run) {
  const started = Date.now();
  try {
    const detail = await run();
    checks.push({ name, ok: true });
    console.log(`✓ ${name}${detail ? `: ${detail}` : ''} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    checks.push({ name, ok: false });
    console.log(`✖ ${name}: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** Runs a command quietly; on failure its output becomes the error (it never holds a secret: the token lives in a file). */
function run(command, args, options = {}) {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: STEP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...quietNpm }, ...options });
  } catch (error) {
    const out = `${error.stdout ?? ''}\n${error.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} failed (${error.status ?? error.signal ?? error.code})\n${out}`);
  }
}

/** Each package's file list as `npm pack --dry-run` reports it (one npm run for all: npm starts slowly). */
function packFiles(workspace, names) {
  const out = run('npm', ['pack', '--dry-run', '--json', ...names.flatMap((n) => ['-w', `packages/${n}`])], { cwd: workspace });
  // The prepack/postpack hooks may print their banners before the JSON.
  const list = JSON.parse(out.slice(out.indexOf('\n[') + 1 || out.indexOf('[')));
  return new Map(list.map((entry) => [entry.name.replace('@zcrmkit/', ''), entry.files.map((f) => f.path)]));
}

function startRegistry(dir) {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(root, 'tools/registry-check/verdaccio-child.mjs'), [dir], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Verdaccio did not start within 60 s\n${log}`));
    }, 60_000);
    child.once('message', ({ port }) => {
      clearTimeout(timer);
      resolve({ child, port, log: () => log });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited with ${code}\n${log}`));
    });
  });
}

async function stopRegistry(registry) {
  if (!registry || registry.child.exitCode !== null) return;
  const exited = new Promise((resolve) => registry.child.once('exit', resolve));
  registry.child.disconnect();
  const timer = setTimeout(() => registry.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function createUser(url) {
  const res = await fetch(`${url}-/user/org.couchdb.user:registry-check`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'registry-check', password: `pw-${process.pid}-${Date.now()}` }),
  });
  const body = await res.json();
  if (res.status !== 201 || typeof body.token !== 'string') throw new Error(`could not create a user on the local registry (HTTP ${res.status})`);
  return body.token;
}

/**
 * A workspace holding what publishing reads — the root manifests, nx.json, the prepack script and
 * each package without its node_modules — with the real node_modules linked in for npm and Nx.
 */
function stageWorkspace(dir) {
  for (const file of ['package.json', 'package-lock.json', 'nx.json', 'tsconfig.base.json', 'LICENSE']) cpSync(path.join(root, file), path.join(dir, file));
  cpSync(path.join(root, 'tools', 'publish-manifest.mjs'), path.join(dir, 'tools', 'publish-manifest.mjs'));
  for (const name of PACKAGES) {
    cpSync(path.join(root, 'packages', name), path.join(dir, 'packages', name), {
      recursive: true,
      filter: (source) => !/[\\/](node_modules|\.nx)$/.test(source),
    });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

// The working tree's manifests, read before anything is packed: lint and the tests read them meanwhile.
const treeManifests = PACKAGES.map((p) => readFileSync(path.join(root, 'packages', p, 'package.json'), 'utf8'));
const work = mkdtempSync(path.join(tmpdir(), 'zcrmkit-registry-'));
let registry;
let failure;
const started = Date.now();
try {
  if (!process.argv.includes('--prebuilt')) {
    run(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), 'run-many', '-t', 'build', '--output-style=static', ...PACKAGES.map((p) => `--projects=@zcrmkit/${p}`)], { cwd: root, env: nxEnv });
  }

  const stage = stageWorkspace(path.join(work, 'workspace'));
  const manifestsBefore = PACKAGES.map((p) => readFileSync(path.join(stage, 'packages', p, 'package.json'), 'utf8'));
  const packed = packFiles(stage, PACKAGES);
  for (const name of PACKAGES) {
    await check(`tarball @zcrmkit/${name}`, () => {
      const files = packed.get(name) ?? [];
      const problems = tarballProblems(path.join(stage, 'packages', name), files);
      if (problems.length > 0) throw new Error(problems.join('; '));
      return `${files.length} files, ${files.filter((f) => f.endsWith('.map')).length} maps with their sources`;
    });
  }

  const registryDir = path.join(work, 'registry');
  mkdirSync(registryDir);
  registry = await startRegistry(registryDir);
  const url = `http://127.0.0.1:${registry.port}/`;
  const token = await createUser(url);
  // The publishing npm's own config file: the local registry's token and nothing else.
  const npmrc = path.join(work, 'publish.npmrc');
  writeFileSync(npmrc, `//127.0.0.1:${registry.port}/:_authToken=${token}\n`, { mode: 0o600 });
  const publishEnv = { ...nxEnv, npm_config_userconfig: npmrc };

  await check('publish through nx release publish', () => {
    run(process.execPath, [path.join(root, 'node_modules/nx/dist/bin/nx.js'), 'release', 'publish', `--registry=${url}`, '--first-release', '--parallel=5', '--excludeTaskDependencies', '--output-style=static'], { cwd: stage, env: publishEnv });
    const changed = PACKAGES.filter((p, i) => readFileSync(path.join(stage, 'packages', p, 'package.json'), 'utf8') !== manifestsBefore[i]);
    if (changed.length > 0) throw new Error(`package.json of ${changed.join(', ')} was not restored after packing`);
    const touched = PACKAGES.filter((p, i) => readFileSync(path.join(root, 'packages', p, 'package.json'), 'utf8') !== treeManifests[i]);
    if (touched.length > 0) throw new Error(`packing changed the working tree's package.json of ${touched.join(', ')}`);
    const versions = PACKAGES.map((p) => `${p}@${run('npm', ['view', `@zcrmkit/${p}`, 'version', `--registry=${url}`], { cwd: work, env: publishEnv }).trim()}`);
    return `${versions.join(', ')} on ${url}`;
  });

  const consumer = path.join(work, 'consumer');
  mkdirSync(consumer);
  writeFileSync(path.join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  // Only the @zcrmkit scope comes from the local registry; npm's own configuration (the machine's
  // registry) stays in force for everything else.
  writeFileSync(path.join(consumer, '.npmrc'), `@zcrmkit:registry=${url}\n`);

  await check('install from the local registry', () => {
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', '@zcrmkit/cli', '@zcrmkit/crm-leads', '@zcrmkit/crm-emulator', '@zcrmkit/fleet', '@zcrmkit/otel', `@zohocrm/nodejs-sdk-8.0@${sdkVersion}`, `@types/node@${nodeTypesVersion}`], { cwd: consumer });
    const problems = [];
    for (const name of PACKAGES) {
      const dir = path.join(consumer, 'node_modules', '@zcrmkit', name);
      if (!existsSync(path.join(dir, 'LICENSE'))) problems.push(`@zcrmkit/${name}: no LICENSE`);
      for (const p of manifestProblems(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')))) problems.push(`@zcrmkit/${name}: ${p}`);
    }
    for (const bin of BINS) if (!existsSync(path.join(consumer, 'node_modules', '.bin', bin))) problems.push(`no ${bin} command`);
    // The emulator's old command name still works for one release, and says it is going.
    for (const bin of ['zcrmkit-emulator', 'zoho-emulator']) {
      const version = spawnSync(path.join(consumer, 'node_modules', '.bin', bin), ['--version'], { cwd: consumer, encoding: 'utf8', timeout: STEP_TIMEOUT_MS });
      const warned = version.stderr.includes('is now called zcrmkit-emulator');
      if (version.status !== 0 || version.stdout.trim() !== emulatorVersion || warned !== (bin === 'zoho-emulator')) problems.push(`${bin} --version: exit ${version.status}, "${version.stdout.trim()}"${warned ? ', renaming note' : ''}`);
    }
    const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8'));
    const sdkCopies = Object.keys(lock.packages).filter((k) => k.endsWith('node_modules/@zohocrm/nodejs-sdk-8.0'));
    if (sdkCopies.length !== 1) problems.push(`${sdkCopies.length} copies of the SDK installed`);
    // npm does not record `resolved` for a scoped registry: the integrity proves where each came from.
    for (const name of PACKAGES) {
      const local = run('npm', ['view', `@zcrmkit/${name}`, 'dist.integrity', `--registry=${url}`], { cwd: work }).trim();
      if (lock.packages[`node_modules/@zcrmkit/${name}`]?.integrity !== local) problems.push(`@zcrmkit/${name} is not the tarball the local registry holds`);
    }
    if (problems.length > 0) throw new Error(problems.join('; '));
    return `${Object.keys(lock.packages).length - 1} packages, ${PACKAGES.length} from the local registry, one SDK copy`;
  });

  await check('safe update from a plain .mjs', () => {
    writeFileSync(path.join(consumer, 'safe-update.mjs'), SAFE_UPDATE_MJS);
    return run(process.execPath, ['safe-update.mjs'], { cwd: consumer }).trim().split('\n').pop();
  });

  await check('installed zcrmkit command against an emulator', () => {
    writeFileSync(path.join(consumer, 'cli.mjs'), CLI_MJS);
    return run(process.execPath, ['cli.mjs'], { cwd: consumer }).trim().split('\n').pop();
  });

  await check('one ZcrmkitError for every package', () => {
    writeFileSync(path.join(consumer, 'errors.mjs'), ERRORS_MJS);
    return run(process.execPath, ['errors.mjs'], { cwd: consumer }).trim().split('\n').pop();
  });

  await check('TypeScript consumer (skipLibCheck: false)', () => {
    writeFileSync(path.join(consumer, 'consumer.ts'), CONSUMER_TS);
    const compilerOptions = { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] };
    writeFileSync(path.join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], { cwd: consumer });
    return 'every published .d.ts checked';
  });
} catch (error) {
  failure = error;
} finally {
  const port = registry?.port;
  await stopRegistry(registry);
  await check('no registry left running', async () => {
    if (registry && registry.child.exitCode === null && registry.child.signalCode === null) throw new Error('Verdaccio is still running');
    if (port !== undefined && (await portAnswers(port))) throw new Error(`port ${port} still answers`);
    return port === undefined ? 'none was started' : `Verdaccio stopped, port ${port} closed`;
  }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}

const passed = checks.filter((c) => c.ok).length;
const notRun = planned.filter((name) => !checks.some((c) => c.name === name));
for (const name of notRun) console.log(`✖ ${name}: not run`);
if (failure && !checks.some((c) => !c.ok)) console.log(`✖ registry-check: ${failure instanceof Error ? failure.message : String(failure)}`);
const failed = checks.length - passed + notRun.length;
mkdirSync(path.join(root, '.test-results'), { recursive: true });
writeFileSync(path.join(root, '.test-results', 'registry-check.json'), `${JSON.stringify({ project: 'registry-check', passed, failed, skipped: 0 })}\n`);
console.log(`registry-check: ${passed} of ${planned.length} checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed === 0 ? 0 : 1);
