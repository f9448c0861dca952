#!/usr/bin/env node
// Memory of the built Zoho emulator (packages/crm-emulator/dist) under a long run of record writes:
// an emulator with 10,000 leads, in a process of its own, takes `writes` record updates through
// PUT /crm/v8/Leads (100 records per request, a few requests at a time, a real access token); its
// RSS is read before, half-way and after (each after a full GC). Every log the emulator keeps must
// be bounded, so RSS after stays under a fixed bound however many writes it took, and the second
// half of the writes adds (almost) nothing to what the first half left.
//   node tools/bench/emulator-memory.mjs [--writes 1000000] [--concurrency 4] [--no-admin] [--json]
// or: import { runEmulatorMemory } from './tools/bench/emulator-memory.mjs'
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const distEntry = path.join(root, 'packages', 'crm-emulator', 'dist', 'index.js');

/**
 * What the report checks RSS after against (MB). Measured: ~130 MB at rest with 10,000 leads; after
 * the writes a live heap of ~40 MB, ~50 MB of request/answer bodies in the inspector's bounded
 * journal, and the heap space V8 keeps reserved after a burst (~180 MB in all, which it does not
 * hand back to the system): 270–310 MB, the same after 200,000 writes as after 1,000,000.
 */
export const EMULATOR_RSS_BOUND_MB = 350;
/** Growth allowed between half-way and the end (MB): bounded logs leave only allocator noise. */
export const EMULATOR_SECOND_HALF_GROWTH_MB = 40;
const RECORDS_PER_REQUEST = 100;

function put(agent, url, token, body) {
  return new Promise((resolve, reject) => {
    const payload = Buffer.from(JSON.stringify(body));
    const req = request(url, { method: 'PUT', agent, headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-length': payload.length } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** One request/answer over the child's IPC channel. */
async function ask(child, cmd) {
  const answer = once(child, 'message');
  child.send({ cmd });
  return (await answer)[0];
}

/**
 * Read in the emulator's process after a full GC (so garbage not yet collected does not count).
 * @typedef {{ rssMb: number, heapUsedMb: number, heapTotalMb: number, externalMb: number, maxRssMb: number }} Memory
 */

/**
 * @param {{ writes?: number, leads?: number, concurrency?: number, emulatorOptions?: object }} [opts]
 *   `emulatorOptions`: more startEmulator options (JSON-serialisable), to compare configurations.
 * @returns {Promise<{ writes: number, leads: number, requests: number, concurrency: number, failedRequests: number,
 *   before: Memory, midway: Memory, after: Memory, maxRssMb: number, emulatorOptions: object,
 *   boundMb: number, secondHalfGrowthMb: number, withinBound: boolean, automation: { runsKept: number, counted: number, records: number }, wallMs: number }>}
 */
export async function runEmulatorMemory({ writes = 1_000_000, leads = 10_000, concurrency = 4, emulatorOptions = {} } = {}) {
  if (!existsSync(distEntry)) {
    throw new Error('packages/crm-emulator/dist is missing: run `npm run build -w @zcrmkit/crm-emulator` first');
  }
  const child = fork(path.join(here, 'emulator-memory-child.mjs'), [pathToFileURL(distEntry).href, String(leads), JSON.stringify(emulatorOptions)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: ['--expose-gc'] });
  const exited = once(child, 'exit');
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const [{ url, accessToken, ids }] = await Promise.race([once(child, 'message'), exited.then(([code]) => Promise.reject(new Error(`the emulator process exited (${code}) before listening`)))]);
    const before = await ask(child, 'memory');
    const requests = Math.ceil(writes / RECORDS_PER_REQUEST);
    let next = 0;
    let failedRequests = 0;
    let cursor = 0;
    const started = performance.now();
    let stop = 0;
    const client = async () => {
      for (let r = next < stop ? next++ : stop; r < stop; r = next < stop ? next++ : stop) {
        const count = Math.min(RECORDS_PER_REQUEST, writes - r * RECORDS_PER_REQUEST);
        const data = [];
        // Every write changes the record, so each one lands in the history and automation logs.
        for (let i = 0; i < count; i++, cursor++) data.push({ id: ids[cursor % ids.length], Mobile: `+1 555 ${String(cursor).padStart(7, '0')}` });
        const status = await put(agent, `${url}/crm/v8/Leads`, accessToken, { data });
        if (status !== 200) failedRequests++;
      }
    };
    stop = Math.ceil(requests / 2);
    await Promise.all(Array.from({ length: concurrency }, client));
    const midway = await ask(child, 'memory');
    stop = requests;
    await Promise.all(Array.from({ length: concurrency }, client));
    const wallMs = performance.now() - started;
    const after = await ask(child, 'memory');
    const secondHalfGrowthMb = after.rssMb - midway.rssMb;
    const automation = await ask(child, 'automation');
    return {
      writes,
      leads,
      requests,
      concurrency,
      failedRequests,
      before,
      midway,
      after,
      maxRssMb: after.maxRssMb,
      emulatorOptions,
      boundMb: EMULATOR_RSS_BOUND_MB,
      secondHalfGrowthMb,
      withinBound: after.rssMb <= EMULATOR_RSS_BOUND_MB && secondHalfGrowthMb <= EMULATOR_SECOND_HALF_GROWTH_MB,
      automation,
      wallMs,
    };
  } finally {
    agent.destroy();
    if (child.connected) child.send({ cmd: 'stop' });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    if (child.exitCode === null) child.kill();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({ options: { writes: { type: 'string' }, concurrency: { type: 'string' }, 'no-admin': { type: 'boolean' }, json: { type: 'boolean' } } });
  const result = await runEmulatorMemory({
    ...(values.writes !== undefined ? { writes: Number(values.writes) } : {}),
    ...(values.concurrency !== undefined ? { concurrency: Number(values.concurrency) } : {}),
    // Without the admin API the inspector records nothing: what the CRM side alone keeps.
    ...(values['no-admin'] ? { emulatorOptions: { adminApi: false } } : {}),
  });
  const fmt = (n) => n.toFixed(0);
  console.log(`- Emulator under ${result.writes.toLocaleString('en-US')} record writes: RSS ${fmt(result.before.rssMb)} MB before, ${fmt(result.midway.rssMb)} MB half-way, ${fmt(result.after.rssMb)} MB after (bound ${result.boundMb} MB, second half ≤ ${EMULATOR_SECOND_HALF_GROWTH_MB} MB) ${result.withinBound ? '✔' : '✖ missed'}`);
  if (values.json) console.log(JSON.stringify(result));
  process.exit(result.withinBound && result.failedRequests === 0 ? 0 : 1);
}
