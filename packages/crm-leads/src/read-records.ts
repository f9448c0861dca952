import type { RecordData } from './core-types.js';
import { chunk } from './run-pool.js';
import type { RunContext } from './run-context.js';

/** Zoho accepts at most 50 field names per read. */
export const MAX_FIELDS_PER_READ = 50;

/**
 * Reads `fields` of the records in as few calls as Zoho allows (≤ batchSize ids, ≤ 50 fields per
 * call). Records Zoho does not return are absent from the map.
 */
export async function readRecords(ctx: RunContext, ids: readonly string[], fields: readonly string[]): Promise<Map<string, RecordData>> {
  const out = new Map<string, RecordData>();
  const fieldGroups = chunk([...new Set(fields)], MAX_FIELDS_PER_READ);
  for (const idGroup of chunk(ids, ctx.opts.batchSize)) {
    for (const fieldGroup of fieldGroups) {
      ctx.calls.reads++;
      const records = await ctx.client.getRecords(ctx.module, idGroup, fieldGroup);
      for (const record of records) {
        const id = String(record.id);
        out.set(id, { ...out.get(id), ...record, id });
      }
    }
  }
  return out;
}
