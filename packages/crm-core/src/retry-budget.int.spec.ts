import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { RateLimitInfo, ZohoClient } from './types.js';

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];
const told: RateLimitInfo[] = [];
let answer: (info: RateLimitInfo) => boolean = () => true;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 10 }));
  ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
  // A budget of 10: two retries (5 each) in a row, refilled by calls that succeed.
  client = createZohoClient({
    config: env.config(),
    retryBaseDelayMs: 1,
    retryQuota: 10,
    orgProfile: false,
    onRateLimit: (info) => {
      told.push(info);
      return answer(info);
    },
  });
  await client.getRecords('Leads', ids, ['Last_Name']);
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('429s and the retry budget (against the emulator)', () => {
  it('onRateLimit is told of a 429 with its Retry-After; false ends the call with the 429 after one request', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 1, retryAfterSeconds: 2 }]);
    told.length = 0;
    answer = () => false;
    await expect(client.getRecords('Leads', ids, ['Last_Name'])).rejects.toMatchObject({ status: 429, attempts: 1 });
    expect(told).toEqual([{ operation: 'getRecords(Leads)', attempt: 1, retryAfterMs: 2_000, waitMs: expect.any(Number) }]);
    expect(told[0]!.waitMs).toBeGreaterThanOrEqual(2_000);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(1);
  });

  it('true lets the call wait and retry: it lands', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 1, retryAfterSeconds: 0 }]);
    answer = () => true;
    expect(await client.getRecords('Leads', ids, ['Last_Name'])).toHaveLength(2);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(2);
  });

  it('a fault storm: 5 calls at once spend the budget on 2 retries, not 15; calls that succeed refill it', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/Leads', status: 503, times: 1_000 }]);
    const calls = await Promise.allSettled(Array.from({ length: 5 }, () => client.getRecords('Leads', ids, ['Last_Name'])));
    expect(calls.map((c) => c.status)).toEqual(Array(5).fill('rejected'));
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(5 + 2);

    env.emu.state.setFaults([]);
    for (let i = 0; i < 10; i++) await client.getRecords('Leads', ids, ['Last_Name']);
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/Leads', status: 503, times: 1 }]);
    expect(await client.getRecords('Leads', ids, ['Last_Name'])).toHaveLength(2);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(2);
    env.emu.state.setFaults([]);
  });
});
