import type { APIResponse } from '@zohocrm/nodejs-sdk-8.0';
import { parseRetryAfter } from './backoff.js';
import type { Invocation } from './call-context.js';
import type { Redactor } from './redact.js';
import { toPlain } from './values-out.js';
import { ZohoApiError, type ErrorCauseInfo } from './zoho-api-error.js';

/** An SDK answer with its model object settled (never a dangling promise). */
export interface SettledResponse {
  status: number;
  /** The model object (ResponseWrapper, ActionWrapper, APIException …) or null. */
  object: unknown;
  /** Set when the SDK could not build the object (HTML pages, unknown content types). */
  objectError: unknown;
  /** The body as JSON, when it was JSON. */
  json: unknown;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Settles `getObject()`: for bodies it cannot parse the SDK hands back a promise that rejects,
 * which kills the process if nobody handles it. Called as soon as the SDK's promise resolves.
 */
export async function settle(response: APIResponse): Promise<SettledResponse> {
  const status = response.getStatusCode();
  const json = response.getResponseJSON() ?? null;
  let object: unknown = null;
  let objectError: unknown;
  try {
    object = response.getObject();
    if (isThenable(object)) object = await object;
  } catch (error) {
    object = null;
    objectError = error ?? new Error('unreadable response');
  }
  return { status, object: object ?? null, objectError, json };
}

/** A Choice's value, or the value itself. */
export function choiceValue(value: unknown): unknown {
  return value !== null && typeof value === 'object' && typeof (value as { getValue?: unknown }).getValue === 'function' ? (value as { getValue(): unknown }).getValue() : value;
}

interface ApiExceptionLike {
  getStatus(): unknown;
  getCode(): unknown;
  getMessage(): unknown;
  getDetails(): unknown;
}

/** Each API area has its own APIException class; they share this shape. */
export function isApiException(value: unknown): value is ApiExceptionLike {
  if (value === null || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  return ['getStatus', 'getCode', 'getMessage', 'getDetails'].every((m) => typeof o[m] === 'function') && choiceValue((value as ApiExceptionLike).getStatus()) === 'error';
}

/** Zoho's details (an SDK Map) as a plain object; `raw` is the same in the response JSON. */
export function plainDetails(details: unknown, raw?: unknown): Record<string, unknown> {
  const plain = toPlain(details, raw);
  return plain !== null && typeof plain === 'object' && !Array.isArray(plain) ? plain : {};
}

export function isRetryableStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500 && status <= 599);
}

/** The answer to the request the invocation was last waiting for (not to an earlier metadata fetch). */
function lastResponse(inv: Invocation) {
  const last = inv.responses.at(-1);
  return last && `${last.method} ${last.url}` === inv.started.at(-1) ? last : undefined;
}

function requestOf(inv: Invocation, redactor: Redactor): { method: string; url: string } | undefined {
  const last = lastResponse(inv);
  const started = inv.started.at(-1);
  if (last) return { method: last.method, url: redactor.redact(last.url) };
  if (!started) return undefined;
  const space = started.indexOf(' ');
  return { method: started.slice(0, space), url: redactor.redact(started.slice(space + 1)) };
}

function rawDetailsOf(json: unknown): unknown {
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as { details?: unknown }).details : undefined;
}

/** The error an answer stands for, or undefined when it is not an error. */
export function errorFromAnswer(settled: SettledResponse, operation: string, inv: Invocation, redactor: Redactor): ZohoApiError | undefined {
  const retryAfterMs = parseRetryAfter(lastResponse(inv)?.retryAfter);
  const request = requestOf(inv, redactor);
  if (isApiException(settled.object)) {
    const code = String(choiceValue(settled.object.getCode()) ?? 'UNKNOWN_ERROR');
    const message = String(choiceValue(settled.object.getMessage()) ?? '');
    return new ZohoApiError({
      code,
      message: redactor.redact(`${operation}: ${code}${message ? ` — ${message}` : ''} (HTTP ${settled.status})`),
      operation,
      status: settled.status,
      details: redactor.redactDeep(plainDetails(settled.object.getDetails(), rawDetailsOf(settled.json))) as Record<string, unknown>,
      retryable: isRetryableStatus(settled.status) || code === 'TOO_MANY_REQUESTS',
      retryAfterMs,
      request,
    });
  }
  if (settled.objectError !== undefined || (settled.object === null && settled.status >= 400)) {
    return new ZohoApiError({
      code: 'BAD_RESPONSE',
      message: `${operation}: HTTP ${settled.status} with a body that is not Zoho's JSON`,
      operation,
      status: settled.status,
      retryable: isRetryableStatus(settled.status),
      retryAfterMs,
      request,
      cause: settled.objectError instanceof Error ? (redactor.redactError(settled.objectError) as unknown as ErrorCauseInfo) : undefined,
    });
  }
  return undefined;
}

function findInChain(error: unknown, match: (e: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  let current: unknown = error;
  for (let i = 0; i < 8 && current !== null && typeof current === 'object'; i++) {
    if (match(current as Record<string, unknown>)) return current as Record<string, unknown>;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const SYSTEM_CODE = /^(?:ZCRMKIT_NO_RETRY_)?(E[A-Z_]{3,}|ERR_STREAM_PREMATURE_CLOSE)$/;

/** A transport failure (socket error, body cut mid-stream) somewhere in the SDK's cause chain. */
function transportErrorIn(error: unknown): { code: string; message: string } | undefined {
  const hit = findInChain(error, (e) => (typeof e.code === 'string' && SYSTEM_CODE.test(e.code)) || e.name === 'ReadError');
  if (!hit) return undefined;
  const code = typeof hit.code === 'string' ? hit.code.replace('ZCRMKIT_NO_RETRY_', '') : 'ECONNRESET';
  return { code, message: String(hit.message ?? '') };
}

const AUTH_RETRYABLE = new Set(['NETWORK_ERROR', 'TIMEOUT']);

/** What a thrown SDK error stands for; the SDK's error itself is never kept (it holds the token). */
export function errorFromThrown(error: unknown, operation: string, inv: Invocation, redactor: Redactor): ZohoApiError {
  if (error instanceof ZohoApiError) return error;
  const request = requestOf(inv, redactor);
  const cause = error instanceof Error ? (redactor.redactError(error) as unknown as ErrorCauseInfo) : undefined;
  const auth = findInChain(error, (e) => e.name === 'AuthError' && typeof e.code === 'string');
  if (auth) {
    const code = String(auth.code);
    return new ZohoApiError({
      code,
      message: redactor.redact(`${operation}: getting an access token failed: ${String(auth.message)}`),
      operation,
      status: typeof auth.status === 'number' ? auth.status : undefined,
      retryable: AUTH_RETRYABLE.has(code),
      hint: typeof auth.hint === 'string' ? redactor.redact(auth.hint) : undefined,
      cause,
    });
  }
  const transport = inv.networkError ?? transportErrorIn(error);
  if (transport) {
    const timedOut = transport.code === 'ETIMEDOUT';
    return new ZohoApiError({
      code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
      message: redactor.redact(`${operation}: ${timedOut ? 'the request timed out' : 'the connection failed or the answer was cut off'} (${transport.code}: ${transport.message})`),
      operation,
      status: lastResponse(inv)?.status,
      retryable: true,
      request,
      details: { errorCode: transport.code },
      cause,
    });
  }
  const status = lastResponse(inv)?.status;
  // The SDK's own metadata fetches turn Zoho's error answer into an SDKException whose details are
  // `{ code, status: 'error', message }`: keep Zoho's code.
  const zoho = findInChain(error, (e) => {
    const d = e.details as Record<string, unknown> | null | undefined;
    return d !== null && typeof d === 'object' && typeof d.code === 'string' && choiceValue(d.status) === 'error';
  });
  if (zoho) {
    const d = zoho.details as Record<string, unknown>;
    const code = String(d.code);
    const message = String(choiceValue(d.message) ?? '');
    return new ZohoApiError({
      code,
      message: redactor.redact(`${operation}: ${code}${message ? ` — ${message}` : ''}${status ? ` (HTTP ${status})` : ''}`),
      operation,
      status,
      retryable: isRetryableStatus(status) || code === 'TOO_MANY_REQUESTS',
      retryAfterMs: parseRetryAfter(lastResponse(inv)?.retryAfter),
      request,
      cause,
    });
  }
  if (status !== undefined) {
    // An answer came but the SDK choked on it: invalid JSON, `{}`, an unknown content type.
    return new ZohoApiError({ code: 'BAD_RESPONSE', message: `${operation}: HTTP ${status} with a body the SDK could not read`, operation, status, retryable: isRetryableStatus(status), request, cause });
  }
  if (inv.started.length === 0 && error !== null && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string') {
    // The SDK refused the input before sending anything (its type checks).
    return new ZohoApiError({ code: 'INVALID_INPUT', message: redactor.redact(`${operation}: the SDK refused the request: ${String((error as Error).message)}`), operation, cause });
  }
  return new ZohoApiError({ code: 'SDK_ERROR', message: redactor.redact(`${operation}: the SDK failed: ${error instanceof Error ? error.message : String(error)}`), operation, request, cause });
}
