import type { BulkProblem } from '../bulk-error.js';

/** Problems listed one by one; past this many only their number is reported. */
export const MAX_LISTED_PROBLEMS = 1_000;

/** Problems in the order found, the first MAX_LISTED_PROBLEMS kept, the rest counted. */
export class ProblemList {
  readonly listed: BulkProblem[] = [];
  unlisted = 0;

  add(problem: BulkProblem): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(problem);
    else this.unlisted++;
  }

  get size(): number {
    return this.listed.length + this.unlisted;
  }

  /** Merges problems found later (e.g. duplicates, known only at the end) in line order. */
  merge(more: readonly BulkProblem[], total: number): void {
    if (more.length === 0 && total === 0) return;
    const all = [...this.listed, ...more].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const kept = all.slice(0, MAX_LISTED_PROBLEMS);
    this.unlisted += this.listed.length + total - kept.length;
    this.listed.splice(0, this.listed.length, ...kept);
  }

  /** The list as reported: every listed problem, then "… and N more". */
  report(): BulkProblem[] {
    return this.unlisted > 0 ? [...this.listed, { message: `… and ${this.unlisted} more problem${this.unlisted === 1 ? '' : 's'}` }] : [...this.listed];
  }
}
