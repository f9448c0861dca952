import { describe, expect, it } from '@jest/globals';
import { prepareItems } from './prepare-items.js';
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
