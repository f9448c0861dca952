import { describe, expect, it } from '@jest/globals';
import { callSdk, type BoundaryDeps } from './call-boundary.js';
import type { Invocation } from './call-context.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CoreLog } from './core-log.js';
import { DEFAULT_OPTIONS, type CallPolicy } from './options.js';
import { Redactor } from './redact.js';
import { MemoryLogger } from './test-support/memory-logger.js';
import { ZohoApiError } from './zoho-api-error.js';

const policy: CallPolicy = { ...DEFAULT_OPTIONS, requestTimeoutMs: 1_000, callDeadlineMs: 5_000, retryBaseDelayMs: 1, retryMaxDelayMs: 5 };

const deps = (): BoundaryDeps => ({ limiter: new ConcurrencyLimiter(10), log: new CoreLog(new MemoryLogger(), new Redactor()), redactor: new Redactor(), forceRefresh: async () => undefined });

type Step = { error: ZohoApiError; sent: boolean };
const fail = (code: string, status: number | undefined, sent = true, details: Record<string, unknown> = {}): Step => ({
  error: new ZohoApiError({ code, message: code, operation: 'op', ...(status !== undefined ? { status } : {}), retryable: code !== 'INVALID_DATA', details }),
  sent,
});

/** A write whose attempts fail as scripted (each marks its PUT as started, or not), then succeeds. */
function script(...steps: Step[]) {
  let n = 0;
  const run = async (inv: Invocation) => {
    const step = steps[n++];
    if (step?.sent) inv.started.push('PUT http://127.0.0.1/crm/v8/Leads');
    if (step) throw step.error;
    inv.started.push('PUT http://127.0.0.1/crm/v8/Leads');
    return 'done';
  };
  return { run, count: () => n };
}

describe('write semantics', () => {
  it.each([
    ['a 5xx', fail('INTERNAL_ERROR', 500)],
    ['a reset after sending', fail('NETWORK_ERROR', undefined, true, { errorCode: 'ECONNRESET' })],
    ['a timeout after sending', fail('TIMEOUT', undefined, true, { errorCode: 'ETIMEDOUT' })],
    ['an unreadable 502', fail('BAD_RESPONSE', 502)],
  ])('%s: the write is not resent and comes back outcome-unknown', async (_name, step) => {
    const { run, count } = script(step);
    const error = await callSdk(deps(), policy, 'op', run, { kind: 'write' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: step.error.code, outcomeUnknown: true, retryable: false, attempts: 1 });
    expect(count()).toBe(1);
  });

  it.each([
    ['a 429', fail('TOO_MANY_REQUESTS', 429)],
    ['INVALID_TOKEN', fail('INVALID_TOKEN', 401)],
    ['a refused connection', fail('NETWORK_ERROR', undefined, true, { errorCode: 'ECONNREFUSED' })],
    ['a failure before the PUT started', fail('NETWORK_ERROR', undefined, false, { errorCode: 'ECONNRESET' })],
  ])('%s: not processed, so the write is retried', async (_name, step) => {
    const { run, count } = script(step);
    await expect(callSdk(deps(), policy, 'op', run, { kind: 'write' })).resolves.toBe('done');
    expect(count()).toBe(2);
  });

  it('stays outcome-unknown when a later attempt is refused (derived from every attempt)', async () => {
    const { run, count } = script(fail('INTERNAL_ERROR', 500), fail('TOO_MANY_REQUESTS', 429), fail('TOO_MANY_REQUESTS', 429), fail('TOO_MANY_REQUESTS', 429));
    const error = await callSdk(deps(), policy, 'op', run, { kind: 'write', retryAmbiguous: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', outcomeUnknown: true, attempts: 4 });
    expect(count()).toBe(4);
  });

  it('reads keep their retries after an ambiguous failure', async () => {
    const { run, count } = script(fail('INTERNAL_ERROR', 500), fail('NETWORK_ERROR', undefined, true, { errorCode: 'ECONNRESET' }));
    await expect(callSdk(deps(), policy, 'op', run)).resolves.toBe('done');
    expect(count()).toBe(3);
  });

  it("retryAmbiguous: ['read', 'write'] on the client resends writes too", async () => {
    const { run, count } = script(fail('INTERNAL_ERROR', 500));
    await expect(callSdk(deps(), { ...policy, retryAmbiguous: ['read', 'write'] }, 'op', run, { kind: 'write' })).resolves.toBe('done');
    expect(count()).toBe(2);
  });

  it('a per-call retryAmbiguous: false overrides a client that resends writes', async () => {
    const { run } = script(fail('INTERNAL_ERROR', 500));
    const error = await callSdk(deps(), { ...policy, retryAmbiguous: ['read', 'write'] }, 'op', run, { kind: 'write', retryAmbiguous: false }).catch((e: unknown) => e);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });
});
