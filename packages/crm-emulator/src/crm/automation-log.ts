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

/**
 * Which automation ran for each applied write, so a test can tell a record written once from one
 * written twice (emails sent twice, tasks created twice).
 */
export class AutomationLog {
  private runs: AutomationRun[] = [];

  record(run: AutomationRun): void {
    this.runs.push({ ...run, triggers: [...run.triggers] });
  }

  list(module?: string): AutomationRun[] {
    return this.runs.filter((r) => module === undefined || r.module === module).map((r) => ({ ...r, triggers: [...r.triggers] }));
  }

  /** Runs of `trigger` per record id of `module` (records it never ran for are absent). */
  counts(module: string, trigger: string): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.runs) if (r.module === module && r.triggers.includes(trigger)) out[r.id] = (out[r.id] ?? 0) + 1;
    return out;
  }

  clear(): void {
    this.runs = [];
  }
}

/** The triggers a write envelope asks for: omitted = Zoho's defaults. */
export function triggersOf(trigger: readonly string[] | undefined): string[] {
  return trigger === undefined ? [...DEFAULT_TRIGGERS] : [...new Set(trigger)];
}
