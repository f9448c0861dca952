import { invalidInput, ZohoApiError } from './zoho-api-error.js';

export function checkSignal(operation: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw invalidInput(operation, 'signal must be an AbortSignal');
  return signal;
}

/**
 * The caller's signal fired. `outcomeUnknown` only when a write was already sent: then it may have
 * landed, and crm-core never resends it.
 */
export function abortedError(operation: string, sent = false, outcomeUnknown = sent): ZohoApiError {
  return new ZohoApiError({
    code: 'ABORTED',
    message: sent ? `${operation}: aborted by the caller's signal after the request was sent${outcomeUnknown ? '; it may or may not have been applied, and is not resent' : ''}` : `${operation}: aborted by the caller's signal; nothing was sent`,
    operation,
    outcomeUnknown,
  });
}

export function throwIfAborted(operation: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortedError(operation);
}

/** `promise`, or a rejection with `reason()` as soon as `signal` fires (the promise keeps a handler either way). */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal, reason: () => unknown): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(reason());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * `promise`, or ABORTED as soon as `signal` fires: for waits shared with other callers (an init, a
 * metadata fetch, a module's first call) that go on for them although this caller gives up.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, operation: string): Promise<T> {
  return signal ? raceAbort(promise, signal, () => abortedError(operation)) : promise;
}
