import { EXIT_INTERRUPTED, EXIT_TERMINATED } from '../cli/exit-codes.js';

export interface Interruption {
  /** Set at the first SIGINT, SIGTERM or abort: no new batch starts. */
  readonly requested: boolean;
  /** 130 after SIGINT (or an abort), 143 after SIGTERM. */
  readonly exitCode: number;
  dispose(): void;
}

export interface InterruptionHandlers {
  /** First signal: finish the calls in flight, then write the results. */
  onFirst(signal: string): void;
  /** Second signal: give up on the calls in flight at once (record them outcome-unknown, or end the process). */
  onSecond(exitCode: number): void;
}

/**
 * SIGINT and SIGTERM mean the same to a bulk run: the first lets the calls in flight finish and
 * the results file be written; the second abandons the calls in flight at once.
 */
export function watchInterruption(handlers: InterruptionHandlers, abort?: AbortSignal): Interruption {
  let requested = false;
  let exitCode = EXIT_INTERRUPTED;
  const on = (signal: string, code: number) => () => {
    if (requested) return handlers.onSecond(exitCode);
    requested = true;
    exitCode = code;
    handlers.onFirst(signal);
  };
  const onInt = on('SIGINT', EXIT_INTERRUPTED);
  const onTerm = on('SIGTERM', EXIT_TERMINATED);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  abort?.addEventListener('abort', onInt);
  return {
    get requested() {
      return requested;
    },
    get exitCode() {
      return exitCode;
    },
    dispose() {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      abort?.removeEventListener('abort', onInt);
    },
  };
}
