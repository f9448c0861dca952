import { ZcrmkitError } from '@zcrmkit/config';

/** Stable codes of everything a bulk run refuses or stops on. */
export type BulkErrorCode =
  /** An option of `runBulkUpdate` or a source/sink factory cannot be used. */
  | 'INVALID_OPTIONS'
  /** The input's shape: not UTF-8, not CSV, no id column, bad or duplicate ids, rows with nothing to change, control characters. */
  | 'INPUT_INVALID'
  /** The input is a FIFO, a device or a directory: it cannot be read twice, so it is refused. */
  | 'INPUT_NOT_REGULAR'
  /** The input changed (size, mtime, inode or content) after it was checked; nothing more is sent. */
  | 'INPUT_CHANGED'
  /** The results (or plan) path is the input, a `.env` file, or a file this toolkit did not write. */
  | 'RESULTS_PATH_REFUSED'
  /** Another run holds the lock on the input or the results file. */
  | 'IN_USE'
  /** Values that Zoho would refuse (checked against the field metadata before anything is sent). */
  | 'VALUES_INVALID'
  /** Criteria naming fields the module does not have. */
  | 'CRITERIA_INVALID'
  /** The run needs more API credits than the budget has left; nothing was sent. */
  | 'CREDIT_BUDGET_EXCEEDED'
  /** An export that cannot be written back: unknown, read-only or lossy fields, or an output path refused. */
  | 'EXPORT_REFUSED'
  /** A broken invariant inside the bulk package (a bug to report). */
  | 'INTERNAL';

/** One thing wrong with the input, where it is. */
export interface BulkProblem {
  /** 1-based line of the input (the header is line 1), when the problem has one. */
  line?: number;
  /** The field or column it concerns. */
  field?: string;
  message: string;
}

const PACKAGE = '[@zcrmkit/bulk]';

/** Every error of `@zcrmkit/bulk`: a stable `code`, the problems found, and where the results went. */
export class BulkError extends ZcrmkitError {
  override readonly name = 'BulkError';
  declare readonly code: BulkErrorCode;
  /** Every problem found (listed up to a limit; the message says how many more). */
  readonly problems: readonly BulkProblem[];
  /** The results file written before the run stopped, when one was. */
  readonly resultsFile: string | undefined;

  constructor(code: BulkErrorCode, message: string, options: { problems?: readonly BulkProblem[]; resultsFile?: string; cause?: unknown } = {}) {
    // Misuse of the API says which package speaks; input problems read as plain sentences for a CLI.
    super(code, code === 'INVALID_OPTIONS' || code === 'INTERNAL' ? `${PACKAGE} ${message}` : message, options.cause === undefined ? undefined : { cause: options.cause });
    this.problems = options.problems ?? [];
    this.resultsFile = options.resultsFile;
  }
}

export function isBulkError(value: unknown): value is BulkError {
  return value instanceof BulkError;
}
