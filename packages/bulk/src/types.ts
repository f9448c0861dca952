import type { PlainValue } from '@zcrmkit/crm-core';
import type { FieldDiff, FieldValue } from '@zcrmkit/crm-leads';

/** One record to update, where it came from. */
export interface BulkRow {
  /** Its line in the input: the CSV line (header = 1), or its place in a listing or an iterable. */
  line: number;
  id: string;
  changes: Readonly<Record<string, FieldValue>>;
  /**
   * Criteria runs only: a record an earlier run of the same results file recorded that no longer
   * matches. It is read and compared, never sent.
   */
  recheck?: boolean;
}

/**
 * How a row ended. `updated`, `unchanged`, `failed`, `rejected` and `planned` are crm-leads'
 * outcomes; `not-run`: never sent (the run stopped first); `skipped`: a re-checked record that no
 * longer matches and no longer holds the values (someone changed it since), so it was not sent.
 */
export type BulkRowState = 'updated' | 'unchanged' | 'failed' | 'rejected' | 'planned' | 'not-run' | 'skipped';

/** One row's outcome, as the results file records it. */
export interface BulkResult {
  line: number;
  id: string;
  state: BulkRowState;
  /** Why it failed or was not sent (`OUTCOME_UNKNOWN`, `NOT_SENT`, `INPUT_CHANGED`, Zoho's code …); empty otherwise. */
  code: string;
  message: string;
  /** Fields sent unchanged because Zoho demands them. */
  reincluded: string[];
  /** Dry runs: the payload a real run would send. */
  payload?: Record<string, PlainValue>;
  /** Dry runs: each change, with the current value when the record was read. */
  diff?: FieldDiff[];
  /**
   * Dry runs without an org profile (no earlier run told what the org demands): fields the
   * record's layout marks required that Zoho may still demand (crm-leads' `mayDemand`).
   */
  mayDemand?: string[];
}

export interface BulkProgress {
  /** Rows with an outcome; never more than `total`. */
  done: number;
  total: number;
}

/** What a finished (or stopped) run did. */
export interface BulkSummary {
  /** Rows of the input the run took on (a listing's repeated records not counted). */
  rows: number;
  /** Rows per final state; every row is counted once, rows never sent included. */
  counts: Partial<Record<BulkRowState, number>>;
  dryRun: boolean;
  /** The drain signal fired: the group in flight finished, the rows after it are `not-run`. */
  interrupted: boolean;
  /** The abandon signal fired: the group in flight is recorded `OUTCOME_UNKNOWN`. */
  abandoned: boolean;
  /** False when the run stopped before anything was sent (then no results were written). */
  resultsWritten: boolean;
  /** The results sink's file, when it has one. */
  resultsFile: string | undefined;
  /** The first `MAX_SUMMARY_PROBLEMS` rows that failed, were rejected or were not sent. */
  problems: BulkResult[];
  /** Such rows beyond those listed. */
  problemsNotListed: number;
}
