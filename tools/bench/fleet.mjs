// The `fleet` scenario: 8 worker processes, each with its own data directory, update their own
// leads at the same time against one emulator org (token rules on, Standard cap of 10), while every
// access token is expired twice. Once with per-worker file stores — what each host gets without
// coordination — and once coordinated through Redis (@zcrmkit/fleet).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { probeRedis, purgeFleetKeys } from '@zcrmkit/fleet';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const zcrmkit = path.join(root, 'packages', 'cli', 'bin', 'zcrmkit.js');
const CAP = 10;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function runWorker(dir, csv, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [zcrmkit, 'update-leads', '--file', csv, '--strategy', 'optimistic'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}


async function runMode(mode, workers, leadsEach, redisUrl) {
  const prefix = `zcrmkit-bench:${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(path.join(tmpdir(), `zcrmkit-bench-fleet-${mode}-`));
  const emulator = await startEmulator({ leadCount: workers * leadsEach, concurrencyCap: CAP, latencyMs: { fixedMs: 15, jitterMs: 15 } });
  try {
    const ids = emulator.state.listRecords('Leads').map((r) => String(r.id));
    const refreshToken = emulator.state.issueRefreshToken();
    const { clientId, clientSecret } = emulator.state.defaultClient;
    const fleetEnv =
      mode === 'redis'
        ? { ZCRMKIT_REDIS_URL: redisUrl, ZCRMKIT_REDIS_PREFIX: prefix, ZCRMKIT_FLEET_KEY: randomBytes(32).toString('base64'), ZOHO_ORG_CONCURRENCY: String(CAP) }
        : {};
    const jobs = Array.from({ length: workers }, (_, w) => {
      const home = path.join(dir, `worker-${w}`);
      mkdirSync(home);
      const csv = path.join(home, 'leads.csv');
      writeFileSync(csv, ['id,Mobile', ...ids.slice(w * leadsEach, (w + 1) * leadsEach).map((id, i) => `${id},+1 555 ${w} ${i}`)].join('\n') + '\n');
      const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REFRESH_TOKEN: refreshToken, ZOHO_API_URL: emulator.url, ZOHO_ACCOUNTS_URL: emulator.url, ZOHO_DATA_DIR: path.join(home, 'data'), ZOHO_LOG_FILE: path.join(home, 'sdk.log'), ZOHO_LOG_LEVEL: 'warn', ...fleetEnv };
      return { home, csv, env };
    });
    const started = Date.now();
    const runs = jobs.map((j) => runWorker(j.home, j.csv, j.env));
    let finished = false;
    Promise.all(runs).then(() => (finished = true));
    const puts = () => emulator.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
    const total = Math.ceil(leadsEach / 100) * workers;
    for (const share of [0.2, 0.55]) {
      while (!finished && puts() < total * share) await sleep(20);
      emulator.state.expireAccessTokens();
    }
    const results = await Promise.all(runs);
    const wallMs = Date.now() - started;
    const counters = emulator.state.counters();
    const states = {};
    const codes = {};
    for (const j of jobs) {
      const lines = readFileSync(path.join(j.home, 'leads.results.csv'), 'utf8').trim().split('\n').slice(1);
      for (const line of lines) {
        const [, , state, code] = line.split(',');
        if (state !== 'updated') codes[code] = (codes[code] ?? 0) + 1;
        states[state] = (states[state] ?? 0) + 1;
      }
    }
    return {
      mode: mode === 'redis' ? 'Redis fleet' : 'per-worker file stores',
      workers,
      records: workers * leadsEach,
      tokenRequests: counters.tokenRequests.refresh_token,
      accessDenied: counters.accessDenied,
      tooManyRequests: counters.statuses['429'] ?? 0,
      peakConcurrentCalls: counters.peakConcurrentCalls,
      wallMs,
      recordsPerSecond: (states.updated ?? 0) / (wallMs / 1000),
      states,
      failedWorkers: results.filter((r) => r.code !== 0).length,
      failureCodes: codes,
    };
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
    if (mode === 'redis') await purgeFleetKeys(redisUrl, prefix);
  }
}

/** Both modes, or undefined (with a line on stderr) when no Redis answers. */
export async function runFleet({ workers = 8, leadsEach = 500, redisUrl = process.env.ZCRMKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' } = {}) {
  if (!(await probeRedis(redisUrl, 1_500))) {
    console.error(`fleet scenario skipped: no Redis answers at ${new URL(redisUrl).host}`);
    return undefined;
  }
  const files = await runMode('files', workers, leadsEach, redisUrl);
  const redis = await runMode('redis', workers, leadsEach, redisUrl);
  return [files, redis];
}
