import { isZohoId } from '@zcrmkit/crm-core';
import type { FieldValue, SafeUpdateItem } from '@zcrmkit/crm-leads';
import { BulkError } from '../bulk-error.js';
import { CheckedFile, type BulkSource } from './checked-input.js';
import { ProblemList } from './problem-list.js';
import { RowLedger } from './row-ledger.js';
import { Spool } from './spool.js';

export interface IterableSourceOptions {
  /** For messages. Default "items". */
  description?: string;
}

function itemProblem(item: unknown): string | undefined {
  if (typeof item !== 'object' || item === null) return 'not an object { id, changes }';
  const { id, changes } = item as { id?: unknown; changes?: unknown };
  if (!isZohoId(id)) return `id ${JSON.stringify(id)} is not a Zoho record id (a string of digits)`;
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return `record ${id}: changes must be an object of field → value`;
  if (Object.keys(changes).length === 0) return `record ${id} has no value to update`;
  return undefined;
}

/**
 * Rows from code: an array, a generator, a database cursor — any iterable or async iterable of
 * `{ id, changes }`. The first pass takes every item (checking its shape and that no id repeats)
 * into a private temporary file, so memory does not grow with the items and the values are checked
 * against the field metadata before the first update is sent. Item n is line n of the results.
 */
export function iterableSource(items: Iterable<SafeUpdateItem> | AsyncIterable<SafeUpdateItem>, options: IterableSourceOptions = {}): BulkSource {
  const iterable = items as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  if (iterable === null || typeof iterable !== 'object' || (typeof iterable[Symbol.iterator] !== 'function' && typeof iterable[Symbol.asyncIterator] !== 'function')) {
    throw new BulkError('INVALID_OPTIONS', 'iterableSource needs an iterable or async iterable of { id, changes }');
  }
  let opened = false;
  return {
    description: options.description ?? 'items',
    path: undefined,
    async open(context) {
      if (opened) throw new BulkError('INVALID_OPTIONS', 'an iterableSource can be run once: its items are consumed');
      opened = true;
      const ledger = new RowLedger(1);
      const spool = await Spool.create(ledger);
      const problems = new ProblemList();
      try {
        let line = 0;
        for await (const item of items as AsyncIterable<SafeUpdateItem>) {
          if (context.signal?.aborted) throw context.signal.reason;
          line++;
          const problem = itemProblem(item);
          if (problem !== undefined) {
            problems.add({ line, message: problem });
            // Kept in the ledger so that line numbers stay those of the items.
            await spool.add('', {});
            continue;
          }
          await spool.add(item.id, { ...(item.changes as Record<string, FieldValue>) });
        }
        const duplicates = ledger.duplicates(1_000);
        problems.merge(duplicates.listed.map((d) => ({ line: d.row + 1, message: `id ${d.id} already appears in item ${d.firstRow + 1}; put all changes for a record in one item` })), duplicates.total);
        if (line === 0) problems.add({ message: 'no items' });
        if (problems.size > 0) throw new BulkError('INPUT_INVALID', `${options.description ?? 'items'}: ${problems.size} problem${problems.size === 1 ? '' : 's'}; nothing was sent`, { problems: problems.report() });
        const identity = await spool.finish();
        return new CheckedFile(spool.file, identity, ledger, Spool.reader(1), undefined, false, () => spool.remove());
      } catch (err) {
        await spool.remove();
        throw err;
      }
    },
  };
}
