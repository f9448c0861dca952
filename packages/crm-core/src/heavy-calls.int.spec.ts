import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';

// Zoho lets 10 heavy calls (writes of more than 10 records, sorted lists) run at once on every
// edition, below the org's cap; the emulator answers the 11th 429. A client allowed 20 calls at
// once must keep its heavy ones to 10, or its bulk runs meet 429s in production.
let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];

beforeAll(async () => {
  // Latency keeps calls in flight together, so the caps are reached: long enough that the last of
  // a wave is sent before the first is answered even on a busy machine (at 150 ms, a loaded CI
  // machine once got only 8 of 10 heavy writes under way together).
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 600, latencyMs: 1000 }));
  client = createZohoClient({ config: env.config(), concurrency: 20 });
  ids = env.emu.state.listRecords('Leads').map((r) => String(r.id));
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('heavy calls (Zoho sub-concurrency, against the emulator)', () => {
  const batches = (size: number) => Array.from({ length: 25 }, (_, b) => ids.slice(b * size, b * size + size).map((id) => ({ id, Rating: `Active` })));

  it('25 writes of 11 records with concurrency 20: at most 10 at once, no 429', async () => {
    await client.getFields('Leads');
    env.emu.state.resetCounters();
    const results = await Promise.all(batches(11).map((records) => client.updateRecords('Leads', records)));
    expect(results.flat().every((r) => r.status === 'success')).toBe(true);
    const counters = env.emu.state.counters();
    expect(counters.statuses['429'] ?? 0).toBe(0);
    expect(counters.peakConcurrentCalls).toBe(10);
  });

  it('writes of 10 records are ordinary calls: up to the client concurrency (20) at once', async () => {
    env.emu.state.resetCounters();
    await Promise.all(batches(10).map((records) => client.updateRecords('Leads', records)));
    const counters = env.emu.state.counters();
    expect(counters.statuses['429'] ?? 0).toBe(0);
    expect(counters.peakConcurrentCalls).toBe(20);
  });
});
