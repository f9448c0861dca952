import type { BulkResult, BulkRowState, BulkSummary } from '../types.js';

/** Rows listed in a summary's `problems`; every row is in the results whatever the count. */
export const MAX_SUMMARY_PROBLEMS = 100;

/** Counts every recorded row once, and keeps the first rows that did not end well. */
export class RunTally {
  readonly counts: Partial<Record<BulkRowState, number>> = {};
  readonly problems: BulkResult[] = [];
  problemsNotListed = 0;
  recorded = 0;

  add(rows: readonly BulkResult[]): void {
    for (const r of rows) {
      this.recorded++;
      this.counts[r.state] = (this.counts[r.state] ?? 0) + 1;
      if (r.state !== 'failed' && r.state !== 'rejected' && r.state !== 'not-run') continue;
      if (this.problems.length < MAX_SUMMARY_PROBLEMS) this.problems.push(r);
      else this.problemsNotListed++;
    }
  }

  summary(facts: Omit<BulkSummary, 'counts' | 'problems' | 'problemsNotListed'>): BulkSummary {
    return { ...facts, counts: { ...this.counts }, problems: [...this.problems], problemsNotListed: this.problemsNotListed };
  }
}
