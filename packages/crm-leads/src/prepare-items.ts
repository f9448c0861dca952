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
 *
 * Ids and duplicates are settled at once (they need every item); each record's changes are checked
 * when the batch it goes into is taken, so that the first read leaves before 10,000 records'
 * changes have been checked. Batches are the same as when every item is checked first: up to
 * `batchSize` valid records each, in input order.
 */
export class PreparedItems {
  /** First item of each distinct valid id, in input order: [id, index]. */
  private readonly candidates: [string, number][];
  private next = 0;
  private readonly made: Work[] = [];
  /** At most this many batches (fewer when changes are refused). */
  readonly count: number;

  constructor(
    private readonly items: readonly SafeUpdateItem[],
    private readonly fields: ReadonlyMap<string, FieldMeta>,
    private readonly book: ResultBook,
    private readonly batchSize: number,
  ) {
    this.candidates = [...firstOccurrences(items, book)];
    this.count = Math.ceil(this.candidates.length / batchSize);
  }

  /** The next batch: up to batchSize records whose changes pass, in input order; undefined at the end. */
  nextBatch(): Work[] | undefined {
    const batch: Work[] = [];
    while (batch.length < this.batchSize && this.next < this.candidates.length) {
      const work = this.prepare(this.candidates[this.next++] as [string, number]);
      if (work) batch.push(work);
    }
    return batch.length > 0 ? batch : undefined;
  }

  /** Every record's work, those of batches taken and (checked now) the rest. */
  all(): Work[] {
    while (this.next < this.candidates.length) this.prepare(this.candidates[this.next++] as [string, number]);
    return this.made;
  }

  private prepare([id, index]: [string, number]): Work | undefined {
    const item = this.items[index] as SafeUpdateItem;
    const check = validateChanges(this.fields, item.changes);
    if (!check.ok) {
      this.book.settle(rejected(index, id, check.problems));
      return undefined;
    }
    if (check.changes.size === 0) {
      this.book.settle({ index, id, state: 'unchanged', diff: [], reincluded: [], attempts: 0, warnings: [] });
      return undefined;
    }
    const work = newWork(index, id, check.changes);
    this.made.push(work);
    return work;
  }
}

/** Settles malformed items, bad ids and conflicting duplicates; the first index of each valid id. */
function firstOccurrences(items: readonly SafeUpdateItem[], book: ResultBook): Map<string, number> {
  const firsts = new Map<string, number>();
  // An index loop: this runs once per item before anything is sent, in code not yet optimised.
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    const rawId: unknown = isPlainObject(item) ? item['id'] : undefined;
    if (!isPlainObject(item) || !isPlainObject(item['changes'])) {
      const id = typeof rawId === 'string' ? rawId : String(rawId ?? '');
      book.settle(rejected(index, id, [{ field: 'changes', code: 'INVALID_ITEM', message: 'item must be { id, changes: { field: value } }' }]));
      continue;
    }
    if (!isZohoId(rawId)) {
      const id = typeof rawId === 'string' ? rawId : String(rawId ?? '');
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
  return firsts;
}

/** Every item checked at once: the work of the valid ones, in input order (see PreparedItems). */
export function prepareItems(items: readonly SafeUpdateItem[], fields: ReadonlyMap<string, FieldMeta>, book: ResultBook): Work[] {
  return new PreparedItems(items, fields, book, Number.MAX_SAFE_INTEGER).all();
}
