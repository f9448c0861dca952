import type { JsonObject } from '../core/json.js';

/** A record as Zoho renders it: field api names to JSON values, plus its 19-digit string id. */
export type ZohoRecord = JsonObject & { id: string };

/** Records per module, in creation order (ids grow, so this is also id order). */
export class RecordStore {
  private readonly modules = new Map<string, Map<string, ZohoRecord>>();

  private table(module: string): Map<string, ZohoRecord> {
    let table = this.modules.get(module);
    if (!table) {
      table = new Map();
      this.modules.set(module, table);
    }
    return table;
  }

  get(module: string, id: string): ZohoRecord | undefined {
    return this.modules.get(module)?.get(id);
  }

  list(module: string): ZohoRecord[] {
    return [...(this.modules.get(module)?.values() ?? [])];
  }

  count(module: string): number {
    return this.modules.get(module)?.size ?? 0;
  }

  set(module: string, record: ZohoRecord): void {
    this.table(module).set(record.id, record);
  }

  replace(module: string, records: readonly ZohoRecord[]): void {
    const table = this.table(module);
    table.clear();
    for (const record of records) table.set(record.id, record);
  }

  clear(): void {
    this.modules.clear();
  }
}
