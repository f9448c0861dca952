import { describe, expect, it } from '@jest/globals';
import { callSdk, type BoundaryDeps } from './call-boundary.js';
import { gatedSlots, type CallGate } from './call-gate.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CoreLog } from './core-log.js';
import type { CallPolicy } from './options.js';
import { Redactor } from './redact.js';
import { MemoryLogger } from './test-support/memory-logger.js';
import { ZohoApiError } from './zoho-api-error.js';

const policy: CallPolicy = { findUser: true, requestTimeoutMs: 1_000, callDeadlineMs: 5_000, maxAttempts: 4, concurrency: 10, heavyConcurrency: 10, retryBaseDelayMs: 10, retryMaxDelayMs: 100, retryAmbiguous: ['read'], metadataTtlMs: 600_000, retryQuota: false };

/** A gate that records what it saw and what is held, and refuses when told to. */
function recordingGate(refuse?: Error & { code?: string }) {
  const seen: string[] = [];
  let held = 0;
  const gate: CallGate = {
    acquire: async ({ operation }) => {
      seen.push(operation);
      if (refuse) throw refuse;
      held++;
      return () => void held--;
    },
  };
  return { gate, seen, held: () => held };
}

function deps(limiter: ConcurrencyLimiter, gates: CallGate[]): BoundaryDeps {
  return { limiter: gatedSlots(limiter, gates), log: new CoreLog(new MemoryLogger(), new Redactor()), redactor: new Redactor(), forceRefresh: async () => undefined };
}

describe('call gates', () => {
  it('every invocation passes the local limiter and each gate, and releases them all', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const a = recordingGate();
    const b = recordingGate();
    let heldDuring = -1;
    const value = await callSdk(deps(limiter, [a.gate, b.gate]), policy, 'getRecords', async () => {
      heldDuring = limiter.active + a.held() + b.held();
      return 'ok';
    });
    expect(value).toBe('ok');
    expect(heldDuring).toBe(3);
    expect([a.seen, b.seen]).toEqual([['getRecords'], ['getRecords']]);
    expect([limiter.active, a.held(), b.held()]).toEqual([0, 0, 0]);
  });

  it('heavy calls also take a heavy slot (taken first, released last); ordinary calls do not', async () => {
    const limiter = new ConcurrencyLimiter(20);
    const heavy = new ConcurrencyLimiter(2);
    const gate = recordingGate();
    const flags: Array<boolean | undefined> = [];
    const seenGate: CallGate = { acquire: async (call, signal) => (flags.push(call.heavy), gate.gate.acquire(call, signal)) };
    const d: BoundaryDeps = { ...deps(limiter, []), limiter: gatedSlots(limiter, [seenGate], heavy) };
    let peak = 0;
    let running = 0;
    const run = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return heavy.active;
    };
    const heavyDuring = await Promise.all(Array.from({ length: 6 }, () => callSdk(d, policy, 'updateRecords', run, { kind: 'write', heavy: true })));
    expect(peak).toBe(2);
    expect(heavyDuring.every((n) => n >= 1 && n <= 2)).toBe(true);
    peak = 0;
    await Promise.all(Array.from({ length: 6 }, () => callSdk(d, policy, 'getRecords', run)));
    expect(peak).toBe(6);
    expect(flags).toEqual([...Array(6).fill(true), ...Array(6).fill(undefined)]);
    expect([limiter.active, heavy.active, gate.held()]).toEqual([0, 0, 0]);
  });

  it('a refusal is CALL_REFUSED with the gate code, nothing runs, nothing stays held', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const a = recordingGate();
    const b = recordingGate(Object.assign(new Error('the fleet credit budget is spent'), { code: 'CREDIT_BUDGET_EXCEEDED' }));
    let ran = false;
    const failure = await callSdk(deps(limiter, [a.gate, b.gate]), policy, 'updateRecords', async () => void (ran = true)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ZohoApiError);
    expect(failure).toMatchObject({ code: 'CALL_REFUSED', details: { reason: 'CREDIT_BUDGET_EXCEEDED' }, retryable: false });
    expect((failure as Error).message).toContain('the fleet credit budget is spent');
    expect(ran).toBe(false);
    expect([limiter.active, a.held()]).toEqual([0, 0]);
  });

  it('a gate that waits past the call deadline gives TIMEOUT', async () => {
    const never: CallGate = { acquire: (_call, signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))) };
    const failure = await callSdk(deps(new ConcurrencyLimiter(1), [never]), { ...policy, callDeadlineMs: 50 }, 'getFields', async () => 'x').catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'TIMEOUT' });
  });
});
