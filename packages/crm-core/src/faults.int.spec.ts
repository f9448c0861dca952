import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

// The SDK times a request out after 5 s (an emulator answer takes ~10 ms quiet: far over 10×, so
// a loaded machine never turns an answer into a timeout), crm-core gives a call 12 s — less than
// maxAttempts (4) × 5 s, so only the deadline can end the stalled call — and retries start 50 ms apart.
const REQUEST_TIMEOUT_MS = 5_000;
const DEADLINE_MS = 12_000;

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  client = createZohoClient({ config: env.config(), requestTimeoutMs: REQUEST_TIMEOUT_MS, callDeadlineMs: DEADLINE_MS, retryBaseDelayMs: 50 });
  ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
  // Warm up: init and the module's metadata, so the counts below are the faulty calls alone.
  await client.getRecords('Leads', ids, ['Last_Name']);
});

afterAll(async () => {
  await client?.close();
  await env?.close();
  process.off('unhandledRejection', onUnhandled);
});

async function failing(run: () => Promise<unknown>): Promise<{ error: ZohoApiError; ms: number }> {
  const started = Date.now();
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ZohoApiError)) throw new Error(`expected a ZohoApiError, got ${String(error)}`);
  return { error, ms: Date.now() - started };
}

function fault(rule: Parameters<RunningEmulator['state']['setFaults']>[0][number]) {
  env.emu.state.resetCounters();
  env.emu.state.setFaults([rule]);
}

describe('faults (against the emulator)', () => {
  it('a stalled server: TIMEOUT within the call deadline, requests bounded', async () => {
    fault({ kind: 'stall', route: 'GET /crm/v8/Leads', durationMs: 30_000 });
    const { error, ms } = await failing(() => client.getRecords('Leads', ids, ['Last_Name']));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    // The deadline ended the call, not the attempts running out: maxAttempts (4) × the request
    // timeout is 20 s, past the 12 s deadline, and a loaded machine only makes attempts slower.
    expect(error.message).toContain(`call deadline (${DEADLINE_MS} ms)`);
    // A lower bound only: at least one request timed out first.
    expect(ms).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS);
    expect(error.attempts).toBeGreaterThanOrEqual(1);
    expect(error.attempts).toBeLessThanOrEqual(4);
    // Exactly the attempts crm-core reports reached the server: the SDK's HTTP client added none.
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(error.attempts);
  });

  it('a body cut mid-stream: a typed NETWORK_ERROR after bounded retries, nothing unhandled', async () => {
    fault({ kind: 'truncate', route: 'GET /crm/v8/Leads' });
    const { error } = await failing(() => client.getRecords('Leads', ids, ['Last_Name']));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.retryable).toBe(true);
    expect(error.attempts).toBe(4);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(4);
  });

  it('a 5xx HTML page: BAD_RESPONSE with the status, retried, nothing unhandled', async () => {
    fault({ kind: 'error-html', route: 'GET /crm/v8/Leads', status: 502 });
    const { error } = await failing(() => client.getRecords('Leads', ids, ['Last_Name']));
    expect(error).toMatchObject({ code: 'BAD_RESPONSE', status: 502, retryable: true, attempts: 4 });
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(4);
  });

  it("a 5xx JSON error: Zoho's code, retried until it clears", async () => {
    fault({ kind: 'error-json', route: 'GET /crm/v8/Leads', status: 500, times: 2 });
    const records = await client.getRecords('Leads', ids, ['Last_Name']);
    expect(records.map((r) => r.id)).toEqual(ids);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(3);
  });

  it('a reset PUT is retried by crm-core only (the SDK would have sent it three times)', async () => {
    fault({ kind: 'reset', route: 'PUT /crm/v8/Leads', times: 1 });
    const results = await client.updateRecords('Leads', [{ id: ids[0] as string, First_Name: 'Reset' }]);
    expect(results).toMatchObject([{ id: ids[0], status: 'success', code: 'SUCCESS' }]);
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(2);
    expect(env.emu.state.getRecord('Leads', ids[0] as string)?.First_Name).toBe('Reset');
  });

  it('a 4xx other than 429 is not retried', async () => {
    env.emu.state.setFaults([]);
    env.emu.state.resetCounters();
    const { error } = await failing(() => client.getRecords('NoSuchModule', ids, ['Last_Name']));
    // Zoho's own code survives even though the SDK threw it from its metadata fetch.
    expect(error.code).toMatch(/^[A-Z_]+$/);
    expect(error.code).not.toBe('BAD_RESPONSE');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.attempts).toBe(1);
    expect(env.emu.state.counters().total).toBe(1);
  });

  it('the process is alive and well afterwards, with no unhandled rejection', async () => {
    env.emu.state.setFaults([]);
    const records = await client.getRecords('Leads', ids, ['Last_Name']);
    expect(records).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(unhandled).toEqual([]);
  });
});
