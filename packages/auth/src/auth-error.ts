import { ZcrmkitError } from '@zcrmkit/config';
import { sanitizeError } from './sanitize.js';

/** Stable codes of every failure @zcrmkit/auth reports. */
export type AuthErrorCode =
  | 'INVALID_CODE'
  | 'INVALID_CLIENT'
  | 'THROTTLED'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'UNEXPECTED_RESPONSE'
  | 'STORE_CORRUPT'
  | 'STORE_IO'
  | 'STORE_UNSAFE'
  | 'LOCK_FAILED'
  | 'TOKEN_NOT_FOUND'
  /** An option or argument is missing or malformed; nothing was sent or written. */
  | 'INVALID_OPTION'
  /**
   * @deprecated no longer thrown: atomic files moved to @zcrmkit/safe-fs, whose SafeFsError has
   * this code; kept so that code naming it still compiles.
   */
  | 'USED_AFTER_CLOSE';

/** What the failing call was doing; part of the message and useful to pick a hint. */
export type AuthOperation = 'refresh' | 'exchange' | 'revoke' | 'store' | 'configure';

export interface AuthErrorOptions {
  hint: string;
  operation: AuthOperation;
  /** The underlying error; copied without any value that could hold a secret. */
  cause?: unknown;
  /** Values to blank wherever they appear in the copied cause chain. */
  secrets?: readonly (string | undefined)[];
  /** HTTP status of the token endpoint's answer, when there was one. */
  status?: number;
  /** Zoho's `error` value (e.g. `invalid_code`), when it sent one. */
  zohoError?: string;
}

/**
 * The one error class of @zcrmkit/auth. Its message, hint and cause never contain a client secret,
 * refresh, access or grant token: the cause is a sanitized copy, never the original object.
 */
export class AuthError extends ZcrmkitError {
  override readonly name = 'AuthError';
  declare readonly code: AuthErrorCode;
  /** What to do about it, in a sentence or two. */
  readonly hint: string;
  readonly operation: AuthOperation;
  readonly status: number | undefined;
  readonly zohoError: string | undefined;

  constructor(code: AuthErrorCode, message: string, options: AuthErrorOptions) {
    const cause = options.cause === undefined ? undefined : sanitizeError(options.cause, options.secrets ?? []);
    super(code, `[@zcrmkit/auth] ${message}`, cause === undefined ? undefined : { cause });
    this.hint = options.hint;
    this.operation = options.operation;
    this.status = options.status;
    this.zohoError = options.zohoError;
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}

/** A caller's option or argument that cannot be used: thrown before anything is sent or written. */
export function invalidOption(message: string, hint = 'Fix the option named in the message; nothing was sent or written.'): AuthError {
  return new AuthError('INVALID_OPTION', message, { hint, operation: 'configure' });
}
