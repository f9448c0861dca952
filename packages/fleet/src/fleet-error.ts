import { inspect } from 'node:util';
import { ZcrmkitError } from '@zcrmkit/config';

export type FleetErrorCode =
  /** Redis did not answer within the deadline; the fleet fails closed rather than risk Zoho's limits. */
  | 'REDIS_UNAVAILABLE'
  /** The fleet made its 10 token requests of the last 10 minutes and the caller's deadline came first. */
  | 'TOKEN_BUDGET_EXHAUSTED'
  /** Another process held the refresh lease and no new token appeared within the deadline. */
  | 'TOKEN_WAIT_TIMEOUT'
  /** Zoho answered a token request of the fleet with Access Denied: every worker waits out its window. */
  | 'TOKEN_THROTTLED'
  /** No org-wide concurrency slot came free within the deadline. */
  | 'SLOT_TIMEOUT'
  /** The call would cross the fleet's credit budget for the rolling 24 h. */
  | 'CREDIT_BUDGET_EXCEEDED'
  /** The shared token could not be decrypted (another key, or tampered with). */
  | 'TOKEN_UNREADABLE'
  /**
   * This worker's ZCRMKIT_FLEET_KEY differs from the key of most live workers sharing its refresh
   * token: it stops instead of running a token of its own beside theirs.
   */
  | 'FLEET_KEY_MISMATCH'
  /** An option or setting is missing or malformed. */
  | 'INVALID_OPTION';

/** The one error @zcrmkit/fleet throws. Branch on `code`; nothing in it holds a secret. */
export class FleetError extends ZcrmkitError {
  override readonly name = 'FleetError';
  declare readonly code: FleetErrorCode;
  /** What to do about it. */
  readonly hint: string | undefined;

  constructor(code: FleetErrorCode, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(code, `[@zcrmkit/fleet] ${message}`);
    this.hint = options.hint;
    // The cause may be an ioredis error holding connection options: keep it off enumeration.
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: describeCause(options.cause), enumerable: false });
  }

  [inspect.custom](): string {
    return `FleetError [${this.code}]: ${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}

function describeCause(cause: unknown): { name: string; message: string; code?: string } {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return { name: cause.name, message: cause.message.replace(/redis(s)?:\/\/[^\s@]*@/gi, 'redis$1://***@'), ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(cause) };
}

export function isFleetError(value: unknown): value is FleetError {
  return value instanceof FleetError;
}
