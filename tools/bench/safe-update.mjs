// Safe updates of N leads at a given latency: the seed's pattern against crm-leads' prefetch and
// optimistic strategies, each in its own process, API calls counted by the emulator.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// `optimistic-relaxed` runs with strict layout mode off: the case where nothing is missing.
// `plain-sdk` is the hand-tuned plain SDK contender (plain-sdk-child.mjs); `-profiled` runs find the
// org profile taught by an earlier run.
export const SCENARIOS = ['seed', 'plain-sdk', 'prefetch', 'optimistic', 'prefetch-profiled', 'optimistic-profiled', 'optimistic-relaxed'];

function runScenario(emulator, scenario, ids, dataDir, cpuProfDir) {
  const { clientId, clientSecret } = emulator.state.defaultClient;
  const values = {
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
    REFRESH_TOKEN: emulator.state.issueRefreshToken(),
    ZOHO_API_URL: emulator.url,
    ZOHO_ACCOUNTS_URL: emulator.url,
    ZOHO_DATA_DIR: dataDir,
    ZOHO_LOG_FILE: path.join(dataDir, 'sdk.log'),
    ZOHO_LOG_LEVEL: 'warn',
  };
  const concurrency = emulator.state.config().concurrencyCap ?? undefined;
  const args = JSON.stringify({ scenario, ids, values, mobilePrefix: `+1 555 ${scenario.length}`, ...(concurrency ? { concurrency } : {}), ...(cpuProfDir ? { cpuProfDir } : {}) });
  // In a file: 10,000 ids are more than one command-line argument may hold.
  const argsFile = path.join(dataDir, 'scenario.json');
  writeFileSync(argsFile, args);
  return new Promise((resolve, reject) => {
    const script = scenario === 'plain-sdk' ? 'plain-sdk-child.mjs' : 'scenario-child.mjs';
    const child = spawn(process.execPath, [path.join(here, script), argsFile], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let counted;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (counted === undefined && out.includes('ready\n')) {
        emulator.state.resetCounters();
        // The emulator runs in this process: its CPU while the scenario runs.
        counted = process.cpuUsage();
        child.stdin.write('go\n');
      }
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${scenario} exited ${code}`));
      const last = out.trim().split('\n').pop();
      const m = JSON.parse(last);
      const emulatorCpu = process.cpuUsage(counted);
      const c = emulator.state.counters();
      const gets = (c.routes['GET /crm/v8/Leads'] ?? 0) + (c.routes['GET /crm/v8/Leads/{id}'] ?? 0);
      const puts = (c.routes['PUT /crm/v8/Leads'] ?? 0) + (c.routes['PUT /crm/v8/Leads/{id}'] ?? 0);
      // Record reads and updates; the SDK's one-time metadata fetches (e.g. a looked-up module's
      // fields on the first update) are shown apart.
      const metadataCalls = c.total - c.tokenRequests.total - gets - puts;
      resolve({
        scenario,
        records: ids.length,
        gets,
        puts,
        apiCalls: gets + puts,
        metadataCalls,
        tokenRequests: c.tokenRequests.total,
        peakConcurrentCalls: c.peakConcurrentCalls,
        tooManyRequests: c.statuses['429'] ?? 0,
        cpuMsPerRecord: m.cpuMs / ids.length,
        emulatorCpuMs: (emulatorCpu.user + emulatorCpu.system) / 1000,
        routes: c.routes,
        ...m,
      });
    });
  });
}

/**
 * Every scenario at every size, except the seed's pattern above `seedMax` records (2 calls per
 * record at the bench latency would take minutes): larger sizes are compared with the seed's
 * per-record time measured at the largest size it ran, in the same run.
 */
export async function runSafeUpdates(emulator, sizes, { seedMax = 1000, cpuProfDir, seedMsPerRecord } = {}) {
  const rows = [];
  const allIds = emulator.state.listRecords('Leads').map((r) => r.id);
  for (const n of sizes) {
    const ids = allIds.slice(0, n);
    if (ids.length < n) throw new Error(`the emulator has ${ids.length} leads, ${n} wanted`);
    for (const scenario of SCENARIOS) {
      if (scenario === 'seed' && (n > seedMax || seedMsPerRecord !== undefined)) continue;
      emulator.state.reset();
      emulator.state.setStrictLayout('Leads', scenario === 'optimistic-relaxed' ? false : true);
      const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-'));
      try {
        const r = await runScenario(emulator, scenario, ids, dataDir, cpuProfDir);
        rows.push({ ...r, recordsPerSecond: n / (r.wallMs / 1000) });
        process.stderr.write(`  N=${n} ${scenario}: ${Math.round(r.wallMs)} ms, ${r.apiCalls} calls\n`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  const seeds = rows.filter((s) => s.scenario === 'seed');
  const largestSeed = seeds.reduce((a, b) => (b.records > (a?.records ?? 0) ? b : a), undefined);
  for (const r of rows) {
    const seed = seeds.find((s) => s.records === r.records);
    if (seed) {
      r.callsVsSeed = r.apiCalls / seed.apiCalls;
      r.speedupVsSeed = seed.wallMs / r.wallMs;
    } else if (largestSeed || seedMsPerRecord !== undefined) {
      const msPerRecord = largestSeed ? largestSeed.wallMs / largestSeed.records : seedMsPerRecord;
      // The seed's pattern is linear (2 calls per record, one after another).
      r.callsVsSeed = r.apiCalls / (2 * r.records);
      r.speedupVsSeed = (msPerRecord * r.records) / r.wallMs;
      r.seedBasis = largestSeed ? largestSeed.records : `${msPerRecord} ms per record, given`;
    }
  }
  return rows;
}
