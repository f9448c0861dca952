#!/usr/bin/env node
// Throughput of the built Zoho emulator (packages/crm-emulator/dist): GET /crm/v8/Leads/{id} over
// loopback with N concurrent keep-alive clients, for a bounded number of requests.
//   node tools/bench/emulator-throughput.mjs [--requests 5000] [--concurrency 16] [--json]
// or: import { runEmulatorThroughput } from './tools/bench/emulator-throughput.mjs'
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const distEntry = path.join(root, 'packages', 'crm-emulator', 'dist', 'index.js');

function get(agent, url, token) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { authorization: `Zoho-oauthtoken ${token}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

const round = (n) => Math.round(n * 100) / 100;

/**
 * @param {{ requests?: number, concurrency?: number, warmup?: number, leadCount?: number }} [opts]
 * @returns {Promise<{ name: string, requests: number, concurrency: number, errors: number, durationMs: number,
 *   requestsPerSecond: number, p50Ms: number, p99Ms: number, markdown: string }>}
 */
export async function runEmulatorThroughput(opts = {}) {
  const requests = opts.requests ?? 5000;
  const concurrency = opts.concurrency ?? 16;
  const warmup = opts.warmup ?? Math.min(200, requests);
  if (!existsSync(distEntry)) {
    throw new Error('packages/crm-emulator/dist is missing: run `npm run build -w @zcrmkit/crm-emulator` first');
  }
  const { startEmulator } = await import(pathToFileURL(distEntry).href);
  const emu = await startEmulator({ leadCount: opts.leadCount ?? 300 });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  try {
    const token = emu.state.issueAccessToken();
    const ids = emu.state.listRecords('Leads').map((r) => r.id);
    const urlFor = (i) => `${emu.url}/crm/v8/Leads/${ids[i % ids.length]}`;
    for (let i = 0; i < warmup; i++) await get(agent, urlFor(i), token);

    const latencies = new Array(requests);
    let next = 0;
    let errors = 0;
    const client = async () => {
      for (let i = next++; i < requests; i = next++) {
        const started = performance.now();
        try {
          const status = await get(agent, urlFor(i), token);
          if (status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies[i] = performance.now() - started;
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, client));
    const durationMs = performance.now() - started;
    const sorted = latencies.slice().sort((a, b) => a - b);
    const result = {
      name: 'emulator GET /crm/v8/Leads/{id}',
      requests,
      concurrency,
      errors,
      durationMs: round(durationMs),
      requestsPerSecond: Math.round((requests / durationMs) * 1000),
      p50Ms: round(percentile(sorted, 50)),
      p99Ms: round(percentile(sorted, 99)),
    };
    const markdown = `| ${result.name} | ${requests} req, ${concurrency} keep-alive clients | ${result.requestsPerSecond} req/s | p50 ${result.p50Ms} ms | p99 ${result.p99Ms} ms | ${errors} errors |`;
    return { ...result, markdown };
  } finally {
    agent.destroy();
    await emu.stop();
  }
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const result = await runEmulatorThroughput({
    requests: values.requests === undefined ? undefined : Number(values.requests),
    concurrency: values.concurrency === undefined ? undefined : Number(values.concurrency),
  });
  console.log(result.markdown);
  if (values.json) console.log(JSON.stringify(result));
  process.exit(result.errors === 0 ? 0 : 1);
}
