/**
 * The error base of @zcrmkit/safe-fs. Like the emulator, this package depends on no other zcrmkit
 * package (it is the lowest layer), so it cannot extend `ZcrmkitError` from @zcrmkit/config; it
 * carries the same process-wide mark instead, and `err instanceof ZcrmkitError` holds for its
 * errors as well.
 */
const ZCRMKIT_ERROR = Symbol.for('@zcrmkit/error');

/** Stable codes of every failure @zcrmkit/safe-fs reports. */
export type SafeFsErrorCode =
  /** A path was refused: a symbolic link, someone else's, open to others, or of the wrong kind (UnsafePathError). */
  | 'UNSAFE_PATH'
  /** Another process held the lock for longer than the wait allowed, or the lock was lost while held. */
  | 'LOCK_FAILED'
  /** The lock could not be taken for another reason than a live holder (permissions, a missing folder). */
  | 'LOCK_IO'
  /** An atomic file handle was used after its commit or abort (a programming error). */
  | 'USED_AFTER_CLOSE';

export class SafeFsError extends Error {
  override name = 'SafeFsError';
  readonly code: SafeFsErrorCode;
  /** What to do about it, in a sentence. */
  readonly hint: string | undefined;

  constructor(code: SafeFsErrorCode, message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options?.hint;
  }
}

Object.defineProperty(SafeFsError.prototype, ZCRMKIT_ERROR, { value: true });

export function isSafeFsError(value: unknown): value is SafeFsError {
  return value instanceof SafeFsError;
}
