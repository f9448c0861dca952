#!/usr/bin/env node
// Every command output shown in the READMEs and docs/ comes from a real run, and stays true.
//
//   node tools/readme-outputs.mjs [files…]           check: exit 1 with a diff when a block differs
//   node tools/readme-outputs.mjs --update [files…]  rewrite every block from a fresh run
//
// Without files: README.md, docs/*.md, packages/*/README.md and apps/examples/README.md.
// A block is a fenced `text` block between two markers; its `$ ` lines are the commands:
//
//   <!-- output -->          (or <!-- output: setup="cp samples/x.csv leads.csv" -->, run first and
//                            not shown; or <!-- output: cwd="root" -->, run in the repository root)
//   ```text
//   $ zcrmkit update-lead --emulator
//   …what it printed…
//   ```
//   <!-- /output -->
//
// Each block runs in a fresh temporary folder holding a copy of apps/examples/samples/ as
// samples/, with `zcrmkit` on the PATH (this checkout's built CLI), a clean environment (no Zoho
// variables, no .env), stdout and stderr together as a terminal shows them. The embedded
// emulator's data is seeded, so runs repeat; its port and the folder's path are masked.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(root, 'packages', 'cli', 'bin', 'zcrmkit.js');
const BLOCK = /<!-- output(?::((?:\s*\w+="[^"]*")*))? -->\n```text\n([\s\S]*?)```\n<!-- \/output -->/g;

/** `setup="…" cwd="root"` → { setup, cwd }. */
function attributes(text = '') {
  return Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}
// A hang check only: each command takes a few seconds on a quiet machine.
const COMMAND_TIMEOUT_MS = 120_000;

function defaultFiles() {
  const files = ['README.md', 'apps/examples/README.md'];
  if (existsSync(path.join(root, 'docs'))) files.push(...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`));
  for (const p of readdirSync(path.join(root, 'packages'))) if (existsSync(path.join(root, 'packages', p, 'README.md'))) files.push(`packages/${p}/README.md`);
  return files.map((f) => path.join(root, f)).filter((f) => existsSync(f));
}

/** The environment of a user's shell: no Zoho variables, `zcrmkit` on the PATH. */
function shellEnv(binDir) {
  const env = { PATH: `${binDir}${path.delimiter}${process.env.PATH ?? ''}`, LANG: 'C.UTF-8' };
  if (process.env.HOME) env.HOME = process.env.HOME;
  return env;
}

function mask(text, dir) {
  return text
    .replaceAll(dir, '.')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\s+$/g, '');
}

/** Runs a block's commands in one fresh folder; returns the block's text as it should read. */
export function renderBlock(commands, { setup, cwd } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-readme-'));
  try {
    const binDir = path.join(dir, '.bin');
    mkdirSync(binDir);
    writeFileSync(path.join(binDir, 'zcrmkit'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(path.join(binDir, 'zcrmkit'), 0o755);
    const work = cwd === 'root' ? root : path.join(dir, 'work');
    if (work !== root) {
      mkdirSync(work);
      cpSync(path.join(root, 'apps', 'examples', 'samples'), path.join(work, 'samples'), { recursive: true });
    }
    const env = shellEnv(binDir);
    if (setup) spawnSync('bash', ['-c', setup], { cwd: work, env, timeout: COMMAND_TIMEOUT_MS });
    let out = '';
    for (const command of commands) {
      // Grouped, so that a redirect of the command's own (`2>/dev/null`) still applies.
      const r = spawnSync('bash', ['-c', `{ ${command}\n} 2>&1`], { cwd: work, env, encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 });
      if (r.error) throw new Error(`${command}: ${r.error.message}`);
      out += `$ ${command}\n${mask(r.stdout, work)}\n`;
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function commandsOf(body) {
  return body.split('\n').filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
}

/** A short line-by-line difference, for the report. */
function difference(shown, real) {
  const a = shown.split('\n');
  const b = real.split('\n');
  const lines = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    if (a[i] !== undefined) lines.push(`  - ${a[i]}`);
    if (b[i] !== undefined) lines.push(`  + ${b[i]}`);
    if (lines.length > 20) break;
  }
  return lines.join('\n');
}

const args = process.argv.slice(2);
const update = args.includes('--update');
const files = args.filter((a) => !a.startsWith('--')).map((f) => path.resolve(f));
if (!existsSync(BIN.replace(/bin[\\/]zcrmkit\.js$/, 'dist/main.js'))) {
  console.error('readme-outputs: the CLI is not built; run "npm run build" first');
  process.exit(2);
}
let blocks = 0;
let differing = 0;
for (const file of files.length > 0 ? files : defaultFiles()) {
  const text = readFileSync(file, 'utf8');
  const rel = path.relative(root, file) || file;
  let changed = false;
  const next = text.replace(BLOCK, (whole, attrs, body) => {
    blocks++;
    const real = renderBlock(commandsOf(body), attributes(attrs));
    if (real === body) return whole;
    differing++;
    changed = true;
    if (!update) console.log(`✖ ${rel}: the output of "${commandsOf(body).join(' ; ')}" differs from a fresh run\n${difference(body, real)}`);
    return whole.replace(body, real);
  });
  if (update && changed) {
    writeFileSync(file, next);
    console.log(`updated ${rel}`);
  }
}
console.log(`readme-outputs: ${blocks} block${blocks === 1 ? '' : 's'}, ${differing} ${update ? 'rewritten' : 'differing from a fresh run'}`);
process.exit(!update && differing > 0 ? 1 : 0);
