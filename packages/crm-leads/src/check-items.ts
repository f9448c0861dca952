import type { SafeUpdateClient } from './core-types.js';
import { loadModuleMetadata } from './metadata-cache.js';
import { isApiName, resolveOptions } from './options.js';
import { prepareItems } from './prepare-items.js';
import { ResultBook } from './result-book.js';
import { SafeUpdateError } from './safe-update-error.js';
import type { RejectedOutcome, SafeUpdateItem } from './types.js';

/**
 * The input checks of a safe update — ids, duplicates, every value against the field metadata —
 * without reading or sending any record: only the module's metadata is fetched (and cached).
 * Returns the items that a run would reject, in input order; an empty list means all are valid.
 * Lets a caller check a large input in pieces before it sends the first update.
 */
export async function checkUpdateItems(
  client: SafeUpdateClient,
  module: string,
  items: readonly SafeUpdateItem[],
  options: { metadataTtlMs?: number } = {},
): Promise<RejectedOutcome[]> {
  if (typeof module !== 'string' || !isApiName(module)) {
    throw new SafeUpdateError('INVALID_MODULE', `module must be a module api name such as "Leads", got ${JSON.stringify(module)}`);
  }
  if (!Array.isArray(items)) throw new SafeUpdateError('INVALID_ITEMS', 'items must be an array of { id, changes }');
  const opts = resolveOptions(module, options);
  if (items.length === 0) return [];
  const meta = await loadModuleMetadata(client, module, opts.metadataTtlMs);
  const book = new ResultBook(items.length);
  prepareItems(items, meta.fields, book);
  return book.settledOutcomes().filter((o): o is RejectedOutcome => o.state === 'rejected');
}
