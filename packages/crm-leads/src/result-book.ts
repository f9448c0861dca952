import type { RecordOutcome, RecordState, SafeUpdateProgress } from './types.js';
import { SafeUpdateError } from './safe-update-error.js';

/**
 * Holds exactly one final outcome per input item. Settling an item twice is a bug in this package,
 * so it throws instead of silently overwriting — a record must never be reported twice.
 */
export class ResultBook {
  private readonly outcomes: (RecordOutcome | undefined)[];
  /** First index → later identical items that share its outcome. */
  private readonly mirrors = new Map<number, number[]>();
  private done = 0;

  constructor(
    readonly total: number,
    private readonly onProgress?: (progress: SafeUpdateProgress) => void,
  ) {
    this.outcomes = new Array<RecordOutcome | undefined>(total).fill(undefined);
  }

  /** Later item `index` gets the outcome of `firstIndex` once that one settles. */
  mirror(index: number, firstIndex: number): void {
    const list = this.mirrors.get(firstIndex) ?? [];
    list.push(index);
    this.mirrors.set(firstIndex, list);
  }

  isSettled(index: number): boolean {
    return this.outcomes[index] !== undefined;
  }

  settle(outcome: RecordOutcome): void {
    this.put(outcome);
    for (const index of this.mirrors.get(outcome.index) ?? []) {
      this.put({ ...outcome, index, duplicateOf: outcome.index });
    }
  }

  private put(outcome: RecordOutcome): void {
    if (outcome.index < 0 || outcome.index >= this.total) throw new SafeUpdateError('INTERNAL', `internal: outcome index ${outcome.index} out of range`);
    if (this.outcomes[outcome.index] !== undefined) throw new SafeUpdateError('INTERNAL', `internal: item ${outcome.index} settled twice`);
    this.outcomes[outcome.index] = outcome;
    this.done++;
  }

  reportProgress(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress({ done: this.done, total: this.total });
    } catch {
      // A failing progress display must not lose the results of records already sent.
    }
  }

  /** The outcomes settled so far, in input order. */
  settledOutcomes(): RecordOutcome[] {
    return this.outcomes.filter((o): o is RecordOutcome => o !== undefined);
  }

  /** All outcomes in input order; throws if any item was left without one. */
  finish(): RecordOutcome[] {
    const missing = this.outcomes.findIndex((o) => o === undefined);
    if (missing !== -1) throw new SafeUpdateError('INTERNAL', `internal: item ${missing} has no outcome`);
    return this.outcomes as RecordOutcome[];
  }

  static count(outcomes: readonly RecordOutcome[]): Record<RecordState, number> {
    const counts: Record<RecordState, number> = { updated: 0, unchanged: 0, failed: 0, rejected: 0, planned: 0 };
    for (const o of outcomes) counts[o.state]++;
    return counts;
  }
}
