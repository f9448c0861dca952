// Cold start: process start → first successful record read, for the plain SDK and for zcrmkit,
// against the same emulator (no injected latency, so the figures are the processes' own cost);
// and `--help` of the examples, which must not load the SDK.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

// Asynchronous on purpose: the emulator serving these children runs in this process.
function timeProcess(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const ms = performance.now() - started;
      // The settings argument holds credentials: name only the script.
      if (code !== 0) reject(new Error(`${path.basename(args[0])} exited ${code}: ${stderr.slice(0, 300)}`));
      else resolve(ms);
    });
  });
}

async function repeat(times, fn) {
  const out = [];
  for (let i = 0; i < times; i++) out.push(await fn());
  return out;
}

export async function runColdStart(emulator, { runs = 9 } = {}) {
  const leadId = emulator.state.listRecords('Leads')[0].id;
  const { clientId, clientSecret } = emulator.state.defaultClient;
  const sample = (fixture, times = runs) =>
    repeat(times, async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-cold-'));
      try {
        const settings = { url: emulator.url, tokenUrl: emulator.tokenUrl, clientId, clientSecret, refreshToken: emulator.state.issueRefreshToken(), dataDir, leadId };
        return await timeProcess([path.join(here, 'fixtures', fixture), JSON.stringify(settings)]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  // A process started again on the data directory of an earlier one (a cron job, a restarted
  // worker): both keep their token and the SDK's field files there, zcrmkit its org profile too.
  const warmDir = (fixture) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-warm-'));
    const settings = JSON.stringify({ url: emulator.url, tokenUrl: emulator.tokenUrl, clientId, clientSecret, refreshToken: emulator.state.issueRefreshToken(), dataDir, leadId });
    return { run: () => timeProcess([path.join(here, 'fixtures', fixture), settings]), dispose: () => rmSync(dataDir, { recursive: true, force: true }) };
  };
  // Warm-up of the disk cache, then plain SDK and zcrmkit runs interleaved, so that a machine
  // growing busier or quieter during the bench weighs on both alike.
  await sample('first-read-sdk.mjs');
  const fresh = { sdk: [], ours: [] };
  for (let i = 0; i < runs; i++) {
    fresh.sdk.push(...(await sample('first-read-sdk.mjs', 1)));
    fresh.ours.push(...(await sample('first-read-zcrmkit.mjs', 1)));
  }
  const warmSdk = warmDir('first-read-sdk.mjs');
  const warmOurs = warmDir('first-read-zcrmkit.mjs');
  const warm = { sdk: [], ours: [] };
  try {
    await warmSdk.run();
    await warmOurs.run();
    for (let i = 0; i < runs; i++) {
      warm.sdk.push(await warmSdk.run());
      warm.ours.push(await warmOurs.run());
    }
  } finally {
    warmSdk.dispose();
    warmOurs.dispose();
  }
  const sdkMs = median(fresh.sdk);
  const oursMs = median(fresh.ours);
  const warmSdkMs = median(warm.sdk);
  const warmOursMs = median(warm.ours);
  const help = {};
  // `zcrmkit --help` itself, then each command's help.
  help.zcrmkit = median(await repeat(runs, () => timeProcess([path.join(root, 'packages/cli/bin/zcrmkit.js'), '--help'])));
  for (const cmd of ['update-lead', 'update-leads', 'check-init', 'exchange-grant']) {
    help[`zcrmkit ${cmd}`] = median(await repeat(runs, () => timeProcess([path.join(root, 'packages/cli/bin/zcrmkit.js'), cmd, '--help'])));
  }
  return { runs, sdkMs, oursMs, ratio: oursMs / sdkMs, warmSdkMs, warmOursMs, warmRatio: warmOursMs / warmSdkMs, helpMs: help };
}
