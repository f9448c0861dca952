import { invalidOption } from './zoho-api-error.js';

/**
 * A FIFO semaphore: at most `limit` holders at once. Zoho counts concurrent calls per org (5–25 by
 * edition); staying under the limit ourselves keeps the toolkit from causing its own 429s.
 */
export class ConcurrencyLimiter {
  readonly limit: number;
  #active = 0;
  readonly #queue: { grant: () => void; signal: AbortSignal | undefined; onAbort: () => void }[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw invalidOption('ConcurrencyLimiter', `[@zcrmkit/crm-core] concurrency limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#queue.length;
  }

  /** Resolves with a release function once a slot is free; rejects with the signal's reason if aborted first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (this.#active < this.limit) {
      this.#active++;
      return Promise.resolve(this.#releaser());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve(this.#releaser());
        },
        onAbort: () => {
          const i = this.#queue.indexOf(entry);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal?.reason);
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      this.#queue.push(entry);
    });
  }

  /** Runs `task` holding a slot. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await task();
    } finally {
      release();
    }
  }

  #releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#queue.shift();
      // The slot passes straight to the next waiter, so `active` stays at the limit.
      if (next) next.grant();
      else this.#active--;
    };
  }
}
