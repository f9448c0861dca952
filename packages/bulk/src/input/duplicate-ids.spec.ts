import { describe, expect, it } from '@jest/globals';
import { DuplicateIdFinder } from './duplicate-ids.js';

function finderOf(ids: (string | undefined)[]): DuplicateIdFinder {
  const finder = new DuplicateIdFinder();
  for (const id of ids) finder.add(id);
  return finder;
}

/** The obvious answer, with strings in a Map, to compare against. */
function naive(ids: (string | undefined)[]) {
  const first = new Map<string, number>();
  const out: { row: number; id: string; firstRow: number }[] = [];
  ids.forEach((id, row) => {
    if (id === undefined) return;
    const seen = first.get(id);
    if (seen === undefined) first.set(id, row);
    else out.push({ row, id, firstRow: seen });
  });
  return out;
}

describe('DuplicateIdFinder', () => {
  it('finds nothing in distinct ids', () => {
    expect(finderOf(['6051205000000000001', '6051205000000000002', '6051205000000000003']).duplicates(10)).toEqual({ listed: [], total: 0 });
  });

  it('lists every later sighting in row order, with the row the id first appeared on', () => {
    const a = '6051205000000000009';
    const b = '6051205000000000001';
    const finder = finderOf([a, b, undefined, b, a, a, '6051205000000000005']);
    expect(finder.duplicates(10)).toEqual({
      listed: [
        { row: 3, id: b, firstRow: 1 },
        { row: 4, id: a, firstRow: 0 },
        { row: 5, id: a, firstRow: 0 },
      ],
      total: 3,
    });
  });

  it('lists at most `limit` and counts the rest', () => {
    const id = '6051205000000000001';
    const report = finderOf(Array.from({ length: 50 }, () => id)).duplicates(5);
    expect(report.listed.map((d) => d.row)).toEqual([1, 2, 3, 4, 5]);
    expect(report.listed.every((d) => d.firstRow === 0)).toBe(true);
    expect(report.total).toBe(49);
  });

  it('never takes rows without an id for duplicates of each other', () => {
    expect(finderOf([undefined, undefined, '6051205000000000001', undefined]).duplicates(10).total).toBe(0);
  });

  it('keeps ids that differ only beyond double precision apart (no rounding through Number)', () => {
    // 2^53 + 1 and 2^53 are the same Number.
    expect(finderOf(['9007199254740993', '9007199254740992']).duplicates(10).total).toBe(0);
    expect(finderOf(['9007199254740993', '9007199254740993']).duplicates(10).total).toBe(1);
  });

  it('handles the largest 64-bit id and ids beyond 64 bits, merged in row order', () => {
    const max = '18446744073709551615';
    const wide = '18446744073709551616';
    const finder = finderOf([wide, max, '99999999999999999999', max, wide]);
    expect(finder.duplicates(10)).toEqual({
      listed: [
        { row: 3, id: max, firstRow: 1 },
        { row: 4, id: wide, firstRow: 0 },
      ],
      total: 2,
    });
  });

  it('grows past its first allocation and agrees with a Map of strings', () => {
    // Pseudo-random ids from a small range, so that many repeat, some several times.
    let seed = 7;
    const ids = Array.from({ length: 40_000 }, () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % 97 === 0 ? undefined : String(6051205000000000000n + BigInt(seed % 30_000));
    });
    const finder = finderOf(ids);
    const expected = naive(ids);
    const report = finder.duplicates(Number.MAX_SAFE_INTEGER);
    expect(finder.rows).toBe(ids.length);
    expect(report.total).toBe(expected.length);
    expect(report.listed).toEqual(expected);
    expect(expected.length).toBeGreaterThan(10_000);
  });
});
