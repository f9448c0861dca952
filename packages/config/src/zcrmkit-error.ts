/**
 * Marks every zcrmkit error. `Symbol.for` is shared by the whole process, so the mark survives two
 * copies of a package in one app (a nested install) and the emulator, which depends on no other
 * zcrmkit package, can carry it on its own base class.
 */
export const ZCRMKIT_ERROR = Symbol.for('@zcrmkit/error');

/**
 * The base of every error a zcrmkit package throws: catch once, then branch on `code` (stable,
 * never the message). Each package has one subclass with its own codes, e.g. `ConfigError`.
 */
export class ZcrmkitError extends Error {
  override name = 'ZcrmkitError';
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }

  /**
   * `x instanceof ZcrmkitError` checks the mark rather than the prototype chain, so it also holds
   * for errors from another copy of @zcrmkit/config and for the emulator's errors. Subclasses keep
   * the plain prototype check: `instanceof ConfigError` must not accept an AuthError.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== ZcrmkitError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as { [ZCRMKIT_ERROR]?: unknown })[ZCRMKIT_ERROR] === true;
  }
}

Object.defineProperty(ZcrmkitError.prototype, ZCRMKIT_ERROR, { value: true });

/** Whether `value` is an error thrown by any zcrmkit package (the same test as `instanceof ZcrmkitError`). */
export function isZcrmkitError(value: unknown): value is ZcrmkitError {
  return value instanceof ZcrmkitError;
}
