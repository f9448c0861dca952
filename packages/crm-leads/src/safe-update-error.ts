import { ZcrmkitError } from '@zcrmkit/config';

/** Stable codes for misuse of the API; per-record problems are reported in results, never thrown. */
export type SafeUpdateErrorCode =
  | 'INVALID_MODULE'
  | 'INVALID_ITEMS'
  | 'INVALID_OPTIONS'
  | 'UNKNOWN_REQUIRED_FIELD'
  /** A broken invariant inside crm-leads (a bug to report), never the caller's input. */
  | 'INTERNAL';

/** Thrown before anything is sent when the caller's arguments cannot be used. */
export class SafeUpdateError extends ZcrmkitError {
  override readonly name = 'SafeUpdateError';
  declare readonly code: SafeUpdateErrorCode;

  constructor(code: SafeUpdateErrorCode, message: string) {
    super(code, `[@zcrmkit/crm-leads] ${message}`);
  }
}
