import { describe, expect, it } from '@jest/globals';
import { callSdk, type BoundaryDeps } from './call-boundary.js';
import { invocationContext, type Invocation } from './call-context.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CoreLog } from './core-log.js';
import type { CallPolicy } from './options.js';
import { Redactor } from './redact.js';
import { MemoryLogger } from './test-support/memory-logger.js';
import { ZohoApiError } from './zoho-api-error.js';

const policy: CallPolicy = { findUser: true, requestTimeoutMs: 1_000, callDeadlineMs: 5_000, maxAttempts: 4, concurrency: 10, heavyConcurrency: 10, retryBaseDelayMs: 10, retryMaxDelayMs: 100, retryAmbiguous: ['read'], metadataTtlMs: 600_000, retryQuota: false };

function setup(overrides: Partial<BoundaryDeps> = {}) {
  const logger = new MemoryLogger();
  const refreshes: (string | undefined)[] = [];
  const deps: BoundaryDeps = {
    limiter: new ConcurrencyLimiter(10),
    log: new CoreLog(logger, new Redactor()),
    redactor: new Redactor(),
    forceRefresh: async (stale) => void refreshes.push(stale),
    ...overrides,
  };
  return { deps, logger, refreshes };
}

const zoho = (code: string, status: number, extra: Partial<ConstructorParameters<typeof ZohoApiError>[0]> = {}) =>
  new ZohoApiError({ code, message: `${code} (HTTP ${status})`, operation: 'op', status, retryable: status === 429 || status >= 500, ...extra });

/** A run that fails with the given errors in turn, then returns 'done'. */
function script(...failures: ZohoApiError[]) {
  const runs: Invocation[] = [];
  const run = async (inv: Invocation) => {
    runs.push(inv);
    const failure = failures[runs.length - 1];
    if (failure) throw failure;
    return 'done';
  };
  return { run, runs };
}

describe('callSdk', () => {
  it('returns the result and logs the call with its request id', async () => {
    const { deps, logger } = setup();
    const { run, runs } = script();
    await expect(callSdk(deps, policy, 'op', run)).resolves.toBe('done');
    expect(runs).toHaveLength(1);
    const line = logger.entries.find((e) => e.message === 'op ok');
    expect(line?.meta).toMatchObject({ attempts: 1, operation: 'op' });
    expect(line?.meta.requestId).toMatch(/^r[0-9a-z]+-[0-9a-z]+$/);
  });

  it('runs the SDK inside an invocation context carrying the call', async () => {
    const { deps } = setup();
    let seen: Invocation | undefined;
    await callSdk(deps, policy, 'ctx-op', async () => {
      await new Promise((r) => setTimeout(r, 1));
      seen = invocationContext.getStore();
    });
    expect(seen?.call.operation).toBe('ctx-op');
  });

  it('retries 429 and 5xx with backoff, no sooner than Retry-After', async () => {
    const { deps, logger } = setup();
    const { run, runs } = script(zoho('TOO_MANY_REQUESTS', 429, { retryAfterMs: 300 }), zoho('INTERNAL_ERROR', 500));
    await expect(callSdk(deps, policy, 'op', run)).resolves.toBe('done');
    expect(runs).toHaveLength(3);
    // The waits it chose (logged with each retry), not the clock: the first honours Retry-After.
    const waits = logger.entries.map((e) => e.meta['waitMs']).filter((w): w is number => typeof w === 'number');
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(300);
  });

  it('gives up after maxAttempts, reporting the attempts made', async () => {
    const { deps } = setup();
    const failures = Array.from({ length: 10 }, () => zoho('INTERNAL_ERROR', 503));
    const { run, runs } = script(...failures);
    const error = (await callSdk(deps, { ...policy, maxAttempts: 3 }, 'op', run).catch((e: unknown) => e)) as ZohoApiError;
    expect(runs).toHaveLength(3);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ code: 'INTERNAL_ERROR', status: 503, attempts: 3, retryable: true });
  });

  it('counts requests the SDK retried on its own toward maxAttempts', async () => {
    const { deps, logger } = setup();
    const runs: number[] = [];
    const run = async (inv: Invocation) => {
      runs.push(1);
      inv.sdkRetries = 2;
      throw zoho('INTERNAL_ERROR', 500);
    };
    const error = (await callSdk(deps, policy, 'op', run).catch((e: unknown) => e)) as ZohoApiError;
    expect(runs).toHaveLength(2);
    expect(error.attempts).toBe(6);
    expect(logger.text()).toContain("the SDK's HTTP client retried 2 time(s)");
  });

  it('never retries other 4xx', async () => {
    const { deps } = setup();
    const { run, runs } = script(zoho('INVALID_DATA', 400), zoho('INVALID_DATA', 400));
    await expect(callSdk(deps, policy, 'op', run)).rejects.toMatchObject({ code: 'INVALID_DATA', attempts: 1, retryable: false });
    expect(runs).toHaveLength(1);
  });

  it('on INVALID_TOKEN refreshes once, for the token that failed, and tries again', async () => {
    const { deps, refreshes } = setup();
    const runs: Invocation[] = [];
    const run = async (inv: Invocation) => {
      runs.push(inv);
      inv.accessToken = `token-${runs.length}`;
      if (runs.length === 1) throw zoho('INVALID_TOKEN', 401);
      return 'done';
    };
    await expect(callSdk(deps, policy, 'op', run)).resolves.toBe('done');
    expect(refreshes).toEqual(['token-1']);
  });

  it('refreshes only once per call: a second INVALID_TOKEN fails', async () => {
    const { deps, refreshes } = setup();
    const { run, runs } = script(zoho('INVALID_TOKEN', 401), zoho('INVALID_TOKEN', 401), zoho('INVALID_TOKEN', 401));
    await expect(callSdk(deps, policy, 'op', run)).rejects.toMatchObject({ code: 'INVALID_TOKEN', attempts: 2 });
    expect(runs).toHaveLength(2);
    expect(refreshes).toHaveLength(1);
  });

  it('refreshes again when Zoho refuses the new token too (it expired meanwhile), never twice for one token', async () => {
    const { deps, refreshes } = setup();
    const runs: Invocation[] = [];
    const run = async (inv: Invocation) => {
      runs.push(inv);
      inv.accessToken = `token-${Math.min(runs.length, 2)}`;
      if (runs.length <= 3) throw zoho('INVALID_TOKEN', 401);
      return 'done';
    };
    await expect(callSdk(deps, policy, 'op', run)).rejects.toMatchObject({ code: 'INVALID_TOKEN', attempts: 3 });
    expect(refreshes).toEqual(['token-1', 'token-2']);
  });

  it('a token refresh that hangs still ends at the deadline', async () => {
    const { deps } = setup({ forceRefresh: () => new Promise(() => undefined) });
    const { run } = script(zoho('INVALID_TOKEN', 401));
    // The refresh never settles, so only the deadline can produce TIMEOUT; a hang meets jest's timeout.
    await expect(callSdk(deps, { ...policy, callDeadlineMs: 200 }, 'op', run)).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('fails with TIMEOUT at the deadline when the SDK never settles, and swallows its late rejection', async () => {
    const { deps } = setup();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let rejectLate!: (e: Error) => void;
      const error = (await callSdk(deps, { ...policy, callDeadlineMs: 200 }, 'op', () => new Promise((_, reject) => (rejectLate = reject))).catch((e: unknown) => e)) as ZohoApiError;
      expect(error).toMatchObject({ code: 'TIMEOUT', operation: 'op' });
      expect(error.message).toContain('no answer within the call deadline (200 ms)');
      rejectLate(new Error('the SDK gave up much later'));
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('does not start a retry whose wait would end past the deadline', async () => {
    const { deps } = setup();
    const { run, runs } = script(zoho('TOO_MANY_REQUESTS', 429, { retryAfterMs: 5_000 }));
    // Waiting out the deadline would end in TIMEOUT, retrying in a second run: the code and the run count tell.
    await expect(callSdk(deps, { ...policy, callDeadlineMs: 1_000, retryMaxDelayMs: 10_000 }, 'op', run)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS', attempts: 1 });
    expect(runs).toHaveLength(1);
  });

  it('turns anything else thrown into a ZohoApiError without keeping the original', async () => {
    const { deps } = setup();
    const secretError = Object.assign(new Error('boom'), { options: { headers: { authorization: 'Zoho-oauthtoken 1000.aaaaaaaaaa.bbbbbbbbbb' } } });
    const error = (await callSdk(deps, policy, 'op', async () => Promise.reject(secretError)).catch((e: unknown) => e)) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.code).toBe('SDK_ERROR');
    expect(error.retryable).toBe(false);
    expect(JSON.stringify({ ...error, cause: error.cause })).not.toContain('aaaaaaaaaa');
  });

  it('holds a concurrency slot per invocation', async () => {
    const { deps } = setup({ limiter: new ConcurrencyLimiter(2) });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        callSdk(deps, policy, 'op', async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, 10));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
