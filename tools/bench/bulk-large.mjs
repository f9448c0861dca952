// `--large`: the bulk CLI on a 1,000,000-row CSV (relaxed layout, no latency): peak RSS, rows/s,
// every row in the results file, and the emulator's state checked against it row by row.
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@zcrmkit/crm-emulator';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIRST_ID = 6051205000100000000n;
const idOf = (i) => String(FIRST_ID + BigInt(i));
const mobileOf = (i) => `+1 556 ${String(i).padStart(7, '0')}`;

function runChild(args, env, cwd, nodeFlags) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, path.join(here, 'bulk-child.mjs'), ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) return reject(new Error(`bulk CLI child exited ${code}: ${err}`));
      resolve({ ...JSON.parse(last), tail: err.trim().split('\n').slice(-2).join(' | ') });
    });
  });
}

/**
 * `heapMb`: the V8 old-space limit given to the CLI's process (`--max-old-space-size`, as a user
 * would with NODE_OPTIONS). The CLI's live memory is bounded by its group size, but without a limit
 * V8 on a large machine lets garbage pile up before collecting it; 0 runs without a limit.
 */
export async function runBulkLarge({ rows = 1_000_000, strategy = 'optimistic', heapMb = 256 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-bulk-'));
  // Minimal seeded leads start far faster than generated ones (the emulator fills system fields).
  const leads = Array.from({ length: rows }, (_, i) => ({ id: idOf(i), Last_Name: `Bulk${i}`, Company: 'Bench Co', Lead_Status: 'Contacted', Mobile: '+1 555 0000' }));
  const emu = await startEmulator({ leadCount: 0, records: { Leads: leads }, tokenRateLimit: false, requestLogLimit: 0 });
  leads.length = 0;
  try {
    const csv = path.join(dir, 'leads.csv');
    let text = 'id,Mobile\n';
    for (let i = 0; i < rows; i++) text += `${idOf(i)},${mobileOf(i)}\n`;
    writeFileSync(csv, text);
    text = '';
    const { clientId, clientSecret } = emu.state.defaultClient;
    const env = {
      PATH: process.env.PATH,
      CLIENT_ID: clientId,
      CLIENT_SECRET: clientSecret,
      REFRESH_TOKEN: emu.state.issueRefreshToken(),
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: path.join(dir, 'data'),
      ZOHO_LOG_FILE: path.join(dir, 'logs', 'sdk.log'),
      ZOHO_LOG_LEVEL: 'warn',
    };
    emu.state.resetCounters();
    // Its own working directory: the CLI never sees a .env of the workspace.
    const run = await runChild(['--file', csv, '--strategy', strategy], env, dir, heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []);
    const counters = emu.state.counters();

    // Every row in the results file, and the emulator agrees with each one.
    const states = {};
    let resultRows = 0;
    let disagree = 0;
    const seen = new Set();
    const lines = createInterface({ input: createReadStream(path.join(dir, 'leads.results.csv')) });
    let header = true;
    for await (const line of lines) {
      if (header) {
        header = false;
        continue;
      }
      const [lineNo, id, state] = line.split(',');
      resultRows++;
      states[state] = (states[state] ?? 0) + 1;
      const i = Number(lineNo) - 2;
      seen.add(i);
      const stored = emu.state.getRecord('Leads', id)?.Mobile;
      const applied = stored === mobileOf(i);
      if (id !== idOf(i) || applied !== (state === 'updated')) disagree++;
    }
    return {
      rows,
      strategy,
      heapMb,
      code: run.code,
      wallMs: run.wallMs,
      rowsPerSecond: rows / (run.wallMs / 1000),
      cpuMsPerRow: run.cpuMs / rows,
      maxRssMb: run.maxRssMb,
      resultRows,
      everyRow: resultRows === rows && seen.size === rows,
      disagree,
      states,
      puts: counters.routes['PUT /crm/v8/Leads'] ?? 0,
      gets: counters.routes['GET /crm/v8/Leads'] ?? 0,
      peakConcurrentCalls: counters.peakConcurrentCalls,
      tooManyRequests: counters.statuses['429'] ?? 0,
    };
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run alone: `node tools/bench/bulk-large.mjs [rows]`.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await runBulkLarge({ rows: Number(process.argv[2] ?? 1_000_000), heapMb: Number(process.argv[3] ?? 256) }), null, 2));
}
