import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, expect, it } from '@jest/globals';
import { createFleet, type Fleet } from './create-fleet.js';
import { FleetError } from './fleet-error.js';
import type { FleetOptions } from './options.js';
import { cleanPrefix, describeRedis, testPrefix, TEST_REDIS_URL } from './test-support/redis.js';

const prefix = testPrefix();
const opened: Fleet[] = [];
const signal = new AbortController().signal;

function fleet(options: Partial<FleetOptions> = {}): Fleet {
  const f = createFleet({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix, clientId: '1000.CLIENTABCDEF', refreshToken: '1000.0123456789abcdef.0123456789abcdef', allowPlaintext: true, creditBudget: false, ...options });
  opened.push(f);
  return f;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  await cleanPrefix(prefix);
});
afterAll(() => cleanPrefix(prefix));

describeRedis('org-wide semaphore (Redis)', () => {
  it('never lets more than the limit hold a slot across processes sharing the org', async () => {
    const fleets = [fleet({ concurrency: 3 }), fleet({ concurrency: 3 }), fleet({ concurrency: 3 })];
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const release = await fleets[i % 3]!.slots.acquire({ operation: 'getRecords' }, signal);
        active++;
        peak = Math.max(peak, active);
        await sleep(10);
        active--;
        release();
      }),
    );
    expect(peak).toBe(3);
    // A release is sent without waiting, on its own fleet's connection, so this one may ask before
    // the last ZREMs land: wait for them (bound: 10 s, hundreds of times a quiet machine's few ms).
    const until = Date.now() + 10_000;
    while ((await fleets[0]!.slots.busy()) > 0 && Date.now() < until) await sleep(20);
    expect(await fleets[0]!.slots.busy()).toBe(0);
  });

  it('edition sizes the limit: Free 5 … Ultimate 25; an explicit number wins', () => {
    expect(fleet({ edition: 'free' }).slots.limit).toBe(5);
    expect(fleet({ edition: 'ultimate' }).slots.limit).toBe(25);
    expect(fleet({ edition: 'enterprise', concurrency: 7 }).slots.limit).toBe(7);
    expect(fleet().slots.limit).toBe(10);
  });

  it('a caller that finds every slot busy past its wait gets SLOT_TIMEOUT; the call deadline wins when shorter', async () => {
    const f = fleet({ concurrency: 1, waitMs: 200 });
    const release = await f.slots.acquire({ operation: 'a' }, signal);
    const failure = await f.slots.acquire({ operation: 'b' }, signal).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FleetError);
    expect(failure).toMatchObject({ code: 'SLOT_TIMEOUT' });
    const deadline = new AbortController();
    const waiting = fleet({ concurrency: 1, waitMs: 30_000 }).slots.acquire({ operation: 'c' }, deadline.signal).catch((e: unknown) => e);
    deadline.abort(new Error('call deadline'));
    expect(await waiting).toMatchObject({ message: 'call deadline' });
    release();
  });

  it('a holder renews its leases: slots held longer than the lease stay held', async () => {
    const f = fleet({ concurrency: 2, slotLeaseMs: 1_000, slotRenewEveryMs: 200 });
    const release = await f.slots.acquire({ operation: 'long call' }, signal);
    await sleep(2_500);
    expect(await f.slots.busy()).toBe(1);
    release();
    await sleep(50);
    expect(await f.slots.busy()).toBe(0);
  });

  it('SIGKILL of a worker holding slots: its slots come free when the lease expires', async () => {
    const leaseMs = 2_000;
    const script = path.join(import.meta.dirname, 'test-support', 'hold-slots.mjs');
    const child = spawn(process.execPath, [script, TEST_REDIS_URL, prefix, '3', '4', String(leaseMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
    const observer = fleet({ concurrency: 4 });
    expect(await observer.slots.busy()).toBe(3);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    // Bound: 10× the lease, for a loaded machine; the slots must be free long before.
    while ((await observer.slots.busy()) > 0 && Date.now() - killedAt < 10 * leaseMs) await sleep(100);
    expect(await observer.slots.busy()).toBe(0);
    // Full concurrency again: all 4 slots can be taken at once.
    const releases = await Promise.all([1, 2, 3, 4].map(() => observer.slots.acquire({ operation: 'x' }, signal)));
    expect(observer.slots.held).toBe(4);
    releases.forEach((r) => r());
  });
});
