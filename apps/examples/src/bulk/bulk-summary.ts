import type { ResultRow } from './results-file.js';

/** Rows listed in a `--json` summary; every row is in the results file whatever the count. */
export const MAX_SUMMARY_PROBLEMS = 100;

/** The rows that did not end well (failed, rejected, not run), the first MAX_SUMMARY_PROBLEMS kept. */
export class ProblemList {
  readonly rows: { line: number; id: string; state: string; code: string; message: string }[] = [];
  notListed = 0;

  add(row: ResultRow): void {
    if (row.state !== 'failed' && row.state !== 'rejected' && row.state !== 'not-run') return;
    if (this.rows.length >= MAX_SUMMARY_PROBLEMS) this.notListed++;
    else this.rows.push({ line: row.line, id: row.id, state: row.state, code: row.code, message: row.message });
  }
}

export interface BulkRunFacts {
  mode: 'file' | 'where';
  dryRun: boolean;
  rows: number;
  counts: Record<string, number>;
  resultsFile: string;
  problems: ProblemList;
  interrupted: boolean;
}

/** The `--json` document of an update-leads run. */
export function bulkSummary(facts: BulkRunFacts): Record<string, unknown> {
  return {
    command: 'update-leads',
    mode: facts.mode,
    dryRun: facts.dryRun,
    interrupted: facts.interrupted,
    rows: facts.rows,
    counts: facts.counts,
    resultsFile: facts.resultsFile,
    problems: facts.problems.rows,
    problemsNotListed: facts.problems.notListed,
  };
}
