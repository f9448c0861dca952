import type { ConcurrencyLimiter } from './concurrency-limiter.js';

/** What a gate learns about the call it is asked to let through. */
export interface GatedCall {
  /** crm-core's operation name: `updateRecords`, `getRecords`, `getFields`, `init` … */
  operation: string;
  /**
   * A call Zoho counts against its sub-concurrency (10 at once on every edition): a write of more
   * than 10 records, a list sorted by `sort_by`. A gate shared by many processes may cap these too.
   */
  heavy?: boolean;
  /**
   * API credits gates spent on this attempt: a gate that spends credits (the fleet's credit budget
   * does) adds them here, and middleware sees the sum (CallContext.stats.credits).
   */
  credits?: number;
}

/**
 * Admits each SDK invocation after the process's own concurrency slot, e.g. an org-wide
 * semaphore or a credit budget shared by many processes (@zcrmkit/fleet). `acquire` resolves with
 * a release function, or rejects: with the signal's reason when the call's deadline passes, or
 * with its own error (ideally carrying a string `code`) when it refuses the call. Nothing is sent
 * to Zoho until it resolves.
 */
export interface CallGate {
  acquire(call: GatedCall, signal: AbortSignal): Promise<() => void>;
}

/** The slot a call holds while one invocation runs: the local limiter's, then every gate's. */
export interface CallSlots {
  /** `call` is handed to every gate, which may add the credits it spent (GatedCall.credits). */
  acquire(signal: AbortSignal, operation: string, heavy?: boolean, call?: GatedCall): Promise<() => void>;
}

/**
 * A heavy call's slot of the heavy limiter first (so no ordinary slot is held while it waits), then
 * the process's limiter, then the gates, in order; a failure releases what was taken.
 */
export function gatedSlots(limiter: ConcurrencyLimiter, gates: readonly CallGate[], heavyLimiter?: ConcurrencyLimiter): CallSlots {
  return {
    async acquire(signal, operation, heavy = false, call = heavy ? { operation, heavy } : { operation }) {
      const releases: Array<() => void> = [];
      const releaseAll = () => {
        for (const release of releases.reverse()) release();
      };
      try {
        if (heavy && heavyLimiter) releases.push(await heavyLimiter.acquire(signal));
        releases.push(await limiter.acquire(signal));
        for (const gate of gates) releases.push(await gate.acquire(call, signal));
      } catch (err) {
        releaseAll();
        throw err;
      }
      return releaseAll;
    },
  };
}
