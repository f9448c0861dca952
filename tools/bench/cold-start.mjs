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

export async function runColdStart(emulator, { runs = 5 } = {}) {
  const leadId = emulator.state.listRecords('Leads')[0].id;
  const { clientId, clientSecret } = emulator.state.defaultClient;
  const sample = (fixture) =>
    repeat(runs, async () => {
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
  const sampleWarm = async (fixture) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-warm-'));
    try {
      const settings = JSON.stringify({ url: emulator.url, tokenUrl: emulator.tokenUrl, clientId, clientSecret, refreshToken: emulator.state.issueRefreshToken(), dataDir, leadId });
      await timeProcess([path.join(here, 'fixtures', fixture), settings]);
      return await repeat(runs, () => timeProcess([path.join(here, 'fixtures', fixture), settings]));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  };
  // Interleaved warm-up of the disk cache, then the measured runs.
  await sample('first-read-sdk.mjs');
  const sdkMs = median(await sample('first-read-sdk.mjs'));
  const oursMs = median(await sample('first-read-zcrmkit.mjs'));
  const warmSdkMs = median(await sampleWarm('first-read-sdk.mjs'));
  const warmOursMs = median(await sampleWarm('first-read-zcrmkit.mjs'));
  const help = {};
  // `zcrmkit --help` itself, then each command's help.
  help.zcrmkit = median(await repeat(runs, () => timeProcess([path.join(root, 'packages/cli/bin/zcrmkit.js'), '--help'])));
  for (const cmd of ['update-lead', 'update-leads', 'check-init', 'exchange-grant']) {
    help[`zcrmkit ${cmd}`] = median(await repeat(runs, () => timeProcess([path.join(root, 'packages/cli/bin/zcrmkit.js'), cmd, '--help'])));
  }
  return { runs, sdkMs, oursMs, ratio: oursMs / sdkMs, warmSdkMs, warmOursMs, warmRatio: warmOursMs / warmSdkMs, helpMs: help };
}
