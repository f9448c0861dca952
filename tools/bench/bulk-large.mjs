// `--large`: the bulk CLI on 1,000,000 rows (relaxed layout, no latency), once from a CSV file and
// once by criteria (`--where … --set …`, the whole module listed and every lead matching): peak RSS,
// rows/s, every row in the results file, and the emulator's state checked against it row by row.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@zcrmkit/crm-emulator';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIRST_ID = 6051205000100000000n;
const idOf = (i) => String(FIRST_ID + BigInt(i));
const mobileOf = (i) => `+1 556 ${String(i).padStart(7, '0')}`;
/** The one Mobile a criteria run sets on every lead. */
const WHERE_MOBILE = '+1 557 0000000';

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

/** The input, streamed to disk a chunk at a time (a million rows are ~40 MB of text). */
async function writeCsv(file, rows) {
  const out = createWriteStream(file);
  let chunk = 'id,Mobile\n';
  for (let i = 0; i < rows; i++) {
    chunk += `${idOf(i)},${mobileOf(i)}\n`;
    if (chunk.length >= 1 << 16 || i === rows - 1) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end();
  await once(out, 'finish');
}

/**
 * Every row in the results file once, and the emulator agreeing with each one: `updated` and
 * `unchanged` rows hold the CSV's value, the others do not. Streamed, with one bit per row for "seen".
 */
async function checkResults(file, rows, state, expected) {
  const states = {};
  const seen = new Uint8Array(Math.ceil(rows / 8));
  let resultRows = 0;
  let repeated = 0;
  let disagree = 0;
  let header = true;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (header) {
      header = false;
      continue;
    }
    const [lineNo, id, rowState] = line.split(',', 3);
    resultRows++;
    states[rowState] = (states[rowState] ?? 0) + 1;
    const i = Number(lineNo) - 2;
    if (!(i >= 0 && i < rows) || id !== idOf(i)) {
      disagree++;
      continue;
    }
    if (seen[i >> 3] & (1 << (i & 7))) repeated++;
    seen[i >> 3] |= 1 << (i & 7);
    const applied = state.getRecord('Leads', id)?.Mobile === expected(i);
    if (applied !== (rowState === 'updated' || rowState === 'unchanged')) disagree++;
  }
  let distinct = 0;
  for (const byte of seen) for (let b = byte; b; b &= b - 1) distinct++;
  return { resultRows, everyRow: resultRows === rows && distinct === rows && repeated === 0, disagree, states };
}

/**
 * `heapMb`: a V8 old-space limit for the CLI's process (`--max-old-space-size`, as a user would
 * with NODE_OPTIONS); 0, the default, runs it as a user would without one. The CLI's live memory is
 * one group (batch × concurrency) and its heap growth is bounded by the CLI itself for big files.
 */
export async function runBulkLarge({ rows = 1_000_000, strategy = 'optimistic', heapMb = 0, mode = 'file' } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-bulk-'));
  // Minimal seeded leads start far faster than generated ones (the emulator fills system fields).
  const leads = Array.from({ length: rows }, (_, i) => ({ id: idOf(i), Last_Name: `Bulk${i}`, Company: 'Bench Co', Lead_Status: 'Contacted', Mobile: '+1 555 0000' }));
  // Zoho stops a page-token walk at 100,000 records; the criteria run lists all 1,000,000 to measure
  // the pipeline, so the cap is lifted here (against Zoho, a module this large is exported by Bulk Read).
  const emu = await startEmulator({ leadCount: 0, records: { Leads: leads }, tokenRateLimit: false, requestLogLimit: 0, tokenPaginationLimit: null });
  leads.length = 0;
  try {
    const csv = path.join(dir, 'leads.csv');
    if (mode === 'file') await writeCsv(csv, rows);
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
    const args = mode === 'file' ? ['--file', csv] : ['--where', 'Lead_Status:equals:Contacted', '--set', `Mobile=${WHERE_MOBILE}`];
    const run = await runChild([...args, '--strategy', strategy], env, dir, heapMb > 0 ? [`--max-old-space-size=${heapMb}`] : []);
    const counters = emu.state.counters();

    const results = path.join(dir, mode === 'file' ? 'leads.results.csv' : 'update-leads-where.results.csv');
    const check = await checkResults(results, rows, emu.state, mode === 'file' ? mobileOf : () => WHERE_MOBILE);
    return {
      mode,
      rows,
      strategy,
      heapMb,
      code: run.code,
      wallMs: run.wallMs,
      rowsPerSecond: rows / (run.wallMs / 1000),
      cpuMsPerRow: run.cpuMs / rows,
      maxRssMb: run.maxRssMb,
      ...check,
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
  console.log(JSON.stringify(await runBulkLarge({ rows: Number(process.argv[2] ?? 1_000_000), heapMb: Number(process.argv[3] ?? 0), mode: process.argv[4] ?? 'file' }), null, 2));
}
