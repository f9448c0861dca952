import { describe, expect, it } from '@jest/globals';
import { where } from './criteria.js';
import { keepExactMatches } from './exact-search.js';
import type { RecordData } from './types.js';

// What Zoho's search returns for (Company:equals:ABC): its equals on text behaves like "contains".
const ZOHO_ANSWER: RecordData[] = [
  { id: '1', Company: 'ABC', Email: 'a@x.test' },
  { id: '2', Company: 'ABC Inc.', Email: 'b@x.test' },
  { id: '3', Company: 'abc', Email: 'c@x.test' },
  { id: '4', Company: 'The ABC Company', Email: 'd@x.test' },
];

async function* pages(records: RecordData[], pulled: { n: number; closed: boolean }): AsyncGenerator<RecordData> {
  try {
    for (const r of records) {
      pulled.n++;
      yield r;
    }
  } finally {
    pulled.closed = true;
  }
}

async function collect(source: AsyncIterable<RecordData>): Promise<RecordData[]> {
  const out: RecordData[] = [];
  for await (const r of source) out.push(r);
  return out;
}

describe('keepExactMatches (searchRecords exact: true)', () => {
  it('keeps only the records equals really matches, in order', async () => {
    const pulled = { n: 0, closed: false };
    const kept = await collect(keepExactMatches(pages(ZOHO_ANSWER, pulled), where('Company', 'equals', 'ABC'), new Map([['Company', 'text']]), undefined));
    expect(kept).toEqual([ZOHO_ANSWER[0], ZOHO_ANSWER[2]]);
    // Every record Zoho returned was read: the filter saves no request.
    expect(pulled).toEqual({ n: 4, closed: true });
  });

  it('drops the fields read only for the filter', async () => {
    const kept = await collect(keepExactMatches(pages(ZOHO_ANSWER, { n: 0, closed: false }), where('Company', 'equals', 'ABC'), new Map(), ['Email']));
    expect(kept).toEqual([
      { id: '1', Email: 'a@x.test' },
      { id: '3', Email: 'c@x.test' },
    ]);
  });

  it('compares by the field types it is given', async () => {
    // 10:00+05:30 is 04:30Z, before 05:00Z; as text it sorts after.
    const records: RecordData[] = [{ id: '1', Stamp: '2026-01-01T10:00:00+05:30' }];
    const after = where('Stamp', 'greater_than', '2026-01-01T05:00:00Z');
    expect(await collect(keepExactMatches(pages(records, { n: 0, closed: false }), after, new Map([['Stamp', 'datetime']]), undefined))).toEqual([]);
    expect(await collect(keepExactMatches(pages(records, { n: 0, closed: false }), after, new Map([['Stamp', 'text']]), undefined))).toEqual(records);
  });

  it('stops reading the search when the consumer stops', async () => {
    const pulled = { n: 0, closed: false };
    for await (const r of keepExactMatches(pages(ZOHO_ANSWER, pulled), where('Company', 'equals', 'ABC'), new Map(), undefined)) {
      expect(r.id).toBe('1');
      break;
    }
    expect(pulled).toEqual({ n: 1, closed: true });
  });
});
