#!/usr/bin/env node
// `npm run bench`: API calls, wall time, client CPU, peak RSS, peak concurrent calls and token
// requests of safe updates against the seed's pattern, token refresh under load, cold start, and
// the emulator's own throughput — measured side by side in one run on the emulator, which plays an
// org of one edition (its concurrency cap on). `--large` adds two 1,000,000-row bulk CLI runs (from
// a CSV, and by criteria) and the emulator's own RSS under 1,000,000 record writes. Prints a markdown report and writes JSON beside it; `--update-docs`
// copies the report into docs/performance.md.
//
//   npm run bench -- [--latency 50] [--sizes 1,100,1000,10000] [--edition enterprise] [--large]
//                    [--large-rows 1000000] [--only updates,tokens,cold,throughput,fleet,otel,large,emulator-memory]
//                    [--cpu-prof-dir DIR] [--seed-ms-per-record MS] [--update-docs]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { runSafeUpdates } from './safe-update.mjs';
import { runTokenRefresh } from './token-refresh.mjs';
import { runColdStart } from './cold-start.mjs';
import { runEmulatorThroughput } from './emulator-throughput.mjs';
import { runFleet } from './fleet.mjs';
import { runOtelOverhead } from './otel-overhead.mjs';
import { runBulkLarge } from './bulk-large.mjs';
import { runEmulatorMemory } from './emulator-memory.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values: flags } = parseArgs({
  options: {
    latency: { type: 'string', default: '50' },
    sizes: { type: 'string', default: '1,100,1000,10000' },
    edition: { type: 'string', default: 'enterprise' },
    large: { type: 'boolean', default: false },
    'large-rows': { type: 'string', default: '1000000' },
    'large-heap-mb': { type: 'string', default: '0' },
    only: { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
    'seed-ms-per-record': { type: 'string' },
    'update-docs': { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log('usage: npm run bench -- [--latency MS] [--sizes 1,100,1000,10000] [--edition NAME] [--large] [--large-rows N] [--large-heap-mb 0] [--only updates,tokens,cold,throughput,fleet,otel,large,emulator-memory] [--cpu-prof-dir DIR] [--seed-ms-per-record MS] [--update-docs] [--out DIR]');
  process.exit(0);
}
const SECTIONS = ['updates', 'tokens', 'cold', 'throughput', 'fleet', 'otel', 'large', 'emulator-memory'];
/** Sections of a million rows or writes: run only with `--large` (or named in `--only`). */
const LARGE = new Set(['large', 'emulator-memory']);
// `--only large` runs the 1,000,000-row bulk run alone (no --large needed); the default is every
// section but the large ones, which `--large` adds.
const only = flags.only?.split(',').map((s) => s.trim()).filter(Boolean);
const unknown = only?.filter((s) => !SECTIONS.includes(s)) ?? [];
if (unknown.length > 0 || (only && only.length === 0)) {
  console.error(`--only takes a comma-separated list of: ${SECTIONS.join(', ')} (got ${JSON.stringify(flags.only)})`);
  process.exit(2);
}
const runs = new Set(only ?? SECTIONS.filter((s) => !LARGE.has(s) || flags.large));
if (flags['update-docs'] && only) {
  console.error('--update-docs replaces the whole report in docs/performance.md: run it without --only');
  process.exit(2);
}
const latencyMs = Number(flags.latency);
const sizes = flags.sizes.split(',').map(Number);
const cpuProfDir = flags['cpu-prof-dir'] ? path.resolve(flags['cpu-prof-dir']) : undefined;
if (cpuProfDir) mkdirSync(cpuProfDir, { recursive: true });
// While iterating: skip the seed's slow run and compare with a per-record time measured earlier.
const seedMsPerRecord = flags['seed-ms-per-record'] === undefined ? undefined : Number(flags['seed-ms-per-record']);
if (seedMsPerRecord !== undefined && !(seedMsPerRecord > 0)) throw new Error('--seed-ms-per-record must be a number > 0');

const fmt = (n, d = 0) => (n === undefined ? '—' : Number(n).toFixed(d));
/** A difference with its sign: +0.0029, −0.0148. */
const signed = (n, d = 0) => (n === undefined ? '—' : `${Number(n) < 0 ? '−' : '+'}${Math.abs(Number(n)).toFixed(d)}`);
const mark = (ok) => (ok ? '✔' : '✖ missed');
const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}`;

let updates = [];
let cap = null;
if (runs.has('updates')) {
  console.error(`Safe updates at ${latencyMs} ms latency, strict layout mode, ${flags.edition} edition, N = ${sizes.join(', ')}`);
  // No admin API: the inspector would keep every request's bodies and each record's field diffs for its
  // page, which nothing here reads (counters come from the in-process state); on a 2-core machine its
  // CPU is taken from the client being measured. The emulator's own CPU is shown per scenario.
  const slow = await startEmulator({ latencyMs, strictLayout: true, leadCount: Math.max(...sizes, 300), tokenRateLimit: false, edition: flags.edition, adminApi: false });
  cap = slow.state.config().concurrencyCap;
  try {
    updates = await runSafeUpdates(slow, sizes, { cpuProfDir, seedMsPerRecord });
  } finally {
    await slow.stop();
  }
}

let tokens;
let cold;
if (runs.has('tokens') || runs.has('cold')) {
  console.error('Token refresh under load, cold start');
  const fast = await startEmulator({ tokenRateLimit: false });
  try {
    if (runs.has('tokens')) tokens = await runTokenRefresh(fast);
    if (runs.has('cold')) cold = await runColdStart(fast);
  } finally {
    await fast.stop();
  }
}
let throughput;
if (runs.has('throughput')) {
  console.error('Emulator throughput');
  throughput = await runEmulatorThroughput({});
}
let fleet;
if (runs.has('fleet')) {
  console.error('Fleet: 8 workers, per-worker file stores vs Redis');
  fleet = await runFleet({});
}
let otelCost;
if (runs.has('otel')) {
  console.error('Middleware stack with @zcrmkit/otel on vs off');
  otelCost = await runOtelOverhead({});
}
const large = [];
if (runs.has('large')) {
  for (const mode of ['file', 'where']) {
    console.error(`Bulk CLI: ${flags['large-rows']} rows ${mode === 'file' ? 'from a CSV file' : 'by criteria'}, relaxed layout, no latency`);
    large.push(await runBulkLarge({ rows: Number(flags['large-rows']), heapMb: Number(flags['large-heap-mb']), mode }));
  }
}
let emulatorMemory;
if (runs.has('emulator-memory')) {
  console.error('Emulator memory: 1,000,000 record writes through PUT /crm/v8/Leads, 10,000 leads');
  emulatorMemory = await runEmulatorMemory({});
}

const lines = [];
if (runs.has('updates')) {
  lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; emulator latency ${latencyMs} ms per request, ${flags.edition} edition (concurrency cap ${cap ?? 'off'}), in the bench's process with its admin API (the inspector's request and record history) off; its CPU per scenario is its own column, strict layout mode (Leads must carry Last_Name, Company, Lead_Status) except \`optimistic-relaxed\`, where nothing is missing. API calls are record reads and updates after warm-up (token, users, org and field metadata fetched before timing); client defaults, except crm-core's \`concurrency\` set to the edition's cap (${cap ?? 'default 10'}), which crm-leads takes as its batch concurrency; \`prefetch\` runs with \`layoutRulesEnforced: true\` (the org enforces its layout, as the seed's pattern assumed), \`optimistic\` with its defaults. Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}.`);
  lines.push(`Reproduce: \`npm run bench\` (add \`-- --large\` for the 1,000,000-row bulk CLI run).`, '');
  lines.push('| N | pattern | GETs | PUTs | API calls | metadata calls | token req. | peak concurrent | 429s | wall (s) | records/s | client CPU (ms/record) | emulator CPU (ms) | peak RSS (MB) | calls vs seed | speed-up vs seed | states |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of updates) {
    lines.push(
      `| ${r.records} | ${r.scenario} | ${r.gets} | ${r.puts} | ${r.apiCalls} | ${r.metadataCalls} | ${r.tokenRequests} | ${r.peakConcurrentCalls ?? '—'} | ${r.tooManyRequests} | ${fmt(r.wallMs / 1000, 2)} | ${fmt(r.recordsPerSecond, 1)} | ${fmt(r.cpuMsPerRecord, 3)} | ${fmt(r.emulatorCpuMs)} | ${fmt(r.maxRssMb)} | ${fmt(r.callsVsSeed, 3)} | ${fmt(r.speedupVsSeed, 1)}×${r.seedBasis ? ` (seed's time per record at ${r.seedBasis})` : ''} | ${Object.entries(r.states).filter(([, v]) => v).map(([k, v]) => `${v} ${k}`).join(', ')} |`,
    );
  }
  lines.push('', '**Targets**', '');
  for (const n of sizes) {
    const by = (s) => updates.find((r) => r.records === n && r.scenario === s);
    const batches = Math.ceil(n / 100);
    lines.push(
      `- N=${n}: prefetch ${by('prefetch').apiCalls} calls ≤ ${2 * batches} ${mark(by('prefetch').apiCalls <= 2 * batches)}; ` +
        `optimistic with nothing missing ${by('optimistic-relaxed').apiCalls} calls = ${batches} ${mark(by('optimistic-relaxed').apiCalls === batches)}; ` +
        `optimistic in strict mode ${by('optimistic').apiCalls} calls ≤ ${2 * batches + 1} ${mark(by('optimistic').apiCalls <= 2 * batches + 1)}` +
        (by('seed') ? `; seed ${by('seed').apiCalls} = ${2 * n} ${mark(by('seed').apiCalls === 2 * n)}` : ''),
    );
  }
  const peak = Math.max(...updates.map((r) => r.peakConcurrentCalls ?? 0));
  const refused = updates.reduce((a, r) => a + r.tooManyRequests, 0);
  lines.push(`- Peak concurrent calls seen by the emulator: ${peak} (cap ${cap ?? 'off'}) ${mark(cap === null || peak <= cap)}; TOO_MANY_REQUESTS answers: ${refused} ${mark(refused === 0)}`);
  for (const r of updates.filter((u) => u.records === 1000 && (u.scenario === 'prefetch' || u.scenario === 'optimistic'))) {
    lines.push(`- 1,000 leads, ${r.scenario}: ${fmt(r.speedupVsSeed, 1)}× faster than the seed's pattern (target ≥ 200×) ${mark(r.speedupVsSeed >= 200)}`);
  }
  for (const n of sizes.filter((size) => size >= 1000)) {
    const by = (s) => updates.find((r) => r.records === n && r.scenario === s);
    const plain = by('plain-sdk');
    // Every batch reads then writes; 20 batches of 100 go at once: 2 round trips per wave.
    const floorMs = 2 * latencyMs * Math.ceil(n / 100 / (cap ?? 20));
    for (const s of ['prefetch-profiled', 'optimistic-profiled']) {
      const r = by(s);
      if (!r || !plain) continue;
      const wall = r.wallMs / plain.wallMs;
      const cpu = r.cpuMs / plain.cpuMs;
      lines.push(
        `- ${n.toLocaleString('en-US')} leads, ${s} vs the plain SDK contender (${fmt(plain.wallMs / 1000, 3)} s, ${fmt(plain.cpuMs)} ms CPU): wall ${fmt(wall, 2)}× (target ≤ 1.0×) ${mark(wall <= 1)}, CPU ${fmt(cpu, 2)}× (target ≤ 1.0×) ${mark(cpu <= 1)}; ` +
          `wall ${fmt(r.wallMs)} ms = ${fmt(r.wallMs / floorMs, 2)}× the latency floor of ${floorMs} ms (target ≤ 2×) ${mark(r.wallMs <= 2 * floorMs)}` +
          (s === 'optimistic-profiled' && r.speedupVsSeed !== undefined ? `; ${fmt(r.speedupVsSeed, 1)}× the seed's pattern (target ≥ ${n >= 10_000 ? '1,000' : '500'}×) ${mark(r.speedupVsSeed >= (n >= 10_000 ? 1000 : 500))}` : ''),
      );
    }
  }
  for (const r of updates.filter((u) => u.records === 10_000 && u.scenario !== 'seed' && u.scenario !== 'plain-sdk')) {
    lines.push(
      `- 10,000 leads, ${r.scenario}: ${fmt(r.speedupVsSeed, 1)}× (target ≥ 300×) ${mark(r.speedupVsSeed >= 300)}; client CPU ${fmt(r.cpuMsPerRecord, 3)} ms/record (target ≤ 0.25) ${mark(r.cpuMsPerRecord <= 0.25)}; peak RSS ${fmt(r.maxRssMb)} MB (target ≤ 250) ${mark(r.maxRssMb <= 250)}`,
    );
  }
}
if (large.length > 0) {
  if (!runs.has('updates')) lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')}. Reproduce: \`npm run bench -- --only large\`.`, '');
  for (const l of large) {
    lines.push(
      `- Bulk CLI, ${l.rows.toLocaleString('en-US')} rows ${l.mode === 'file' ? 'from a CSV file (`--file`)' : "by criteria (`--where … --set …`, the module listed, the emulator's 100,000-record page-token cap lifted)"} (${l.strategy}, relaxed layout, no latency, ${l.heapMb > 0 ? `NODE_OPTIONS=--max-old-space-size=${l.heapMb}` : 'no heap limit'}): ${fmt(l.rowsPerSecond)} rows/s, ${fmt(l.wallMs / 1000, 1)} s, client CPU ${fmt(l.cpuMsPerRow, 3)} ms/row, peak RSS ${fmt(l.maxRssMb)} MB (target ≤ 300) ${mark(l.maxRssMb <= 300)}; ` +
        `${l.resultRows} rows in the results file ${mark(l.everyRow)}; emulator state disagrees with ${l.disagree} ${mark(l.disagree === 0)}; ${l.puts} PUTs, ${l.gets} listing/read GETs, peak concurrent ${l.peakConcurrentCalls}, ${l.tooManyRequests} × 429`,
    );
  }
}
if (emulatorMemory) {
  const m = emulatorMemory;
  if (!runs.has('updates') && large.length === 0) lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${machine}. Reproduce: \`npm run bench -- --only emulator-memory\`.`, '');
  lines.push(
    `- Emulator under ${m.writes.toLocaleString('en-US')} record writes: RSS ${fmt(m.before.rssMb)} MB before, ${fmt(m.midway.rssMb)} MB half-way, ${fmt(m.after.rssMb)} MB after (bound ${m.boundMb} MB; second half ${signed(m.secondHalfGrowthMb)} MB) ${mark(m.withinBound)}; ` +
      `${m.leads.toLocaleString('en-US')} leads, ${m.requests.toLocaleString('en-US')} PUTs of 100 records, ${m.concurrency} at a time, ${m.failedRequests} failed ${mark(m.failedRequests === 0)}; ` +
      `automation counts ${m.automation.counted.toLocaleString('en-US')} writes ${mark(m.automation.counted === m.writes)}, ${m.automation.runsKept.toLocaleString('en-US')} runs kept`,
  );
}
for (const t of tokens ?? []) lines.push(`- ${t.case}: ${t.tokenRequests} token request(s), ${t.distinctTokens} distinct token(s) (target 1) ${mark(t.tokenRequests === 1)}`);
if (cold) {
  lines.push(`- Cold start to first record read, new data directory (median of ${cold.runs}): plain SDK ${fmt(cold.sdkMs)} ms, zcrmkit ${fmt(cold.oursMs)} ms = ${fmt(cold.ratio, 2)}× (target ≤ 1.0×) ${mark(cold.ratio <= 1)}`);
  lines.push(`- Cold start to first record read, data directory of an earlier run (token, field files; zcrmkit's org profile) (median of ${cold.runs}): plain SDK ${fmt(cold.warmSdkMs)} ms, zcrmkit ${fmt(cold.warmOursMs)} ms = ${fmt(cold.warmRatio, 2)}× (target ≤ 1.0×) ${mark(cold.warmRatio <= 1)}`);
}
for (const [cmd, ms] of Object.entries(cold?.helpMs ?? {})) lines.push(`- \`${cmd} --help\`: ${fmt(ms)} ms (target < 300 ms) ${mark(ms < 300)}`);
if (throughput) lines.push(
  `- Emulator on loopback: ${fmt(throughput.requestsPerSecond)} requests/s, p50 ${fmt(throughput.p50Ms, 2)} ms, p99 ${fmt(throughput.p99Ms, 2)} ms (${throughput.requests} × GET /crm/v8/Leads/{id}, ${throughput.concurrency} concurrent clients)`,
);
if (fleet) {
  lines.push('', `**Fleet**: ${fleet[0].workers} worker processes × ${fleet[0].records / fleet[0].workers} leads each on one org (emulator: token rules on, concurrency cap 10, 15 ms ± 15 ms), every access token expired twice during the run.`, '');
  lines.push('| coordination | token requests | Access Denied | 429s | peak concurrency | wall (s) | records/s | states |');
  lines.push('|---|---|---|---|---|---|---|---|');
  for (const f of fleet) {
    lines.push(`| ${f.mode} | ${f.tokenRequests} | ${f.accessDenied} | ${f.tooManyRequests} | ${f.peakConcurrentCalls} | ${fmt(f.wallMs / 1000, 1)} | ${fmt(f.recordsPerSecond, 0)} | ${Object.entries(f.states).map(([k, v]) => `${v} ${k}`).join(', ')} |`);
  }
  const r = fleet[1];
  lines.push('', `- Redis fleet: ${r.tokenRequests} token requests (target 3: one per expiry plus the first) ${mark(r.tokenRequests === 3)}, ${r.accessDenied} Access Denied ${mark(r.accessDenied === 0)}, peak ${r.peakConcurrentCalls} ≤ 10 ${mark(r.peakConcurrentCalls <= 10)}`);
}
if (otelCost) {
  lines.push(
    '',
    `- Middleware stack with @zcrmkit/otel on (real OpenTelemetry SDK, exporting nowhere): ${fmt(otelCost.msPerRecordOn, 4)} ms client CPU per record vs ${fmt(otelCost.msPerRecordOff, 4)} ms off, ${signed(otelCost.overheadMsPerRecord, 4)} ms (target ≤ 0.02 ms) ${mark(otelCost.overheadMsPerRecord <= 0.02)} — medians of ${otelCost.rounds} alternating rounds of a 100-record read and a 100-record write; ${otelCost.callsCounted} calls in the plugin's calls metric`,
  );
}
const report = lines.join('\n');
console.log(report);

const outDir = path.resolve(root, flags.out);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'latest.json'), `${JSON.stringify({ machine, latencyMs, edition: flags.edition, cap, sizes, updates, tokens, cold, throughput, large, emulatorMemory, fleet, otel: otelCost }, null, 2)}\n`);
writeFileSync(path.join(outDir, 'latest.md'), `${report}\n`);
if (flags['update-docs']) {
  const doc = path.join(root, 'docs', 'performance.md');
  const text = readFileSync(doc, 'utf8');
  const updated = text.replace(/<!-- bench:start -->[\s\S]*<!-- bench:end -->/, `<!-- bench:start -->\n${report}\n<!-- bench:end -->`);
  writeFileSync(doc, updated);
}
