/** Conventional exit codes of a process stopped by Ctrl-C (128 + 2) and SIGTERM (128 + 15). */
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

export interface ProcessSignalHandlers {
  /** The first SIGINT or SIGTERM: the run drains (its `signal` aborts). */
  onDrain?(name: NodeJS.Signals): void;
  /** The second: the group in flight is abandoned (its `abandonSignal` aborts). */
  onAbandon?(name: NodeJS.Signals): void;
  /**
   * The third: the process is asked to end now. Default: `process.exit` with the exit code — the
   * escape hatch when something does not answer the first two.
   */
  onForce?(name: NodeJS.Signals, exitCode: number): void;
}

export interface ProcessSignals {
  /** Pass as `runBulkUpdate`'s `signal`. */
  readonly drain: AbortSignal;
  /** Pass as `runBulkUpdate`'s `abandonSignal`. */
  readonly abandon: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM (the first signal decides); 0 before any. */
  readonly exitCode: number;
  /** Removes the handlers (Node's default behaviour for the signals comes back). */
  dispose(): void;
}

/**
 * SIGINT and SIGTERM (a service manager, a container stop) mean the same to a bulk run: the first
 * drains, the second abandons the calls in flight, a third ends the process. `also` (e.g. a
 * caller's own AbortSignal) counts as a first signal.
 */
export function watchProcessSignals(handlers: ProcessSignalHandlers = {}, also?: AbortSignal): ProcessSignals {
  const drain = new AbortController();
  const abandon = new AbortController();
  let seen = 0;
  let exitCode = 0;
  const on = (name: NodeJS.Signals, code: number) => () => {
    seen++;
    if (seen === 1) {
      exitCode = code;
      handlers.onDrain?.(name);
      drain.abort(new Error(`interrupted (${name})`));
    } else if (seen === 2) {
      handlers.onAbandon?.(name);
      abandon.abort(new Error(`abandoned (${name})`));
    } else if (handlers.onForce) {
      handlers.onForce(name, exitCode);
    } else {
      process.exit(exitCode);
    }
  };
  const onInt = on('SIGINT', EXIT_INTERRUPTED);
  const onTerm = on('SIGTERM', EXIT_TERMINATED);
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  if (also?.aborted) onInt();
  else also?.addEventListener('abort', onInt, { once: true });
  return {
    drain: drain.signal,
    abandon: abandon.signal,
    get exitCode() {
      return exitCode;
    },
    dispose() {
      process.removeListener('SIGINT', onInt);
      process.removeListener('SIGTERM', onTerm);
      also?.removeEventListener('abort', onInt);
    },
  };
}
