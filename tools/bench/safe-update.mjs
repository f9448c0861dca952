// Safe updates of N leads at a given latency: the seed's pattern against crm-leads' prefetch and
// optimistic strategies, each in its own process, API calls counted by the emulator.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// `optimistic-relaxed` runs with strict layout mode off: the case where nothing is missing.
export const SCENARIOS = ['seed', 'prefetch', 'optimistic', 'optimistic-relaxed'];

function runScenario(emulator, scenario, ids, dataDir) {
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
  const args = JSON.stringify({ scenario, ids, values, mobilePrefix: `+1 555 ${scenario.length}` });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(here, 'scenario-child.mjs'), args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    let counted;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (counted === undefined && out.includes('ready\n')) {
        emulator.state.resetCounters();
        counted = true;
        child.stdin.write('go\n');
      }
    });
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`${scenario} exited ${code}`));
      const last = out.trim().split('\n').pop();
      const m = JSON.parse(last);
      const c = emulator.state.counters();
      const gets = (c.routes['GET /crm/v8/Leads'] ?? 0) + (c.routes['GET /crm/v8/Leads/{id}'] ?? 0);
      const puts = (c.routes['PUT /crm/v8/Leads'] ?? 0) + (c.routes['PUT /crm/v8/Leads/{id}'] ?? 0);
      // Record reads and updates; the SDK's one-time metadata fetches (e.g. a looked-up module's
      // fields on the first update) are shown apart.
      const metadataCalls = c.total - c.tokenRequests.total - gets - puts;
      resolve({ scenario, records: ids.length, gets, puts, apiCalls: gets + puts, metadataCalls, tokenRequests: c.tokenRequests.total, routes: c.routes, ...m });
    });
  });
}

export async function runSafeUpdates(emulator, sizes) {
  const rows = [];
  for (const n of sizes) {
    const ids = emulator.state.listRecords('Leads').slice(0, n).map((r) => r.id);
    if (ids.length < n) throw new Error(`the emulator has ${ids.length} leads, ${n} wanted`);
    for (const scenario of SCENARIOS) {
      emulator.state.reset();
      emulator.state.setStrictLayout('Leads', scenario === 'optimistic-relaxed' ? false : true);
      const dataDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-'));
      try {
        const r = await runScenario(emulator, scenario, ids, dataDir);
        rows.push({ ...r, recordsPerSecond: n / (r.wallMs / 1000) });
        process.stderr.write(`  N=${n} ${scenario}: ${Math.round(r.wallMs)} ms, ${r.apiCalls} calls\n`);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  for (const r of rows) {
    const seed = rows.find((s) => s.scenario === 'seed' && s.records === r.records);
    r.callsVsSeed = r.apiCalls / seed.apiCalls;
    r.speedupVsSeed = seed.wallMs / r.wallMs;
  }
  return rows;
}
