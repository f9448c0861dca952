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
  /** Set when the invocation runs without an async context: its request carries this tag. */
  tag: string | undefined;
  /** Headers middleware added (CallContext.headers), put on each CRM request of the invocation (sdk-call-headers.ts). */
  headers?: ReadonlyMap<string, string> | undefined;
}

export function newInvocation(call: CallInfo, attempt = 1): Invocation {
  return { call, attempt, live: new Set(), started: [], responses: [], networkError: undefined, accessToken: undefined, abandoned: false, abandonCode: undefined, sdkRetries: 0, onActivity: undefined, tag: undefined };
}

/**
 * The invocation the current async context belongs to. The SDK's code runs inside it (promises,
 * timers and sockets keep the context), which is how its log lines and HTTP requests are tied to
 * the call that caused them.
 *
 * On Node 20 an enabled AsyncLocalStorage runs promise hooks for every promise in the process,
 * about a third of the client's CPU in a bulk update. So only invocations that may make requests
 * crm-core cannot name in advance (initialisation, metadata, a module's first record call, when
 * the SDK fetches its own field metadata) run in it, and it is disabled whenever none is running
 * (`enterContext`/`leaveContext`). Warm record calls make exactly one request, which carries the
 * invocation's tag instead (`tagInvocation`).
 */
export const invocationContext = new AsyncLocalStorage<Invocation>();

let contextRuns = 0;

/** Runs `task` in `inv`'s async context; `leaveContext` once the SDK's promise has settled. */
export function enterContext<T>(inv: Invocation, task: () => Promise<T>): Promise<T> {
  contextRuns++;
  return invocationContext.run(inv, task);
}

export function leaveContext(): void {
  if (--contextRuns === 0) invocationContext.disable();
}

/** The request header a tagged invocation's request carries (a crm-core id, no secret). */
export const INVOCATION_HEADER = 'X-Zcrmkit-Invocation';
const tagged = new Map<string, Invocation>();
let tagCounter = 0;

/** Registers `inv` under a new tag, for the header of its one request; `untagInvocation` once the SDK's promise settled. */
export function tagInvocation(inv: Invocation): string {
  tagCounter = (tagCounter + 1) % Number.MAX_SAFE_INTEGER;
  const tag = `${inv.call.requestId}.${tagCounter.toString(36)}`;
  tagged.set(tag, inv);
  return tag;
}

export function untagInvocation(tag: string): void {
  tagged.delete(tag);
}

/** The invocation a request belongs to: its async context, else the tag its headers carry. */
export function invocationOf(tagHeader: unknown): Invocation | undefined {
  const inv = invocationContext.getStore();
  if (inv || tagHeader === undefined) return inv;
  return tagged.get(Array.isArray(tagHeader) ? String(tagHeader[0]) : String(tagHeader));
}

/**
 * For code the SDK runs outside any async context of ours (its log lines): the invocation of the
 * context, else, while tagged invocations are in flight, one of them — they all log to their
 * client's log; `sole` says whether it is the only one, so that a line may name its request id.
 */
export function loggingInvocation(): { inv: Invocation; sole: boolean } | undefined {
  const inv = invocationContext.getStore();
  if (inv) return { inv, sole: true };
  for (const any of tagged.values()) return { inv: any, sole: tagged.size === 1 };
  return undefined;
}

let counter = 0;
/** Short, unique per process: `r1a2b3c-12`. */
export function nextRequestId(): string {
  counter = (counter + 1) % 1_000_000;
  return `r${(Date.now() % 0xfffffff).toString(36)}-${counter.toString(36)}`;
}
