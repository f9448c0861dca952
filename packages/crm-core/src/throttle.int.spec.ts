import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import { MemoryLogger } from './test-support/memory-logger.js';

const CAP = 2;
const CALLS = 8;
const MAX_ATTEMPTS = 4;

let env: EmulatorEnv<RunningEmulator>;
let ids: string[];

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30, latencyMs: 100 }));
  ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
});

afterAll(async () => {
  await env?.close();
});

describe('throttling (against the emulator)', () => {
  it('429s under the server cap: every call succeeds after backoff, attempts bounded', async () => {
    const logger = new MemoryLogger();
    const client = createZohoClient({ config: env.config(), concurrency: 10, maxAttempts: MAX_ATTEMPTS, retryBaseDelayMs: 300, logger });
    try {
      await client.getRecords('Leads', ids, ['Last_Name']); // init + metadata, outside the cap
      env.emu.state.setConcurrencyCap(CAP, 1);
      env.emu.state.resetCounters();
      const results = await Promise.all(Array.from({ length: CALLS }, () => client.getRecords('Leads', ids, ['Last_Name'])));
      expect(results.every((r) => r.length === 2)).toBe(true);
      const counters = env.emu.state.counters();
      // The cap was hit, and every retry waited at least Retry-After (1 s): the waits it chose, as logged.
      expect(counters.statuses['429'] ?? 0).toBeGreaterThan(0);
      const waits = logger.entries.filter((e) => e.meta['code'] === 'TOO_MANY_REQUESTS').map((e) => e.meta['waitMs']);
      expect(waits.length).toBe(counters.statuses['429']);
      expect(waits.every((w) => typeof w === 'number' && w >= 1000)).toBe(true);
      // Bounded: never more than maxAttempts requests per call, the SDK's HTTP client adding none.
      expect(hits(env, 'GET /crm/v8/Leads')).toBeLessThanOrEqual(CALLS * MAX_ATTEMPTS);
      expect(hits(env, 'GET /crm/v8/Leads')).toBe(CALLS + (counters.statuses['429'] ?? 0));
    } finally {
      env.emu.state.setConcurrencyCap(null, null);
      await client.close();
    }
  });

  it('a client limit at or under the cap causes no 429 at all', async () => {
    const client = createZohoClient({ config: env.config(), concurrency: CAP });
    try {
      await client.init();
      env.emu.state.setConcurrencyCap(CAP, 1);
      env.emu.state.resetCounters();
      const results = await Promise.all(Array.from({ length: CALLS }, () => client.getRecords('Leads', ids, ['Last_Name'])));
      expect(results).toHaveLength(CALLS);
      expect(env.emu.state.counters().statuses['429']).toBeUndefined();
      expect(hits(env, 'GET /crm/v8/Leads')).toBe(CALLS);
    } finally {
      env.emu.state.setConcurrencyCap(null, null);
      await client.close();
    }
  });
});
