// The `otel` section: client CPU per record of the middleware stack with @zcrmkit/otel on, over the
// same calls with it off. One process, one emulator (no latency), two clients sharing one SDK
// runtime: one plain, one with the plugin feeding a real OpenTelemetry SDK (a batch span processor
// and a metric reader, exporting nowhere). Rounds alternate, so drift hits both alike; each round
// reads 100 leads and writes 100 (the safe update's call shapes), and the medians are compared.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from '@zcrmkit/crm-core';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { otel } from '@zcrmkit/otel';

class QuietReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  async onForceFlush() {}
  async onShutdown() {}
}

const nowhere = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined, forceFlush: async () => undefined };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runOtelOverhead({ rounds = 41, records = 100 } = {}) {
  const emu = await startEmulator({ leadCount: records });
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-bench-otel-'));
  const config = loadConfig({
    values: {
      CLIENT_ID: emu.state.defaultClient.clientId,
      CLIENT_SECRET: emu.state.defaultClient.clientSecret,
      REFRESH_TOKEN: emu.state.issueRefreshToken(),
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: path.join(dir, 'data'),
      ZOHO_LOG_FILE: path.join(dir, 'sdk.log'),
      ZOHO_LOG_LEVEL: 'off',
    },
    env: {},
    envFile: false,
  });
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(nowhere)] });
  const reader = new QuietReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const off = createZohoClient({ config, orgProfile: false });
  const on = createZohoClient({ config, orgProfile: false, plugins: [otel({ tracerProvider, meterProvider })] });
  const ids = emu.state.listRecords('Leads').map((r) => String(r.id));
  let n = 0;
  const round = async (client) => {
    const before = process.cpuUsage();
    await client.getRecords('Leads', ids, ['Last_Name', 'Mobile']);
    await client.updateRecords('Leads', ids.map((id) => ({ id, Mobile: `+1 555 ${String(100_000 + (n++ % 800_000))}` })));
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / (2 * records);
  };
  try {
    // Warm up: JIT, metadata, sockets.
    for (let i = 0; i < 5; i++) {
      await round(off);
      await round(on);
    }
    const cpuOff = [];
    const cpuOn = [];
    for (let i = 0; i < rounds; i++) {
      const first = i % 2 === 0 ? [off, cpuOff] : [on, cpuOn];
      const second = i % 2 === 0 ? [on, cpuOn] : [off, cpuOff];
      first[1].push(await round(first[0]));
      second[1].push(await round(second[0]));
    }
    const { resourceMetrics } = await reader.collect();
    const calls = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'zoho.crm.calls');
    const counted = calls ? calls.dataPoints.reduce((sum, p) => sum + p.value, 0) : 0;
    return { rounds, recordsPerCall: records, msPerRecordOff: median(cpuOff), msPerRecordOn: median(cpuOn), overheadMsPerRecord: median(cpuOn) - median(cpuOff), callsCounted: counted };
  } finally {
    await on.close();
    await off.close();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await runOtelOverhead(), null, 2));
