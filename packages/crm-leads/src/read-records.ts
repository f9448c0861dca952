import { MAX_FIELDS_PER_CALL, MAX_IDS_PER_CALL } from '@zcrmkit/crm-core';
import type { RecordData } from './core-types.js';
import { chunk } from './run-pool.js';
import type { RunContext } from './run-context.js';

/**
 * Reads `fields` of the records in as few calls as Zoho allows (≤ batchSize and crm-core's id limit
 * per call, ≤ its field limit). Records Zoho does not return are absent from the map.
 */
export async function readRecords(ctx: RunContext, ids: readonly string[], fields: readonly string[]): Promise<Map<string, RecordData>> {
  const out = new Map<string, RecordData>();
  const fieldGroups = chunk([...new Set(fields)], MAX_FIELDS_PER_CALL);
  for (const idGroup of chunk(ids, Math.min(ctx.opts.batchSize, MAX_IDS_PER_CALL))) {
    for (const fieldGroup of fieldGroups) {
      ctx.calls.reads++;
      const records = await ctx.client.getRecords(ctx.module, idGroup, fieldGroup, ctx.opts.callOptions);
      for (const record of records) {
        const id = String(record.id);
        out.set(id, { ...out.get(id), ...record, id });
      }
    }
  }
  return out;
}
