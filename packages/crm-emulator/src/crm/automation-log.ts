import { EmulatorError } from '../core/emulator-error.js';

/** Zoho runs these on a write that omits `trigger`; `trigger: []` runs none. */
export const DEFAULT_TRIGGERS: readonly string[] = Object.freeze(['workflow', 'approval', 'blueprint']);

/** One applied write and the automation it set off. */
export interface AutomationRun {
  module: string;
  id: string;
  /** Trigger names that ran, as Zoho would run them; empty with `trigger: []`. */
  triggers: string[];
  /** `update` or `create`. */
  operation: 'update' | 'create';
  /** Milliseconds since the epoch (the emulator's clock). */
  time: number;
}

/** Runs kept for list() unless the emulator is told otherwise (`automationLogLimit`). */
export const DEFAULT_AUTOMATION_LOG_LIMIT = 10_000;

/**
 * Which automation ran for each applied write, so a test can tell a record written once from one
 * written twice (emails sent twice, tasks created twice). counts() is kept as writes happen and
 * stays exact; list() keeps only the most recent runs, so a long run (a million writes) does not
 * grow the emulator without bound. The tally grows with records, not with writes.
 */
export class AutomationLog {
  /** The most recent runs; once full, `next` is the oldest. */
  private ring: AutomationRun[] = [];
  private next = 0;
  /** module → trigger → record id → runs. */
  private readonly tally = new Map<string, Map<string, Map<string, number>>>();

  constructor(private limit = DEFAULT_AUTOMATION_LOG_LIMIT) {}

  /** Keeps at most `limit` runs from now on (the most recent ones when there are more). */
  setLimit(limit: number): void {
    if (!Number.isInteger(limit) || limit < 0) throw new EmulatorError('INTERNAL', `the automation log limit must be a non-negative integer, got ${String(limit)}`);
    const kept = this.ordered().slice(limit === 0 ? this.ring.length : -limit);
    this.limit = limit;
    this.ring = kept;
    this.next = kept.length % Math.max(limit, 1);
  }

  record(run: AutomationRun): void {
    this.recordWrites(run.module, [run.id], run.triggers, run.operation, run.time);
  }

  /**
   * One write's runs: the same triggers for each record id it applied. The triggers are copied
   * once for all of them (list() hands out copies, so the runs kept may share it).
   */
  recordWrites(module: string, ids: readonly string[], triggers: readonly string[], operation: AutomationRun['operation'], time: number): void {
    if (ids.length === 0) return;
    const shared = [...triggers];
    const unique = [...new Set(shared)];
    let byTrigger = this.tally.get(module);
    if (!byTrigger) this.tally.set(module, (byTrigger = new Map()));
    const counters = unique.map((trigger) => {
      let byId = byTrigger.get(trigger);
      if (!byId) byTrigger.set(trigger, (byId = new Map()));
      return byId;
    });
    for (const id of ids) {
      for (const byId of counters) byId.set(id, (byId.get(id) ?? 0) + 1);
      if (this.limit === 0) continue;
      const run: AutomationRun = { module, id, triggers: shared, operation, time };
      if (this.ring.length < this.limit) this.ring.push(run);
      else this.ring[this.next] = run;
      this.next = (this.next + 1) % this.limit;
    }
  }

  /** The most recent runs (at most the limit), oldest first. */
  list(module?: string): AutomationRun[] {
    return this.ordered()
      .filter((r) => module === undefined || r.module === module)
      .map((r) => ({ ...r, triggers: [...r.triggers] }));
  }

  /** Runs of `trigger` per record id of `module` since start or clear() (records it never ran for are absent). */
  counts(module: string, trigger: string): Record<string, number> {
    return Object.fromEntries(this.tally.get(module)?.get(trigger) ?? []);
  }

  clear(): void {
    this.ring = [];
    this.next = 0;
    this.tally.clear();
  }

  private ordered(): AutomationRun[] {
    return this.ring.length < this.limit ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

/** The triggers a write envelope asks for: omitted = Zoho's defaults. */
export function triggersOf(trigger: readonly string[] | undefined): string[] {
  return trigger === undefined ? [...DEFAULT_TRIGGERS] : [...new Set(trigger)];
}
