import { abortedError, raceAbort } from './abort-wait.js';
import { backoffDelay } from './backoff.js';
import { enterContext, leaveContext, newInvocation, nextRequestId, tagInvocation, untagInvocation, type CallInfo, type Invocation } from './call-context.js';
import type { CallSlots } from './call-gate.js';
import type { CoreLog } from './core-log.js';
import { abandon } from './http-observer.js';
import type { CallPolicy } from './options.js';
import { RETRY_COST, TIMEOUT_RETRY_COST, type RetryQuota } from './retry-quota.js';
import type { RateLimitInfo } from './types.js';
import type { Redactor } from './redact.js';
import { errorFromThrown } from './sdk-response.js';
import { sleep } from './sleep.js';
import { ZohoApiError } from './zoho-api-error.js';
import { provablyNotProcessed, type CallKind } from './write-policy.js';

export interface BoundaryDeps {
  limiter: CallSlots;
  log: CoreLog;
  redactor: Redactor;
  /** Gets a new access token after Zoho said INVALID_TOKEN to `staleAccessToken` (single-flight in auth). */
  forceRefresh(staleAccessToken: string | undefined): Promise<void>;
  /** The process's one retry budget; undefined: none. */
  retryQuota?: RetryQuota | undefined;
}

/** What an SDK operation does inside one invocation; it settles the SDK's answer and interprets it. */
export type SdkRun<R> = (inv: Invocation) => Promise<R>;

/** Extra time past the request timeout before a silent SDK promise is given up on. */
const WATCHDOG_GRACE_MS = 5_000;

/**
 * Forced refreshes one call may make: one per refused token, and a second when another process
 * rotated the token (or Zoho expired it again) while the call was retrying. Each one spends one of
 * the 10 token requests Zoho allows per 10 minutes, so a call never chases tokens without end.
 */
const MAX_REFRESHES_PER_CALL = 2;

type Outcome<R> = { ok: true; value: R } | { ok: false; error: ZohoApiError };

function timeoutError(operation: string, why: string): ZohoApiError {
  return new ZohoApiError({ code: 'TIMEOUT', message: `${operation}: ${why}`, operation, retryable: true });
}

/** A call gate refused the call before anything was sent; its own code goes into details.reason. */
function refusedError(operation: string, err: unknown, redactor: Redactor): ZohoApiError {
  const reason = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'UNKNOWN';
  const why = redactor.redact(err instanceof Error ? err.message : String(err));
  return new ZohoApiError({ code: 'CALL_REFUSED', message: `${operation}: refused before sending: ${why}`, operation, details: { reason }, retryable: false });
}

/**
 * Runs one SDK invocation in its own async context (`tagged`: under its tag instead) and settles it
 * exactly once: with its result, its error, or TIMEOUT when the call's deadline passes or the SDK
 * goes silent — even if the SDK's promise never settles. The SDK's promise always has handlers attached, so nothing it rejects
 * later goes unhandled.
 */
function runInvocation<R>(inv: Invocation, run: SdkRun<R>, signal: AbortSignal, policy: CallPolicy, deps: BoundaryDeps, callerAborted: () => boolean, tagged: boolean): Promise<Outcome<R>> {
  const operation = inv.call.operation;
  return new Promise<Outcome<R>>((resolve) => {
    let settled = false;
    let watchdog: NodeJS.Timeout | undefined;
    const finish = (outcome: Outcome<R>) => {
      if (settled) return;
      settled = true;
      clearTimeout(watchdog);
      inv.onActivity = undefined;
      signal.removeEventListener('abort', onAbort);
      resolve(outcome);
    };
    const onAbort = () => {
      const byCaller = callerAborted();
      abandon(inv, byCaller ? 'ABORTED' : 'TIMEOUT');
      // Whether a write may have landed is the call's to judge (from what was started), not ours.
      finish({ ok: false, error: byCaller ? abortedError(operation, inv.started.length > 0, false) : timeoutError(operation, `no answer within the call deadline (${policy.callDeadlineMs} ms)`) });
    };
    // Armed once the first request starts, then restarted by each one: requests time out in the
    // SDK after requestTimeoutMs, so a longer silence means the SDK lost track of its promise.
    inv.onActivity = () => {
      clearTimeout(watchdog);
      watchdog = setTimeout(() => {
        abandon(inv);
        finish({ ok: false, error: timeoutError(operation, `the SDK did not settle within ${policy.requestTimeoutMs + WATCHDOG_GRACE_MS} ms of its last request`) });
      }, policy.requestTimeoutMs + WATCHDOG_GRACE_MS);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) return onAbort();
    const tag = tagged ? tagInvocation(inv) : undefined;
    inv.tag = tag;
    const sdkPromise = tag === undefined ? enterContext(inv, () => Promise.resolve().then(() => run(inv))) : Promise.resolve().then(() => run(inv));
    // Only once the SDK's promise settles (it may outlive an abandoned invocation): until then its
    // requests must still be told apart.
    const release = tag === undefined ? leaveContext : () => untagInvocation(tag);
    sdkPromise.then(release, release);
    sdkPromise
      .then(
        (value) => finish({ ok: true, value }),
        (error: unknown) => finish({ ok: false, error: errorFromThrown(error, operation, inv, deps.redactor) }),
      );
  });
}

/** How one call may be retried: its kind, and whether this call overrides the policy's `retryAmbiguous`. */
export interface CallOptions {
  kind: CallKind;
  retryAmbiguous?: boolean;
  /** The caller's signal: an abort ends every wait at once and cuts requests in flight (ABORTED). */
  signal?: AbortSignal | undefined;
  /**
   * The run makes exactly one request and puts `invocationHeaders(inv)` on it (a warm record
   * call): its invocation is then told by that tag, without an async context (see call-context.ts).
   */
  tagged?: boolean;
  /** Zoho counts the call against its sub-concurrency (see GatedCall.heavy): it also waits for a heavy slot. */
  heavy?: boolean;
}

/**
 * The one way an SDK operation is called. Per call: a concurrency slot, a hard deadline, at most
 * `maxAttempts` requests for the operation (the SDK's own HTTP retries are switched off; any that
 * slip through are counted), one forced token refresh per refused token on INVALID_TOKEN, and exponential backoff
 * with jitter (at least Retry-After) on 429, 5xx, timeouts and network errors. Other 4xx are not
 * retried. A write is sent again only when the failed attempt provably was not processed; after an
 * ambiguous failure it is thrown with `outcomeUnknown` (unless `retryAmbiguous` lists writes or the
 * call overrides it). Every failure is a ZohoApiError.
 */
/** The user's `onRateLimit` answer; a throw counts as "do not retry" (and is logged). */
async function rateLimitAllows(policy: CallPolicy, info: RateLimitInfo, deps: BoundaryDeps): Promise<boolean> {
  if (!policy.onRateLimit) return true;
  try {
    return (await policy.onRateLimit(info)) !== false;
  } catch (err) {
    deps.log.warn(`${info.operation}: onRateLimit threw; the 429 ends the call`, { error: err instanceof Error ? err.message : String(err) });
    return false;
  }
}

export async function callSdk<R>(deps: BoundaryDeps, policy: CallPolicy, operation: string, run: SdkRun<R>, options: CallOptions = { kind: 'read' }): Promise<R> {
  const resendAmbiguous = options.retryAmbiguous ?? policy.retryAmbiguous.includes(options.kind);
  const call: CallInfo = { requestId: nextRequestId(), operation, log: deps.log, hooks: policy.hooks };
  const callerSignal = options.signal;
  if (callerSignal?.aborted) throw abortedError(operation).withCall({ attempts: 0, requestId: call.requestId, outcomeUnknown: false });
  const callerAborted = () => callerSignal?.aborted === true;
  const started = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(timeoutError(operation, `no answer within the call deadline (${policy.callDeadlineMs} ms)`)), policy.callDeadlineMs);
  // Every wait below (slot, gates, request, backoff, token refresh) ends on either signal.
  const signal = callerSignal ? AbortSignal.any([deadline.signal, callerSignal]) : deadline.signal;
  let attempts = 0;
  let httpRequests = 0;
  let retries = 0;
  // The access token Zoho last refused; null while none was. A call refreshes again only for a
  // different token: one another process rotated (or Zoho invalidated) after our refresh.
  let refusedToken: string | undefined | null = null;
  let refreshes = 0;
  // Sticky: once an attempt of a write may have landed, the call's outcome is unknown whatever
  // later attempts answer (a 429 after a lost answer does not mean "not applied").
  let ambiguous = false;
  let quotaSpent = 0;
  const meta = (extra: Record<string, unknown> = {}) => ({ requestId: call.requestId, operation, attempts, httpRequests, durationMs: Date.now() - started, ...extra });
  try {
    for (;;) {
      let release: () => void;
      try {
        release = await deps.limiter.acquire(signal, operation, options.heavy === true);
      } catch (err) {
        if (callerAborted()) throw abortedError(operation).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
        if (deadline.signal.aborted) throw timeoutError(operation, `no concurrency slot free within the call deadline (${policy.callDeadlineMs} ms)`).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
        throw refusedError(operation, err, deps.redactor).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
      }
      const inv = newInvocation(call, attempts + 1);
      let outcome: Outcome<R>;
      try {
        outcome = await runInvocation(inv, run, signal, policy, deps, callerAborted, options.tagged === true);
      } finally {
        release();
      }
      attempts += 1 + inv.sdkRetries;
      httpRequests += inv.started.length;
      if (inv.sdkRetries > 0) deps.log.warn(`the SDK's HTTP client retried ${inv.sdkRetries} time(s) on its own; counted as attempts`, meta());
      if (outcome.ok) {
        deps.retryQuota?.settle(quotaSpent);
        if (deps.log.enabled('info')) deps.log.info(`${operation} ok`, meta());
        return outcome.value;
      }
      let error = outcome.error;
      if (options.kind === 'write' && !provablyNotProcessed(error, inv)) {
        ambiguous = true;
        if (error.code === 'ABORTED') error = abortedError(operation, true);
        if (!resendAmbiguous) {
          const unknown = error.withCall({ attempts, requestId: call.requestId, outcomeUnknown: true });
          deps.log.error(`${operation}: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''} after the write was sent; not resending (outcome unknown)`, meta({ code: error.code, status: error.status, outcomeUnknown: true }));
          throw unknown;
        }
      }
      const left = policy.maxAttempts - attempts;
      const newlyRefused = refusedToken === null || (inv.accessToken !== undefined && inv.accessToken !== refusedToken);
      if (error.code === 'INVALID_TOKEN' && newlyRefused && refreshes < MAX_REFRESHES_PER_CALL && left > 0 && !signal.aborted) {
        refusedToken = inv.accessToken;
        refreshes++;
        deps.log.warn(`${operation}: Zoho answered INVALID_TOKEN; refreshing the access token and trying again`, meta());
        try {
          await raceAbort(deps.forceRefresh(inv.accessToken), signal, () => signal.reason);
        } catch (refreshError) {
          if (callerAborted()) throw abortedError(operation).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
          throw errorFromThrown(refreshError, operation, newInvocation(call), deps.redactor).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
        }
        continue;
      }
      if (error.retryable && left > 0 && !signal.aborted) {
        const wait = backoffDelay(retries + 1, { baseDelayMs: policy.retryBaseDelayMs, maxDelayMs: policy.retryMaxDelayMs }, error.retryAfterMs);
        const inTime = Date.now() + wait < started + policy.callDeadlineMs;
        const allowed = inTime && (error.status !== 429 || (await rateLimitAllows(policy, { operation, attempt: attempts, retryAfterMs: error.retryAfterMs, waitMs: wait }, deps)));
        const cost = error.code === 'TIMEOUT' ? TIMEOUT_RETRY_COST : RETRY_COST;
        const paid = allowed && (deps.retryQuota === undefined || deps.retryQuota.take(cost));
        if (allowed && !paid) deps.log.warn(`${operation}: ${error.code}; not retried: the process's retry budget is spent (retryQuota)`, meta({ code: error.code, quota: deps.retryQuota?.available }));
        if (paid) {
          retries++;
          if (deps.retryQuota) quotaSpent += cost;
          deps.log.warn(`${operation}: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}; retry ${retries} in ${wait} ms`, meta({ code: error.code, status: error.status, waitMs: wait }));
          try {
            await sleep(wait, signal);
          } catch {
            if (callerAborted()) throw abortedError(operation).withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
            throw error.withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
          }
          continue;
        }
      }
      const final = error.withCall({ attempts, requestId: call.requestId, outcomeUnknown: ambiguous });
      const level = final.code !== 'ABORTED' && (final.outcomeUnknown || final.retryable || final.status === undefined || final.status >= 500) ? 'error' : 'warn';
      deps.log.log(level, `${operation} failed: ${final.code}`, meta({ code: final.code, status: final.status, retryable: final.retryable, outcomeUnknown: final.outcomeUnknown, error: final.message }));
      throw final;
    }
  } finally {
    clearTimeout(timer);
  }
}
