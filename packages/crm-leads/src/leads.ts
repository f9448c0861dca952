import type { SafeUpdateClient } from './core-types.js';
import type { SafeUpdateOptions } from './options.js';
import { safeUpdateRecords } from './safe-update.js';
import { SafeUpdateError } from './safe-update-error.js';
import type { FieldValue, RecordOutcome, SafeUpdateItem, SafeUpdateSummary } from './types.js';

export const LEADS_MODULE = 'Leads';

/** Safe update of many Leads; see safeUpdateRecords. */
export function updateLeads(
  client: SafeUpdateClient,
  items: readonly SafeUpdateItem[],
  options?: SafeUpdateOptions,
): Promise<SafeUpdateSummary> {
  return safeUpdateRecords(client, LEADS_MODULE, items, options);
}

/** Safe update of one Lead: the seed's operation. Resolves with the record's outcome. */
export async function updateLead(
  client: SafeUpdateClient,
  id: string,
  changes: Readonly<Record<string, FieldValue>>,
  options?: Omit<SafeUpdateOptions, 'batchSize' | 'concurrency' | 'onProgress'>,
): Promise<RecordOutcome> {
  const summary = await safeUpdateRecords(client, LEADS_MODULE, [{ id, changes }], options);
  const [outcome] = summary.records;
  if (!outcome) throw new SafeUpdateError('INTERNAL', 'internal: no outcome for the single record');
  return outcome;
}
