import { describe, expect, it } from '@jest/globals';
import { where } from './criteria.js';
import { MAX_SEARCH_IN_VALUES, searchCriteriaParam } from './search-criteria.js';

const OP = 'searchRecords(Leads)';
const refusal = (message: RegExp) => expect.objectContaining({ name: 'ZohoApiError', code: 'INVALID_INPUT', operation: OP, message: expect.stringMatching(message) });

describe('searchCriteriaParam', () => {
  it('is the criteria text for what Zoho can search', () => {
    const c = where('Company', 'equals', 'null').and(where('Rating', 'in', ['Hot', 'Warm']));
    expect(searchCriteriaParam(OP, c)).toBe('((Company:equals:null)and(Rating:in:Hot,Warm))');
  });

  it('refuses is_empty and is_not_empty anywhere in the criteria, naming the field and the way out', () => {
    expect(() => searchCriteriaParam(OP, where('Company', 'is_empty'))).toThrow(refusal(/\(Company:is_empty\) cannot be searched: .*empty.*listRecords\(\).*criteria\.matches\(record\)/));
    const nested = where('Lead_Status', 'equals', 'New').and(where('Rating', 'equals', 'Hot').or(where('Email', 'is_not_empty')));
    expect(() => searchCriteriaParam(OP, nested)).toThrow(refusal(/\(Email:is_not_empty\) cannot be searched/));
    expect(() => searchCriteriaParam(OP, nested)).toThrow(expect.objectContaining({ details: { field: 'Email', operator: 'is_not_empty' } }));
  });

  it('refuses not_in, which the Search API does not have', () => {
    expect(() => searchCriteriaParam(OP, where('Rating', 'not_in', ['Hot']))).toThrow(refusal(/\(Rating:not_in\) cannot be searched: .*not_equal.*listRecords\(\)/));
  });

  it(`refuses an in of more than ${MAX_SEARCH_IN_VALUES} values`, () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `v${i}`);
    expect(searchCriteriaParam(OP, where('Rating', 'in', values(MAX_SEARCH_IN_VALUES)))).toMatch(/^\(Rating:in:v0,/);
    expect(() => searchCriteriaParam(OP, where('Rating', 'in', values(MAX_SEARCH_IN_VALUES + 1)))).toThrow(refusal(/in on Rating takes at most 100 values.*got 101/));
  });
});
