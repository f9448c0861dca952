// Cold start: process start → first successful record read, for the plain SDK and for zcrmkit,
// against the same emulator (no injected latency, so the figures are the processes' own cost);
// and `--help` of the examples, which must not load the SDK.
import { spawnSync } from 'node:child_process';
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

function timeProcess(args) {
  const started = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return ms;
}

export function runColdStart(emulator, { runs = 5 } = {}) {
  const leadId = emulator.state.listRecords('Leads')[0].id;
  const { clientId, clientSecret } = emulator.state.defaultClient;
  const sample = (fixture) =>
    Array.from({ length: runs }, () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-cold-'));
      try {
        const settings = { url: emulator.url, tokenUrl: emulator.tokenUrl, clientId, clientSecret, refreshToken: emulator.state.issueRefreshToken(), dataDir, leadId };
        return timeProcess([path.join(here, 'fixtures', fixture), JSON.stringify(settings)]);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    });
  const sdkMs = median(sample('first-read-sdk.mjs'));
  const oursMs = median(sample('first-read-zcrmkit.mjs'));
  const help = Object.fromEntries(
    ['update-lead', 'update-leads', 'check-init', 'exchange-grant'].map((cmd) => [
      cmd,
      median(Array.from({ length: runs }, () => timeProcess([path.join(root, 'apps/examples/dist', `${cmd}.js`), '--help']))),
    ]),
  );
  return { runs, sdkMs, oursMs, ratio: oursMs / sdkMs, helpMs: help };
}
