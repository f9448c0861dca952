import type { BulkResult } from '../types.js';

/** What a sink is told about the run before it is checked and opened. */
export interface SinkContext {
  /** The run's input file, if it has one: never overwritten. */
  inputPath: string | undefined;
  /** A dry run writes a plan, never over a real run's results. */
  dryRun: boolean;
}

/** An open sink: rows go in as groups settle; `commit` makes them final, `discard` leaves nothing. */
export interface ResultsWriter {
  write(rows: readonly BulkResult[]): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Where a run's per-row outcomes go. Make one with `csvResults`, `jsonLinesResults` or `callbackResults`. */
export interface ResultsSink {
  /** The file it writes, if any: locked for the run. */
  readonly path: string | undefined;
  /** Refuses, before anything is read or sent, a path it must not write (BulkError RESULTS_PATH_REFUSED). */
  check(context: SinkContext): void;
  open(context: SinkContext): Promise<ResultsWriter>;
}

export interface FileSinkOptions {
  /** Replace a file that is not a results file (or plan) of zcrmkit. Never the input, never a `.env` file. Default false. */
  force?: boolean;
}
