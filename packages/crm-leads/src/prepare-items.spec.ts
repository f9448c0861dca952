import { describe, expect, it } from '@jest/globals';
import { PreparedItems, prepareItems } from './prepare-items.js';
import { chunk } from './run-pool.js';
import { ResultBook } from './result-book.js';
import { LEAD_FIELDS, leadId } from './test-support/fake-zoho-client.js';
import type { SafeUpdateItem } from './types.js';

const fields = new Map(LEAD_FIELDS.map((f) => [f.apiName, f]));

describe('prepareItems', () => {
  it('keeps the first of duplicate ids, merges identical repeats and rejects conflicting ones', () => {
    const items: SafeUpdateItem[] = [
      { id: leadId(1), changes: { Mobile: '1', Company: 'A' } },
      { id: leadId(2), changes: { Mobile: '2' } },
      { id: leadId(1), changes: { Company: 'A', Mobile: '1' } },
      { id: leadId(1), changes: { Mobile: '9' } },
    ];
    const book = new ResultBook(items.length);
    const works = prepareItems(items, fields, book);
    expect(works.map((w) => w.index)).toEqual([0, 1]);
    expect(book.isSettled(2)).toBe(false);
    expect(book.isSettled(3)).toBe(true);
    for (const w of works) book.settle({ index: w.index, id: w.id, state: 'updated', diff: [], reincluded: [], attempts: 1, warnings: [] });
    const out = book.finish();
    expect(out[2]).toMatchObject({ state: 'updated', duplicateOf: 0 });
    expect(out[3]).toMatchObject({ state: 'rejected', code: 'DUPLICATE_INPUT', duplicateOf: 0 });
  });

  it('rejects malformed items and ids, and settles empty changes as unchanged', () => {
    const items = [
      { id: leadId(1), changes: {} },
      { id: 'abc', changes: { Mobile: '1' } },
      { id: leadId(2) },
      null,
      { id: leadId(3), changes: { Mobil: '1' } },
    ] as unknown as SafeUpdateItem[];
    const book = new ResultBook(items.length);
    expect(prepareItems(items, fields, book)).toEqual([]);
    const out = book.finish();
    expect(out.map((o) => o.state)).toEqual(['unchanged', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(out.map((o) => ('code' in o ? o.code : undefined))).toEqual([undefined, 'INVALID_ID', 'INVALID_ITEM', 'INVALID_ITEM', 'UNKNOWN_FIELD']);
    expect(out[4]).toMatchObject({ field: 'Mobil', suggestions: ['Mobile'] });
  });

  it.each(['0123456789', '1'.repeat(21), '99999999999999999999'])('rejects %s, which crm-core would refuse for the whole batch', (badId) => {
    const book = new ResultBook(1);
    expect(prepareItems([{ id: badId, changes: { Mobile: '1' } }], fields, book)).toEqual([]);
    expect(book.finish()[0]).toMatchObject({ state: 'rejected', code: 'INVALID_ID' });
  });

  it('normalises valid changes', () => {
    const book = new ResultBook(1);
    const [work] = prepareItems([{ id: leadId(1), changes: { Lead_Source: 'Web Form' } }], fields, book);
    expect(work?.changes.get('Lead_Source')).toBe('Web_Form');
  });
});

describe('PreparedItems', () => {
  // Valid, invalid, unchanged and duplicate items mixed, so batches must skip what is settled.
  const mixed = (): SafeUpdateItem[] =>
    Array.from({ length: 57 }, (_, i): SafeUpdateItem => {
      if (i % 7 === 3) return { id: leadId(i), changes: { Mobil: 'x' } };
      if (i % 11 === 5) return { id: leadId(i), changes: {} };
      if (i % 13 === 9) return { id: leadId(i - 1), changes: { Mobile: `+1 555 ${i}` } };
      return { id: leadId(i), changes: { Mobile: `+1 555 ${i}` } };
    });

  it('makes the batches that checking every item first and cutting the valid ones in order makes', () => {
    const eager = new ResultBook(57);
    const expected = chunk(prepareItems(mixed(), fields, eager), 8).map((b) => b.map((w) => w.index));
    const lazy = new ResultBook(57);
    const prepared = new PreparedItems(mixed(), fields, lazy, 8);
    const batches: number[][] = [];
    for (let b = prepared.nextBatch(); b !== undefined; b = prepared.nextBatch()) batches.push(b.map((w) => w.index));
    expect(batches).toEqual(expected);
    expect(prepared.count).toBeGreaterThanOrEqual(batches.length);
    // Every item not in a batch was settled as the eager check settles it.
    expect(lazy.settledOutcomes()).toEqual(eager.settledOutcomes());
  });

  it('settles ids and duplicates at once, and a record\'s changes only when its batch is taken', () => {
    const items: SafeUpdateItem[] = [
      { id: leadId(1), changes: { Mobile: '1' } },
      { id: 'abc', changes: { Mobile: '1' } },
      { id: leadId(2), changes: { Mobil: '1' } },
      { id: leadId(3), changes: { Mobile: '3' } },
      { id: leadId(1), changes: { Mobile: '9' } },
    ];
    const book = new ResultBook(items.length);
    const prepared = new PreparedItems(items, fields, book, 1);
    expect([0, 1, 2, 3, 4].map((i) => book.isSettled(i))).toEqual([false, true, false, false, true]);
    expect(prepared.nextBatch()?.map((w) => w.index)).toEqual([0]);
    expect(book.isSettled(2)).toBe(false);
    // The second batch passes over item 2 (refused) to item 3.
    expect(prepared.nextBatch()?.map((w) => w.index)).toEqual([3]);
    expect(book.settledOutcomes().find((o) => o.index === 2)).toMatchObject({ state: 'rejected', code: 'UNKNOWN_FIELD' });
    expect(prepared.nextBatch()).toBeUndefined();
  });

  it('all() checks what no batch took and returns every record\'s work, for a run that stops early', () => {
    const book = new ResultBook(57);
    const prepared = new PreparedItems(mixed(), fields, book, 8);
    const first = prepared.nextBatch() ?? [];
    const all = prepared.all();
    expect(all.slice(0, first.length)).toEqual(first);
    expect(all.map((w) => w.index)).toEqual(prepareItems(mixed(), fields, new ResultBook(57)).map((w) => w.index));
    expect(prepared.nextBatch()).toBeUndefined();
    for (const w of all) if (!book.isSettled(w.index)) book.settle({ index: w.index, id: w.id, state: 'updated', diff: [], reincluded: [], attempts: 1, warnings: [] });
    expect(() => book.finish()).not.toThrow();
  });
});
