import type { JsonValue } from '../core/json.js';

export interface FieldChange {
  from: JsonValue | null;
  to: JsonValue | null;
}

export interface HistoryEntry {
  /** The request log's `seq` of the call that made the change. */
  seq: number;
  time: string;
  route: string;
  /** `created` or `updated`. */
  action: 'created' | 'updated';
  /** Fields whose stored value changed (Modified_Time and Modified_By left out: every write moves them). */
  changes: Record<string, FieldChange>;
  /** Automation the call asked for: omitted `trigger` runs workflow, approval and blueprint; `[]` runs none. */
  automation: string[];
  /** Automation runs the CRM recorded for this record, when the emulator records them. */
  automationRuns?: JsonValue[];
}

const PER_RECORD_LIMIT = 50;
const RECORD_LIMIT = 20_000;
/** Entries kept in all: without it 20,000 records × 50 changes could hold a million entries. */
export const ENTRY_LIMIT = 50_000;

/** Per record, the calls that changed it, most recent last, bounded per record and in total. */
export class RecordHistory {
  private readonly entries = new Map<string, HistoryEntry[]>();
  private total = 0;

  add(module: string, id: string, entry: HistoryEntry): void {
    const key = `${module}/${id}`;
    const list = this.entries.get(key) ?? [];
    list.push(entry);
    this.total++;
    if (list.length > PER_RECORD_LIMIT) {
      list.shift();
      this.total--;
    }
    // Re-inserting keeps the Map in least-recently-changed order, so the bounds drop the stalest.
    this.entries.delete(key);
    this.entries.set(key, list);
    while (this.entries.size > RECORD_LIMIT || this.total > ENTRY_LIMIT) {
      const [stalest, dropped] = this.entries.entries().next().value as [string, HistoryEntry[]];
      if (stalest === key) break;
      this.entries.delete(stalest);
      this.total -= dropped.length;
    }
  }

  /** Entries held in all (for the bounds' tests). */
  size(): number {
    return this.total;
  }

  of(module: string, id: string): HistoryEntry[] {
    return structuredClone(this.entries.get(`${module}/${id}`) ?? []);
  }

  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
