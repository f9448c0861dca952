import { inspect } from 'node:util';
import { ZcrmkitError } from '@zcrmkit/config';

/**
 * Codes crm-core itself assigns; any other code is Zoho's own (`INVALID_TOKEN`, `TOO_MANY_REQUESTS`,
 * `MANDATORY_NOT_FOUND`, `OAUTH_SCOPE_MISMATCH` …) or, for token failures, @zcrmkit/auth's.
 */
export type CoreErrorCode =
  /** The call's deadline passed, or the SDK's request timed out. */
  | 'TIMEOUT'
  /** The connection failed, was reset, or the body was cut off. */
  | 'NETWORK_ERROR'
  /** The server answered something that is not Zoho's JSON (an HTML error page, an empty object …). */
  | 'BAD_RESPONSE'
  /** A module, id, field name or value was rejected before any request. */
  | 'INVALID_INPUT'
  /** An option of createZohoClient (or of a crm-core helper) is missing or malformed; nothing was sent. */
  | 'INVALID_OPTION'
  /** The SDK could not be initialised (see the message and `hint`). */
  | 'NOT_INITIALIZED'
  /** The SDK is already initialised in this process with a different configuration. */
  | 'INIT_CONFLICT'
  /** The client was closed. */
  | 'CLIENT_CLOSED'
  /** `@zohocrm/nodejs-sdk-8.0` (a peer dependency) is not installed where crm-core can import it. */
  | 'SDK_MISSING'
  /** Two copies of the SDK were loaded in one process; its global state cannot be shared between them. */
  | 'SDK_DUPLICATE'
  /** The SDK failed in a way crm-core does not recognise. */
  | 'SDK_ERROR'
  /** The installed SDK lacks a member crm-core patches or relies on (the message names the version and each one). */
  | 'SDK_UNSUPPORTED'
  /** A call gate (an org-wide slot, a credit budget) refused the call; nothing was sent. `details.reason` holds the gate's code. */
  | 'CALL_REFUSED'
  /** The log file or SDK resource folder is a symbolic link or belongs to another user: refused, left untouched. */
  | 'UNSAFE_PATH'
  /** The caller's signal aborted the call. `outcomeUnknown` is true only when a write had been sent. */
  | 'ABORTED';

/** A code crm-core assigns, or Zoho's / @zcrmkit/auth's code as it came. */
export type ZohoApiErrorCode = CoreErrorCode | (string & {});

/** The request that failed, with secret values blanked. */
export interface FailedRequest {
  method: string;
  url: string;
}

/** Where the error came from, copied (never the original object) with secrets blanked. */
export interface ErrorCauseInfo {
  name: string;
  message: string;
  code?: string;
  cause?: ErrorCauseInfo;
}

export interface ZohoApiErrorInit {
  code: ZohoApiErrorCode;
  message: string;
  operation: string;
  status?: number;
  details?: Record<string, unknown>;
  retryable?: boolean;
  outcomeUnknown?: boolean;
  attempts?: number;
  requestId?: string;
  request?: FailedRequest;
  retryAfterMs?: number;
  hint?: string;
  cause?: ErrorCauseInfo;
}

/**
 * The one error crm-core throws. `code` is stable: branch on it, never on the message. Nothing in
 * it holds a secret or an SDK object: the SDK's errors are copied field by field and redacted.
 */
export class ZohoApiError extends ZcrmkitError {
  override readonly name = 'ZohoApiError';
  declare readonly code: ZohoApiErrorCode;
  /** HTTP status of the last answer, when there was one. */
  readonly status: number | undefined;
  /** Zoho's `details`, as plain JSON. */
  readonly details: Record<string, unknown>;
  /** Whether trying again later may succeed (429, 5xx, timeouts, network errors). Never true with `outcomeUnknown`. */
  readonly retryable: boolean;
  /**
   * True when a write may or may not have been applied: an attempt failed after the request was
   * sent (timeout, reset, cut body, 5xx). crm-core does not resend such a write (see README, "Write
   * semantics"); read the record back to find out.
   */
  readonly outcomeUnknown: boolean;
  /** The operation that failed, e.g. `updateRecords(Leads)`. */
  readonly operation: string;
  /** HTTP requests made for the operation (0 when it failed before any). */
  readonly attempts: number;
  /** The id under which the call was logged. */
  readonly requestId: string | undefined;
  readonly request: FailedRequest | undefined;
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /** What to do about it, when crm-core or @zcrmkit/auth knows. */
  readonly hint: string | undefined;

  constructor(init: ZohoApiErrorInit) {
    super(init.code, init.message, init.cause ? { cause: init.cause } : undefined);
    this.status = init.status;
    this.details = init.details ?? {};
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryable = this.outcomeUnknown ? false : (init.retryable ?? false);
    this.operation = init.operation;
    this.attempts = init.attempts ?? 0;
    this.requestId = init.requestId;
    this.request = init.request;
    this.retryAfterMs = init.retryAfterMs;
    this.hint = init.hint;
  }

  /** A copy with call-level facts filled in (the attempts made, the request id). */
  withCall(facts: { attempts: number; requestId: string; retryable?: boolean; outcomeUnknown?: boolean }): ZohoApiError {
    return new ZohoApiError({
      code: this.code,
      message: this.message,
      operation: this.operation,
      status: this.status,
      details: this.details,
      retryable: facts.retryable ?? this.retryable,
      outcomeUnknown: facts.outcomeUnknown ?? this.outcomeUnknown,
      attempts: facts.attempts,
      requestId: facts.requestId,
      request: this.request,
      retryAfterMs: this.retryAfterMs,
      hint: this.hint,
      cause: this.cause as ErrorCauseInfo | undefined,
    });
  }

  /** What `JSON.stringify` and loggers see: every useful field, nothing secret. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      details: this.details,
      retryable: this.retryable,
      outcomeUnknown: this.outcomeUnknown,
      operation: this.operation,
      attempts: this.attempts,
      requestId: this.requestId,
      request: this.request,
      retryAfterMs: this.retryAfterMs,
      hint: this.hint,
    };
  }

  [inspect.custom](): string {
    return `ZohoApiError ${inspect(this.toJSON(), { depth: 4, breakLength: Infinity })}`;
  }
}

export function isZohoApiError(value: unknown): value is ZohoApiError {
  return value instanceof ZohoApiError;
}

/** An input the caller got wrong; never retried, never sent. */
export function invalidInput(operation: string, message: string, details: Record<string, unknown> = {}): ZohoApiError {
  return new ZohoApiError({ code: 'INVALID_INPUT', message: `${operation}: ${message}`, operation, details });
}

/** An option the caller got wrong, named in the message; thrown before anything is sent. */
export function invalidOption(operation: string, message: string): ZohoApiError {
  return new ZohoApiError({ code: 'INVALID_OPTION', message, operation });
}
