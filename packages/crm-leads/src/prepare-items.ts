import { isZohoId } from '@zcrmkit/crm-core';
import type { FieldMeta } from './core-types.js';
import { sameChanges } from './same-changes.js';
import type { ResultBook } from './result-book.js';
import type { RejectedOutcome, RejectionCode, SafeUpdateItem, ValueProblem } from './types.js';
import { validateChanges } from './validate-changes.js';
import { newWork, type Work } from './work.js';


function rejected(index: number, id: string, problems: ValueProblem[], duplicateOf?: number): RejectedOutcome {
  const [first] = problems;
  const code: RejectionCode = first?.code ?? 'INVALID_ITEM';
  return {
    index,
    id,
    state: 'rejected',
    code,
    message: problems.map((p) => p.message).join('; '),
    ...(first?.field ? { field: first.field } : {}),
    ...(first?.suggestions ? { suggestions: first.suggestions } : {}),
    problems,
    diff: [],
    reincluded: [],
    attempts: 0,
    warnings: [],
    ...(duplicateOf !== undefined ? { duplicateOf } : {}),
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns input items into work, settling in `book` every item that needs no API call: malformed
 * items, invalid changes, conflicting duplicates (rejected) and items without changes (unchanged).
 *
 * Duplicate ids: the first item wins. A later item with identical changes is merged — it receives
 * the first item's outcome, marked `duplicateOf`. A later item with different changes is rejected
 * with DUPLICATE_INPUT, because sending both would leave the record in whichever state came last.
 */
export function prepareItems(items: readonly SafeUpdateItem[], fields: ReadonlyMap<string, FieldMeta>, book: ResultBook): Work[] {
  const firsts = new Map<string, number>();
  for (const [index, item] of items.entries()) {
    const rawId: unknown = isPlainObject(item) ? item['id'] : undefined;
    const id = typeof rawId === 'string' ? rawId : String(rawId ?? '');
    if (!isPlainObject(item) || !isPlainObject(item['changes'])) {
      book.settle(rejected(index, id, [{ field: 'changes', code: 'INVALID_ITEM', message: 'item must be { id, changes: { field: value } }' }]));
      continue;
    }
    if (!isZohoId(rawId)) {
      book.settle(rejected(index, id, [{ field: 'id', code: 'INVALID_ID', message: `record id must be a Zoho id (a string of up to 20 digits, no leading zero), got ${JSON.stringify(rawId) ?? String(rawId)}` }]));
      continue;
    }
    const first = firsts.get(rawId);
    if (first === undefined) {
      firsts.set(rawId, index);
    } else if (sameChanges((items[first] as SafeUpdateItem).changes, item.changes)) {
      book.mirror(index, first);
    } else {
      book.settle(
        rejected(index, rawId, [{ field: 'id', code: 'DUPLICATE_INPUT', message: `record ${rawId} already appears as item ${first} with different changes; the first item wins` }], first),
      );
    }
  }

  const works: Work[] = [];
  for (const [id, index] of firsts) {
    const item = items[index] as SafeUpdateItem;
    const check = validateChanges(fields, item.changes);
    if (!check.ok) {
      book.settle(rejected(index, id, check.problems));
    } else if (check.changes.size === 0) {
      book.settle({ index, id, state: 'unchanged', diff: [], reincluded: [], attempts: 0, warnings: [] });
    } else {
      works.push(newWork(index, id, check.changes));
    }
  }
  return works.sort((a, b) => a.index - b.index);
}
