import { describe, expect, it } from '@jest/globals';
import { ResultBook } from './result-book.js';
import type { RecordOutcome } from './types.js';

const unchanged = (index: number): RecordOutcome => ({ index, id: String(100 + index), state: 'unchanged', diff: [], reincluded: [], attempts: 0, warnings: [] });

describe('ResultBook', () => {
  it('refuses to settle an item twice', () => {
    const book = new ResultBook(2);
    book.settle(unchanged(0));
    expect(() => book.settle(unchanged(0))).toThrow('settled twice');
  });

  it('refuses to finish while an item has no outcome', () => {
    const book = new ResultBook(2);
    book.settle(unchanged(1));
    expect(() => book.finish()).toThrow('item 0 has no outcome');
  });

  it('copies an outcome to merged duplicates and reports progress', () => {
    const seen: number[] = [];
    const book = new ResultBook(3, (p) => seen.push(p.done));
    book.mirror(2, 0);
    book.settle(unchanged(0));
    book.reportProgress();
    book.settle(unchanged(1));
    book.reportProgress();
    const all = book.finish();
    expect(all[2]).toMatchObject({ index: 2, id: '100', state: 'unchanged', duplicateOf: 0 });
    expect(seen).toEqual([2, 3]);
    expect(ResultBook.count(all)).toEqual({ updated: 0, unchanged: 3, failed: 0, rejected: 0, planned: 0 });
  });

  it('ignores a progress callback that throws', () => {
    const book = new ResultBook(1, () => {
      throw new Error('display broke');
    });
    book.settle(unchanged(0));
    expect(() => book.reportProgress()).not.toThrow();
  });
});
