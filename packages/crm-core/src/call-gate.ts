import type { ConcurrencyLimiter } from './concurrency-limiter.js';

/** What a gate learns about the call it is asked to let through. */
export interface GatedCall {
  /** crm-core's operation name: `updateRecords`, `getRecords`, `getFields`, `init` … */
  operation: string;
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
  acquire(signal: AbortSignal, operation: string): Promise<() => void>;
}

/** The process's limiter followed by the gates, in order; a failure releases what was taken. */
export function gatedSlots(limiter: ConcurrencyLimiter, gates: readonly CallGate[]): CallSlots {
  if (gates.length === 0) return { acquire: (signal) => limiter.acquire(signal) };
  return {
    async acquire(signal, operation) {
      const releases = [await limiter.acquire(signal)];
      const releaseAll = () => {
        for (const release of releases.reverse()) release();
      };
      try {
        for (const gate of gates) releases.push(await gate.acquire({ operation }, signal));
      } catch (err) {
        releaseAll();
        throw err;
      }
      return releaseAll;
    },
  };
}
