import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { INVOCATION_HEADER, invocationOf, type Invocation } from './call-context.js';
import { emitHook, moduleOf, routeOf, type RequestEvent } from './request-hooks.js';

// The SDK's HTTP client (got 11) retries GET/PUT twice on 408/413/429/5xx and network errors, with
// its own waits, and nothing in the SDK configures that (got's defaults are frozen). crm-core owns
// retries instead — one layer, bounded, with jitter, logged — so for requests made inside a call it:
//  - hides Retry-After from got behind a value above got's maxRetryAfter (the SDK timeout), which
//    makes got return the answer instead of retrying it; the real value is kept for our policy;
//  - renames the code of transport errors (ECONNRESET, ETIMEDOUT …) as they are emitted, so got
//    does not recognise them as retryable; the original code is kept for our policy;
//  - gives every answer an empty rawBody up front: when a body is cut mid-stream got would otherwise
//    read `rawBody.toString()` of undefined in a detached promise — an unhandled rejection that
//    never settles the call;
//  - counts every request, and cuts the requests of an invocation the call has abandoned;
//  - reports each request to the calling client's hooks, when it has any.
// Requests outside a crm-core call, and non-CRM requests (token endpoint), are left untouched.

/** Well above any SDK timeout crm-core sets, so got never waits for it. */
const HIDDEN_RETRY_AFTER = '2147483';
const RENAMED_PREFIX = 'ZCRMKIT_NO_RETRY_';
/** got 11's retryable error codes. */
const GOT_RETRY_CODES = new Set(['ETIMEDOUT', 'ECONNRESET', 'EADDRINUSE', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EAI_AGAIN']);

const owners = new WeakMap<ClientRequest, Invocation>();
const TOKEN_PREFIX = 'Zoho-oauthtoken ';

/** A request reported to hooks: its start event, its start time, whether its end was reported. */
interface Traced {
  event: RequestEvent;
  startedAt: number;
  ended: boolean;
}
const traces = new WeakMap<ClientRequest, Traced>();

function isCrmRequest(request: ClientRequest): boolean {
  return request.path.startsWith('/crm/');
}

function requestUrl(request: ClientRequest): string {
  const host = request.getHeader('host');
  return `${request.protocol}//${typeof host === 'string' ? host : request.host}${request.path}`;
}

function onRequestStart(message: unknown): void {
  const request = (message as { request: ClientRequest }).request;
  if (!isCrmRequest(request)) return;
  const inv = invocationOf(request.getHeader(INVOCATION_HEADER));
  if (!inv) return;
  owners.set(request, inv);
  // The token this request was sent with: the one a refusal with INVALID_TOKEN is about.
  const authorization = request.getHeader('authorization');
  if (typeof authorization === 'string' && authorization.startsWith(TOKEN_PREFIX)) inv.accessToken = authorization.slice(TOKEN_PREFIX.length);
  if (inv.abandoned) {
    request.destroy(new Error('crm-core abandoned this call'));
    return;
  }
  const key = `${request.method} ${requestUrl(request)}`;
  let repeats = 0;
  for (const earlier of inv.started) if (earlier === key) repeats++;
  if (repeats > 0) inv.sdkRetries++;
  inv.started.push(key);
  inv.live.add(request);
  inv.onActivity?.();
  request.once('close', () => inv.live.delete(request));
  request.prependListener('error', (error: Error & { code?: string }) => {
    const code = typeof error?.code === 'string' ? error.code : undefined;
    if (!inv.networkError && !code?.startsWith(RENAMED_PREFIX)) inv.networkError = { code: code ?? error?.name ?? 'ERROR', message: String(error?.message ?? '') };
    const trace = traces.get(request);
    if (trace && !trace.ended) {
      trace.ended = true;
      const original = code?.startsWith(RENAMED_PREFIX) ? code.slice(RENAMED_PREFIX.length) : code;
      emitHook(inv.call.log, 'onError', inv.call.hooks?.onError, { ...trace.event, durationMs: Date.now() - trace.startedAt, code: inv.abandonCode ?? original ?? 'NETWORK_ERROR' });
    }
    if (code && GOT_RETRY_CODES.has(code)) {
      try {
        error.code = `${RENAMED_PREFIX}${code}`;
      } catch {
        // A read-only code only means got may retry once more; the attempt is still counted.
      }
    }
  });
  const hooks = inv.call.hooks;
  if (hooks) {
    // Last, once the request is tracked: a hook that aborts the call cuts this request too.
    const { operation, requestId, log } = inv.call;
    const event: RequestEvent = { method: request.method, route: routeOf(request.path), operation, module: moduleOf(operation), attempt: inv.attempt + repeats, requestId };
    traces.set(request, { event, startedAt: Date.now(), ended: false });
    emitHook(log, 'onRequest', hooks.onRequest, { ...event });
  }
}

function onResponse(message: unknown): void {
  const { request, response } = message as { request: ClientRequest; response: IncomingMessage & { rawBody?: Buffer } };
  const inv = owners.get(request);
  if (!inv) return;
  const retryAfter = response.headers['retry-after'];
  inv.responses.push({ method: request.method, url: requestUrl(request), status: response.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
  response.headers['retry-after'] = HIDDEN_RETRY_AFTER;
  response.rawBody ??= Buffer.alloc(0);
  const trace = traces.get(request);
  if (trace && !trace.ended) {
    trace.ended = true;
    const zohoId = response.headers['x-request-id'];
    emitHook(inv.call.log, 'onResponse', inv.call.hooks?.onResponse, {
      ...trace.event,
      status: response.statusCode ?? 0,
      durationMs: Date.now() - trace.startedAt,
      zohoRequestId: typeof zohoId === 'string' ? zohoId : undefined,
    });
  }
}

let subscribers = 0;

/** Starts observing (idempotent per holder); returns the function that stops. */
export function observeHttp(): () => void {
  if (subscribers++ === 0) {
    diagnostics.subscribe('http.client.request.start', onRequestStart);
    diagnostics.subscribe('http.client.response.finish', onResponse);
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--subscribers === 0) {
      diagnostics.unsubscribe('http.client.request.start', onRequestStart);
      diagnostics.unsubscribe('http.client.response.finish', onResponse);
    }
  };
}

/** Cuts the open requests of an invocation the call no longer waits for; `code` says why (hooks see it). */
export function abandon(inv: Invocation, code: 'ABORTED' | 'TIMEOUT' = 'TIMEOUT'): void {
  inv.abandoned = true;
  inv.abandonCode = code;
  for (const request of inv.live) request.destroy(new Error('crm-core abandoned this call'));
  inv.live.clear();
}
