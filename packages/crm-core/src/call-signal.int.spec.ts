import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import type { RequestEvent, ResponseEvent } from './request-hooks.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import { untilQuiet } from './test-support/emulator-quiet.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

// One call in flight per process (the first client's limiter is the process's), so a second call
// waits for a slot. Hooks drive every abort: no test aborts on a timer.
let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];
let onRequest: ((e: RequestEvent) => void) | undefined;
let onResponse: ((e: ResponseEvent) => void) | undefined;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
  client = createZohoClient({
    config: env.config(),
    concurrency: 1,
    retryBaseDelayMs: 20,
    hooks: { onRequest: (e) => onRequest?.(e), onResponse: (e) => onResponse?.(e) },
  });
  // Warm: init and the module's metadata, so the counts below are the calls under test alone.
  await client.getRecords('Leads', ids, ['Last_Name']);
  await client.getLayouts('Leads');
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

beforeEach(async () => {
  onRequest = undefined;
  onResponse = undefined;
  await untilQuiet(env.emu);
  env.emu.state.setFaults([]);
  env.emu.state.setLatency(0);
  env.emu.state.resetCounters();
  env.emu.state.clearRequestLog();
});

async function failure(promise: Promise<unknown>): Promise<ZohoApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ZohoApiError)) throw new Error(`expected a ZohoApiError, got ${String(error)}`);
  return error;
}

describe('per-call signal (against the emulator)', () => {
  it('aborted before the call: ABORTED, outcome known, and the emulator saw no request', async () => {
    const signal = AbortSignal.abort();
    const calls: [string, Promise<unknown>][] = [
      ['init', client.init({ signal })],
      ['checkConnection', client.checkConnection({ signal })],
      ['getFields', client.getFields('Leads', { signal, maxAgeMs: 0 })],
      ['getLayouts', client.getLayouts('Leads', { signal, maxAgeMs: 0 })],
      ['getRecords', client.getRecords('Leads', ids, ['Last_Name'], { signal })],
      ['updateRecords', client.updateRecords('Leads', [{ id: ids[0] as string, Mobile: '+1 555 8000' }], { signal })],
    ];
    for (const [name, call] of calls) {
      const error = await failure(call);
      expect([name, error.code, error.outcomeUnknown]).toEqual([name, 'ABORTED', false]);
    }
    const listing = client.listRecords('Leads', { fields: ['Last_Name'], signal });
    await expect(listing.next()).rejects.toBeDefined();
    await untilQuiet(env.emu);
    expect(env.emu.state.counters().total).toBe(0);
  });

  it('aborted while waiting for a concurrency slot: the wait ends at once, nothing sent for it', async () => {
    env.emu.state.setLatency(300);
    const order: string[] = [];
    const controller = new AbortController();
    let waiting: Promise<unknown> | undefined;
    // The first call holds the only slot; the second queues behind it and is aborted on the
    // first one's answer, before that call settles and frees the slot.
    onRequest = (e) => {
      if (waiting || e.method !== 'GET') return;
      waiting = client.getRecords('Leads', ids, ['Last_Name', 'Email'], { signal: controller.signal }).then(
        () => order.push('second resolved'),
        (err: unknown) => {
          order.push('second rejected');
          throw err;
        },
      );
    };
    onResponse = () => controller.abort();
    const first = client.getRecords('Leads', ids, ['Last_Name']).then((r) => {
      order.push('first resolved');
      return r;
    });
    expect(await first).toHaveLength(2);
    const error = await failure(waiting as Promise<unknown>);
    expect([error.code, error.outcomeUnknown, error.attempts]).toEqual(['ABORTED', false, 0]);
    expect(order).toEqual(['second rejected', 'first resolved']);
    await untilQuiet(env.emu);
    expect(env.emu.state.counters().routes['GET /crm/v8/Leads']).toBe(1);
  });

  it('aborted during the retry backoff: the wait (a 60 s Retry-After) ends at once', async () => {
    env.emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', retryAfterSeconds: 60, times: 1 }]);
    const controller = new AbortController();
    onResponse = (e) => {
      if (e.status === 429) controller.abort();
    };
    const error = await failure(client.getRecords('Leads', ids, ['Last_Name'], { signal: controller.signal }));
    expect([error.code, error.outcomeUnknown, error.attempts]).toEqual(['ABORTED', false, 1]);
    await untilQuiet(env.emu);
    expect(env.emu.state.counters().routes['GET /crm/v8/Leads']).toBe(1);
    // A backoff that ignored the abort would wait 60 s: far past this test's bound.
  }, 20_000);

  it('aborted after the write was sent: outcomeUnknown, never resent (even with retryAmbiguous)', async () => {
    env.emu.state.setLatency(300);
    for (const retryAmbiguous of [false, true]) {
      env.emu.state.resetCounters();
      const controller = new AbortController();
      onRequest = (e) => {
        if (e.method === 'PUT') controller.abort();
      };
      const error = await failure(client.updateRecords('Leads', [{ id: ids[1] as string, Mobile: `+1 555 81${retryAmbiguous ? 1 : 0}0` }], { signal: controller.signal, retryAmbiguous }));
      expect([error.code, error.outcomeUnknown, error.retryable]).toEqual(['ABORTED', true, false]);
      expect(error.message).toMatch(/after the request was sent/);
      await untilQuiet(env.emu);
      expect(env.emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0).toBeLessThanOrEqual(1);
    }
  });

  it('a signal that is not an AbortSignal is refused before anything is sent', async () => {
    const error = await failure(client.getRecords('Leads', ids, ['Last_Name'], { signal: 'stop' as unknown as AbortSignal }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(env.emu.state.counters().total).toBe(0);
  });
});
