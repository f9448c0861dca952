/**
 * The emulator's error base. The emulator depends on no other zcrmkit package (tests of every layer
 * start it), so it cannot extend `ZcrmkitError` from @zcrmkit/config; it carries the same
 * process-wide mark instead, and `err instanceof ZcrmkitError` holds for its errors as well.
 */
const ZCRMKIT_ERROR = Symbol.for('@zcrmkit/error');

export type EmulatorErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_FAULT_RULE'
  | 'UNKNOWN_MODULE'
  | 'UNKNOWN_FIELD'
  | 'BODY_TOO_LARGE'
  | 'INVALID_ADMIN_INPUT'
  | 'UNKNOWN_CLIENT'
  | 'INVALID_SCOPE'
  | 'INVALID_CRITERIA'
  /** A broken invariant inside the emulator (a bug to report). */
  | 'INTERNAL';

export class EmulatorError extends Error {
  override name = 'EmulatorError';
  readonly code: EmulatorErrorCode;

  constructor(code: EmulatorErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

Object.defineProperty(EmulatorError.prototype, ZCRMKIT_ERROR, { value: true });
