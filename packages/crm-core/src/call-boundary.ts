import { abortedError, raceAbort } from './abort-wait.js';
import { backoffDelay } from './backoff.js';
import { enterContext, leaveContext, newInvocation, nextRequestId, tagInvocation, untagInvocation, type CallInfo, type Invocation } from './call-context.js';
import type { CallSlots, GatedCall } from './call-gate.js';
import { BUILTIN_STEPS, CallHeaders, runSteps, type BuiltinStep, type CallContext, type Middleware } from './middleware.js';
import { moduleOf } from './request-hooks.js';
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
  /** Records (or ids) the call sends or asks for, for middleware (CallContext.records). */
  records?: number;
}

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

/** What the built-in steps share about one call; middleware sees only CallContext. */
interface CallState {
  readonly deps: BoundaryDeps;
  readonly policy: CallPolicy;
  readonly run: SdkRun<unknown>;
  readonly options: CallOptions;
  readonly call: CallInfo;
  readonly started: number;
  /** Set by the deadline step: its signal fires when the call deadline passes. */
  deadline: AbortSignal | undefined;
  httpRequests: number;
  /** Sticky: once an attempt of a write may have landed, the call's outcome is unknown whatever later attempts answer. */
  ambiguous: boolean;
  /** The invocation of the current attempt, once the sdk step made one. */
  inv: Invocation | undefined;
  /** The sdk step's verdict on its failed attempt of a write: it may have landed. */
  landedMaybe: boolean;
}

const STATE = Symbol('zcrmkit.call');
type InternalContext = CallContext & { readonly [STATE]: CallState };

function stateOf(ctx: CallContext): CallState {
  return (ctx as InternalContext)[STATE];
}

const callerAbortedOf = (s: CallState) => () => s.options.signal?.aborted === true;

function meta(ctx: CallContext, s: CallState, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { requestId: ctx.requestId, operation: ctx.operation, attempts: ctx.stats.attempts, httpRequests: s.httpRequests, durationMs: Date.now() - s.started, ...extra };
}

/** Errors that end the call as they are (a refused slot, an abort, the retry step's verdict): not an attempt's failure to retry. */
const FINAL = new WeakSet<object>();

/** The call's error as it leaves crm-core: with its attempts, request id and whether a write may have landed. */
function ended(ctx: CallContext, s: CallState, error: ZohoApiError): ZohoApiError {
  if (FINAL.has(error)) return error;
  const final = error.withCall({ attempts: ctx.stats.attempts, requestId: ctx.requestId, outcomeUnknown: s.ambiguous });
  FINAL.add(final);
  return final;
}

/** `deadline`: the call's hard deadline, over every wait and request of every attempt. */
const deadlineStep: Middleware = async (ctx, next) => {
  const s = stateOf(ctx);
  const { policy, options } = s;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(timeoutError(ctx.operation, `no answer within the call deadline (${policy.callDeadlineMs} ms)`)), policy.callDeadlineMs);
  s.deadline = deadline.signal;
  ctx.signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  try {
    return await next();
  } finally {
    clearTimeout(timer);
  }
};

/**
 * `retry`: at most `maxAttempts` requests, one forced token refresh per refused token on
 * INVALID_TOKEN, backoff with jitter (at least Retry-After) on 429, 5xx, timeouts and network
 * errors, the process's retry budget, and the write-once rule: a write is sent again only when
 * the failed attempt provably was not processed.
 */
const retryStep: Middleware = async (ctx, next) => {
  const s = stateOf(ctx);
  const { deps, policy, options, call } = s;
  const operation = ctx.operation;
  const resendAmbiguous = options.retryAmbiguous ?? policy.retryAmbiguous.includes(options.kind);
  const callerAborted = callerAbortedOf(s);
  const stats = ctx.stats;
  // The access token Zoho last refused; null while none was. A call refreshes again only for a
  // different token: one another process rotated (or Zoho invalidated) after our refresh.
  let refusedToken: string | undefined | null = null;
  let refreshes = 0;
  let quotaSpent = 0;
  let tries = 0;
  for (;;) {
    ctx.attempt = stats.attempts + 1;
    s.inv = undefined;
    let value: unknown;
    let thrown: unknown;
    let failed = false;
    try {
      value = await next();
    } catch (err) {
      failed = true;
      thrown = err;
    }
    const inv = s.inv as Invocation | undefined;
    // Counted by the sdk step; a middleware that answered without it still used up a try.
    tries++;
    if (!failed) {
      deps.retryQuota?.settle(quotaSpent);
      if (deps.log.enabled('info')) deps.log.info(`${operation} ok`, meta(ctx, s));
      return value;
    }
    // A step's own final error (a refused slot, an abort) or a user middleware's error ends the call as it is.
    if (!(thrown instanceof ZohoApiError) || FINAL.has(thrown)) throw thrown;
    const error = thrown;
    const attemptInv = inv ?? newInvocation(call, ctx.attempt);
    if (s.landedMaybe) {
      s.landedMaybe = false;
      if (!resendAmbiguous) {
        deps.log.error(`${operation}: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''} after the write was sent; not resending (outcome unknown)`, meta(ctx, s, { code: error.code, status: error.status, outcomeUnknown: true }));
        throw ended(ctx, s, error);
      }
    }
    const signal = ctx.signal;
    const left = policy.maxAttempts - Math.max(stats.attempts, tries);
    const newlyRefused = refusedToken === null || (attemptInv.accessToken !== undefined && attemptInv.accessToken !== refusedToken);
    if (error.code === 'INVALID_TOKEN' && newlyRefused && refreshes < MAX_REFRESHES_PER_CALL && left > 0 && !signal.aborted) {
      refusedToken = attemptInv.accessToken;
      refreshes++;
      deps.log.warn(`${operation}: Zoho answered INVALID_TOKEN; refreshing the access token and trying again`, meta(ctx, s));
      try {
        await raceAbort(deps.forceRefresh(attemptInv.accessToken), signal, () => signal.reason);
      } catch (refreshError) {
        if (callerAborted()) throw ended(ctx, s, abortedError(operation));
        throw ended(ctx, s, errorFromThrown(refreshError, operation, newInvocation(call), deps.redactor));
      }
      continue;
    }
    if (error.retryable && left > 0 && !signal.aborted) {
      const wait = backoffDelay(stats.retries + 1, { baseDelayMs: policy.retryBaseDelayMs, maxDelayMs: policy.retryMaxDelayMs }, error.retryAfterMs);
      const inTime = Date.now() + wait < s.started + policy.callDeadlineMs;
      const allowed = inTime && (error.status !== 429 || (await rateLimitAllows(policy, { operation, attempt: stats.attempts, retryAfterMs: error.retryAfterMs, waitMs: wait }, deps)));
      const cost = error.code === 'TIMEOUT' ? TIMEOUT_RETRY_COST : RETRY_COST;
      const paid = allowed && (deps.retryQuota === undefined || deps.retryQuota.take(cost));
      if (allowed && !paid) deps.log.warn(`${operation}: ${error.code}; not retried: the process's retry budget is spent (retryQuota)`, meta(ctx, s, { code: error.code, quota: deps.retryQuota?.available }));
      if (paid) {
        stats.retries++;
        if (deps.retryQuota) quotaSpent += cost;
        deps.log.warn(`${operation}: ${error.code}${error.status ? ` (HTTP ${error.status})` : ''}; retry ${stats.retries} in ${wait} ms`, meta(ctx, s, { code: error.code, status: error.status, waitMs: wait }));
        try {
          await sleep(wait, signal);
        } catch {
          if (callerAborted()) throw ended(ctx, s, abortedError(operation));
          throw ended(ctx, s, error);
        }
        continue;
      }
    }
    const final = ended(ctx, s, error);
    const level = final.code !== 'ABORTED' && (final.outcomeUnknown || final.retryable || final.status === undefined || final.status >= 500) ? 'error' : 'warn';
    deps.log.log(level, `${operation} failed: ${final.code}`, meta(ctx, s, { code: final.code, status: final.status, retryable: final.retryable, outcomeUnknown: final.outcomeUnknown, error: final.message }));
    throw final;
  }
};

/** `slots`: the process's concurrency slot (and heavy slot), then every call gate (e.g. the fleet's), per attempt. */
const slotsStep: Middleware = async (ctx, next) => {
  const s = stateOf(ctx);
  const { deps, policy, options } = s;
  const operation = ctx.operation;
  const heavy = options.heavy === true;
  const gated: GatedCall = heavy ? { operation, heavy } : { operation };
  const waitStarted = Date.now();
  let release: () => void;
  try {
    release = await deps.limiter.acquire(ctx.signal, operation, heavy, gated);
  } catch (err) {
    const error = options.signal?.aborted
      ? abortedError(operation)
      : s.deadline?.aborted
        ? timeoutError(operation, `no concurrency slot free within the call deadline (${policy.callDeadlineMs} ms)`)
        : refusedError(operation, err, deps.redactor);
    throw ended(ctx, s, error);
  } finally {
    ctx.stats.slotWaitMs += Date.now() - waitStarted;
  }
  if (gated.credits) ctx.stats.credits += gated.credits;
  try {
    return await next();
  } finally {
    release();
  }
};

/**
 * `sdk`: one SDK invocation, settled exactly once (see runInvocation). It judges a failed write:
 * unless the attempt provably was not processed, the write may have landed, and the call's outcome
 * is unknown from then on (the write-once rule; the retry step only decides what to do about it).
 */
const sdkStep: Middleware = async (ctx) => {
  const s = stateOf(ctx);
  const { deps, policy, options, call } = s;
  const inv = newInvocation(call, ctx.attempt || 1);
  if (ctx.headers.size > 0) inv.headers = new Map(ctx.headers.entries());
  s.inv = inv;
  const outcome = await runInvocation(inv, s.run, ctx.signal, policy, deps, callerAbortedOf(s), options.tagged === true);
  s.httpRequests += inv.started.length;
  ctx.stats.attempts += 1 + inv.sdkRetries;
  const last = inv.responses.at(-1);
  if (last) ctx.status = last.status;
  if (inv.sdkRetries > 0) deps.log.warn(`the SDK's HTTP client retried ${inv.sdkRetries} time(s) on its own; counted as attempts`, meta(ctx, s));
  if (outcome.ok) return outcome.value;
  let error = outcome.error;
  if (options.kind === 'write' && !provablyNotProcessed(error, inv)) {
    s.ambiguous = true;
    s.landedMaybe = true;
    if (error.code === 'ABORTED') error = abortedError(ctx.operation, true);
  }
  throw error;
};

export const BUILTIN_MIDDLEWARE: Readonly<Record<BuiltinStep, Middleware>> = Object.freeze({ deadline: deadlineStep, retry: retryStep, slots: slotsStep, sdk: sdkStep });
const DEFAULT_STEPS: readonly Middleware[] = Object.freeze(BUILTIN_STEPS.map((name) => BUILTIN_MIDDLEWARE[name]));

/**
 * The one way an SDK operation is called: through the client's middleware stack (default: the
 * built-in steps deadline → retry → slots → sdk). The SDK's own HTTP retries are switched off (any
 * that slip through are counted). A write is sent again only when the failed attempt provably was
 * not processed; after an ambiguous failure it is thrown with `outcomeUnknown` (unless
 * `retryAmbiguous` lists writes or the call overrides it). Every failure of crm-core's own is a
 * ZohoApiError; what a user middleware throws passes through unchanged.
 */
export async function callSdk<R>(deps: BoundaryDeps, policy: CallPolicy, operation: string, run: SdkRun<R>, options: CallOptions = { kind: 'read' }): Promise<R> {
  const call: CallInfo = { requestId: nextRequestId(), operation, log: deps.log, hooks: policy.hooks };
  const callerSignal = options.signal;
  if (callerSignal?.aborted) throw abortedError(operation).withCall({ attempts: 0, requestId: call.requestId, outcomeUnknown: false });
  const state: CallState = { deps, policy, run: run as SdkRun<unknown>, options, call, started: Date.now(), deadline: undefined, httpRequests: 0, ambiguous: false, inv: undefined, landedMaybe: false };
  const ctx: InternalContext = {
    operation,
    module: moduleOf(operation),
    kind: options.kind,
    requestId: call.requestId,
    records: options.records,
    signal: callerSignal ?? NEVER,
    attempt: 0,
    headers: new CallHeaders(),
    status: undefined,
    stats: { attempts: 0, retries: 0, slotWaitMs: 0, credits: 0 },
    [STATE]: state,
  };
  try {
    return (await runSteps(policy.middleware?.steps() ?? DEFAULT_STEPS, ctx)) as R;
  } catch (error) {
    // Without the retry step (removed by a user) crm-core's errors still leave with the call's facts.
    throw error instanceof ZohoApiError ? ended(ctx, state, error) : error;
  }
}

const NEVER = new AbortController().signal;
