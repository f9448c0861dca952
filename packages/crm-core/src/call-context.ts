import { AsyncLocalStorage } from 'node:async_hooks';
import type { ClientRequest } from 'node:http';
import type { CoreLog } from './core-log.js';
import type { RequestHooks } from './request-hooks.js';

/** One call through the boundary (which may take several SDK invocations). */
export interface CallInfo {
  readonly requestId: string;
  readonly operation: string;
  readonly log: CoreLog;
  /** The calling client's request hooks; undefined when it has none (then no event is built). */
  readonly hooks?: RequestHooks | undefined;
}

export interface ObservedResponse {
  method: string;
  url: string;
  status: number;
  /** The server's Retry-After, as sent (crm-core hides it from the SDK's HTTP client). */
  retryAfter: string | undefined;
}

/** One run of an SDK operation: what the HTTP observer saw it do. */
export interface Invocation {
  readonly call: CallInfo;
  /** The call's attempt number of this invocation's first request (1-based). */
  readonly attempt: number;
  /** Requests still open, to destroy when the invocation is abandoned. */
  readonly live: Set<ClientRequest>;
  /** `METHOD url` of every CRM request started, in order. */
  readonly started: string[];
  readonly responses: ObservedResponse[];
  /** The first transport error, with its original code. */
  networkError: { code: string; message: string } | undefined;
  /** The access token the SDK was handed for this invocation. */
  accessToken: string | undefined;
  /** Set when the call gave up on this invocation (deadline, watchdog): its requests are cut. */
  abandoned: boolean;
  /** Why it was abandoned: the caller's abort or a deadline (what hooks report for cut requests). */
  abandonCode: 'ABORTED' | 'TIMEOUT' | undefined;
  /** Requests the SDK's HTTP client retried on its own although told not to (counted, logged). */
  sdkRetries: number;
  /** Called on every request start (the watchdog restarts its clock). */
  onActivity: (() => void) | undefined;
}

export function newInvocation(call: CallInfo, attempt = 1): Invocation {
  return { call, attempt, live: new Set(), started: [], responses: [], networkError: undefined, accessToken: undefined, abandoned: false, abandonCode: undefined, sdkRetries: 0, onActivity: undefined };
}

/**
 * The invocation the current async context belongs to. The SDK's code runs inside it (promises,
 * timers and sockets keep the context), which is how its log lines and HTTP requests are tied to
 * the call that caused them.
 */
export const invocationContext = new AsyncLocalStorage<Invocation>();

let counter = 0;
/** Short, unique per process: `r1a2b3c-12`. */
export function nextRequestId(): string {
  counter = (counter + 1) % 1_000_000;
  return `r${(Date.now() % 0xfffffff).toString(36)}-${counter.toString(36)}`;
}
