export interface BackoffOptions {
  /** Delay before the first retry, before jitter. */
  baseDelayMs: number;
  /** No exponential step is longer than this (a longer Retry-After still wins). */
  maxDelayMs: number;
}

/**
 * Wait before retry number `retry` (1 = the first retry): exponential (base · 2^(retry-1)) with
 * "equal jitter" — half fixed, half random — so that clients throttled together do not come back
 * together, yet never sooner than the server's Retry-After (itself jittered upwards).
 */
export function backoffDelay(retry: number, options: BackoffOptions, retryAfterMs?: number, random: () => number = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = exp / 2 + random() * (exp / 2);
  // Retry-After is honoured even above the cap: coming back sooner only earns another 429. The
  // call's deadline decides whether such a wait is taken at all.
  // Jitter on top of it too, or everyone told "1 s" comes back in the same millisecond.
  if (retryAfterMs !== undefined && retryAfterMs > 0) return Math.round(Math.max(jittered, retryAfterMs + random() * (exp / 2)));
  return Math.round(jittered);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
