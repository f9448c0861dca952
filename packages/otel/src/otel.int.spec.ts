import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AggregationTemporality, MeterProvider, MetricReader, type DataPoint, type Histogram, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { loadConfig, type ZohoConfig } from '@zcrmkit/config';
import { createZohoClient, type ZohoClient } from '@zcrmkit/crm-core';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { safeUpdateRecords } from '@zcrmkit/crm-leads';
import { createFleet, probeRedis, purgeFleetKeys, type Fleet } from '@zcrmkit/fleet';
import { ATTR, METRIC, RETRY_EVENT } from './semantic.js';
import { otel } from './otel-plugin.js';
import { tempDir } from './test-support/temp-dir.js';

// The plugin on a real client: the real SDK over real HTTP against the emulator, OpenTelemetry's
// own SDK with in-memory exporters, and (for the fleet wait) the fleet on a real Redis.

class TestReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

let emu: RunningEmulator;
let dir: { path: string; remove(): void };
let spans: InMemorySpanExporter;
let reader: TestReader;
let tracerProvider: BasicTracerProvider;
let meterProvider: MeterProvider;
let client: ZohoClient | undefined;
const LEADS = 1_000;
// The machine's Redis (never stopped by a test); without one the fleet-wait test skips with one
// line, unless ZCRMKIT_REQUIRE_REDIS=1 (.ci/run), where it fails.
const REDIS_URL = process.env['ZCRMKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const redisUp = await probeRedis(REDIS_URL, 1_500);
if (!redisUp) {
  const message = `no Redis answers at ${new URL(REDIS_URL).host} (start one, or set ZCRMKIT_TEST_REDIS_URL)`;
  if (process.env['ZCRMKIT_REQUIRE_REDIS'] === '1') throw new Error(`${message}; ZCRMKIT_REQUIRE_REDIS=1 requires it`);
  console.warn(`skipping the fleet-wait test: ${message}`);
}
const redisPrefix = `zcrmkit-test-otel:${process.pid}:${Date.now().toString(36)}`;

function configFor(dataDir: string, extra: Record<string, string> = {}): ZohoConfig {
  return loadConfig({
    values: {
      CLIENT_ID: emu.state.defaultClient.clientId,
      CLIENT_SECRET: emu.state.defaultClient.clientSecret,
      REFRESH_TOKEN: refreshToken,
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: path.join(dir.path, dataDir),
      ZOHO_LOG_FILE: path.join(dir.path, dataDir, 'sdk.log'),
      ZOHO_LOG_LEVEL: 'info',
      ...extra,
    },
    env: {},
    envFile: false,
  });
}
let refreshToken: string;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: LEADS });
  dir = tempDir('otel-int-');
  refreshToken = emu.state.issueRefreshToken();
  spans = new InMemorySpanExporter();
  tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
  reader = new TestReader();
  meterProvider = new MeterProvider({ readers: [reader] });
});

afterAll(async () => {
  await client?.close();
  await tracerProvider?.shutdown();
  await meterProvider?.shutdown();
  await emu?.stop();
  dir?.remove();
});

beforeEach(() => {
  spans.reset();
  emu.state.setFaults([]);
  emu.state.resetCounters();
  emu.state.clearRequestLog();
});

async function openClient(options: Parameters<typeof createZohoClient>[0] = {}): Promise<ZohoClient> {
  await client?.close();
  client = createZohoClient({ config: configFor('data'), retryBaseDelayMs: 5, orgProfile: false, ...options, plugins: [otel({ tracerProvider, meterProvider }), ...(options.plugins ?? [])] });
  await client.init();
  return client;
}

const finished = (): ReadableSpan[] => spans.getFinishedSpans();
const named = (operation: string) => finished().filter((s) => s.attributes[ATTR.operation] === operation);

async function collect(): Promise<ResourceMetrics> {
  const { resourceMetrics, errors } = await reader.collect();
  expect(errors).toEqual([]);
  return resourceMetrics;
}

function points(metrics: ResourceMetrics, name: string): DataPoint<number | Histogram>[] {
  return metrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as DataPoint<number | Histogram>[]);
}

/** The sum of a counter's points whose attributes include `where`. */
function counted(metrics: ResourceMetrics, name: string, where: Record<string, unknown> = {}): number {
  return points(metrics, name)
    .filter((p) => Object.entries(where).every(([k, v]) => p.attributes[k] === v))
    .reduce((sum, p) => sum + (typeof p.value === 'number' ? p.value : p.value.count), 0);
}

/** Every string an exporter would ship: span names, attributes, events, metric attributes. */
function exportedStrings(metrics: ResourceMetrics): string[] {
  const out: string[] = [];
  const add = (attrs: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(attrs)) out.push(k, ...(Array.isArray(v) ? v.map(String) : [String(v)]));
  };
  for (const span of finished()) {
    out.push(span.name, span.status.message ?? '');
    add(span.attributes);
    for (const event of span.events) add(event.attributes ?? {});
  }
  for (const m of metrics.scopeMetrics.flatMap((s) => s.metrics)) for (const p of m.dataPoints as DataPoint<unknown>[]) add(p.attributes);
  return out;
}

function storedAccessTokens(): string[] {
  const file = path.join(dir.path, 'data', 'tokens', 'token_store.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[5] ?? '').filter((t) => t !== '');
}

const ids = (n: number, from = 0) => emu.state.listRecords('Leads').slice(from, from + n).map((r) => String(r.id));
/** Values written below: none may reach an exporter. */
const written: string[] = [];
const mobile = (i: number) => {
  const value = `+1 555 ${String(700_000 + i)}`;
  written.push(value);
  return value;
};

describe('@zcrmkit/otel on a client (emulator, real SDK, in-memory exporters)', () => {
  it('a 1,000-lead safe update: one span per call, its records counted, calls metric = spans', async () => {
    const c = await openClient();
    spans.reset();
    emu.state.clearRequestLog();
    const before = counted(await collect(), METRIC.calls);
    const items = ids(LEADS).map((id, i) => ({ id, changes: { Mobile: mobile(i) } }));

    const summary = await safeUpdateRecords(c, 'Leads', items);

    expect(summary.counts.updated).toBe(LEADS);
    const updates = named('updateRecords');
    expect(updates.reduce((n, s) => n + Number(s.attributes[ATTR.records]), 0)).toBe(LEADS);
    for (const span of updates) {
      expect(span.name).toBe('updateRecords Leads');
      expect(span.attributes).toMatchObject({ [ATTR.module]: 'Leads', [ATTR.kind]: 'write', [ATTR.outcome]: 'ok', [ATTR.statusCode]: 200, [ATTR.attempts]: 1, [ATTR.recordsFailed]: 0 });
    }
    // Every update the emulator answered is one attempt of one span.
    const puts = emu.state.requestLog().filter((r) => r.route === 'PUT /crm/v8/Leads').length;
    expect(updates.reduce((n, s) => n + Number(s.attributes[ATTR.attempts]), 0)).toBe(puts);
    expect(counted(await collect(), METRIC.calls) - before).toBe(finished().length);
  });

  it('a 207 mixed batch: the span says partial, with the failed records counted', async () => {
    const c = await openClient();
    spans.reset();
    const [a, b] = ids(2, 10) as [string, string];
    const results = await c.updateRecords('Leads', [
      { id: a, Mobile: mobile(9001) },
      { id: b, Email: 'not an email address' },
    ]);
    expect(results.map((r) => r.status)).toEqual(['success', 'error']);
    const [span] = named('updateRecords');
    expect(span?.attributes).toMatchObject({ [ATTR.statusCode]: 207, [ATTR.outcome]: 'partial', [ATTR.recordsFailed]: 1, [ATTR.records]: 2 });
    expect(counted(await collect(), METRIC.calls, { [ATTR.operation]: 'updateRecords', [ATTR.outcome]: 'partial' })).toBe(1);
  });

  it('a lost answer verified by read-back: the write span says unknown, the read-back is its own span', async () => {
    const c = await openClient();
    spans.reset();
    const [id] = ids(1, 20) as [string];
    emu.state.setFaults([{ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', times: 1 }]);
    const [result] = await c.writeRecords('Leads', [{ id, Mobile: mobile(9002) }], { verify: true });
    expect(result).toMatchObject({ outcome: 'applied', verified: true });
    const [write] = named('updateRecords');
    expect(write?.attributes).toMatchObject({ [ATTR.outcome]: 'unknown', [ATTR.errorType]: 'NETWORK_ERROR', [ATTR.attempts]: 1 });
    expect(named('getRecords').map((s) => s.attributes[ATTR.outcome])).toEqual(['ok']);
  });

  it('a 429 retried: one span, a retry event with the status, the 429 and the retry counted', async () => {
    const c = await openClient();
    spans.reset();
    const before = await collect();
    emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 1 }]);
    await c.getRecords('Leads', ids(2, 30), ['Last_Name']);
    const [span] = named('getRecords');
    expect(span?.attributes).toMatchObject({ [ATTR.attempts]: 2, [ATTR.retries]: 1, [ATTR.outcome]: 'ok', [ATTR.statusCode]: 200 });
    expect(span?.events.map((e) => [e.name, e.attributes?.[ATTR.attempt], e.attributes?.[ATTR.statusCode], e.attributes?.[ATTR.errorType]])).toEqual([[RETRY_EVENT, 2, 429, 'TOO_MANY_REQUESTS']]);
    const after = await collect();
    expect(counted(after, METRIC.rateLimited) - counted(before, METRIC.rateLimited)).toBe(1);
    expect(counted(after, METRIC.retries, { [ATTR.errorType]: 'TOO_MANY_REQUESTS' }) - counted(before, METRIC.retries, { [ATTR.errorType]: 'TOO_MANY_REQUESTS' })).toBe(1);
  });

  it('a token refresh: the refused attempt is an event, the token request is counted', async () => {
    const c = await openClient();
    spans.reset();
    const before = counted(await collect(), METRIC.tokenRequests, { [ATTR.statusCode]: 200 });
    expect(emu.state.expireAccessTokens()).toBeGreaterThan(0);
    await c.getRecords('Leads', ids(1, 40), ['Last_Name']);
    const [span] = named('getRecords');
    expect(span?.events.map((e) => e.attributes?.[ATTR.errorType])).toEqual(['INVALID_TOKEN']);
    expect(counted(await collect(), METRIC.tokenRequests, { [ATTR.statusCode]: 200 }) - before).toBe(1);
  });

  (redisUp ? it : it.skip)('a fleet wait: a call queued behind the org-wide slot shows its wait and the credits spent', async () => {
    const fleet: Fleet = createFleet({ redisUrl: REDIS_URL, keyPrefix: redisPrefix, clientId: emu.state.defaultClient.clientId, refreshToken, concurrency: 1, allowPlaintext: true, creditBudget: 1_000 });
    try {
      const c = await openClient({ orgProfile: undefined, plugins: [fleet.plugin()] });
      // The module's first call runs alone (crm-core's warm-up); the two below then meet at the slot.
      await c.getRecords('Leads', ids(1, 49), ['Last_Name']);
      spans.reset();
      const before = await collect();
      // The first read holds the one slot for 1 s; the second waits for it.
      emu.state.setFaults([{ kind: 'delay', route: 'GET /crm/v8/Leads', durationMs: 1_000, times: 1 }]);
      await Promise.all([c.getRecords('Leads', ids(1, 50), ['Last_Name']), c.getRecords('Leads', ids(1, 51), ['Last_Name'])]);
      const reads = named('getRecords');
      expect(reads).toHaveLength(2);
      const waits = reads.map((s) => Number(s.attributes[ATTR.slotWaitMs])).sort((x, y) => x - y);
      expect(waits[1]).toBeGreaterThanOrEqual(100);
      expect(reads.map((s) => s.attributes[ATTR.credits])).toEqual([1, 1]);
      const after = await collect();
      expect(counted(after, METRIC.credits) - counted(before, METRIC.credits)).toBe(2);
      const waited = points(after, METRIC.slotWait).reduce((max, p) => Math.max(max, (p.value as Histogram).max ?? 0), 0);
      expect(waited).toBeGreaterThanOrEqual(0.1);
    } finally {
      await client?.close();
      client = undefined;
      await fleet.close();
      await purgeFleetKeys(REDIS_URL, redisPrefix);
    }
  });

  it('no exported name or attribute holds a token, a secret or a record value', async () => {
    const exported = exportedStrings(await collect()).join('\n');
    const secrets = [emu.state.defaultClient.clientSecret, refreshToken, ...storedAccessTokens()];
    expect(secrets.length).toBeGreaterThan(2);
    for (const secret of secrets) expect(exported).not.toContain(secret);
    expect(written.length).toBeGreaterThan(LEADS);
    for (const value of written) expect(exported).not.toContain(value);
    expect(exported).not.toContain('not an email address');
    for (const record of emu.state.listRecords('Leads').slice(0, 60)) expect(exported).not.toContain(String(record['Last_Name']));
  });
});
