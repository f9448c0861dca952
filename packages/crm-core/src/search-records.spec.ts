import { describe, expect, it } from '@jest/globals';
import { where } from './criteria.js';
import { planSearch } from './search-records.js';

const invalid = (message: RegExp) => expect.objectContaining({ name: 'ZohoApiError', code: 'INVALID_INPUT', operation: 'searchRecords(Leads)', message: expect.stringMatching(message) });

describe('planSearch', () => {
  it('sends criteria as they are, with no filter unless exact is asked for', () => {
    const plan = planSearch('Leads', where('Company', 'equals', 'ABC'), { fields: ['Email'] });
    expect(plan).toMatchObject({ param: 'criteria', value: '(Company:equals:ABC)', fields: ['Email'], exact: undefined });
  });

  it('with exact: true, reads the criteria fields too and remembers what was asked for', () => {
    const criteria = where('Company', 'equals', 'ABC').and(where('id', 'greater_than', '1'), where('Email', 'starts_with', 'a'));
    const plan = planSearch('Leads', criteria, { fields: ['Email'], exact: true });
    expect(plan.fields).toEqual(['Email', 'Company']);
    expect(plan.exact).toEqual({ criteria, asked: ['Email'] });
    // Nothing to add: records are yielded as read.
    expect(planSearch('Leads', criteria, { fields: ['Company', 'Email'], exact: true }).exact).toEqual({ criteria, asked: undefined });
  });

  it('refuses exact misuse and criteria the Search API cannot express, before any request', () => {
    expect(() => planSearch('Leads', { email: 'a@x.test' }, { fields: ['Email'], exact: true })).toThrow(invalid(/exact: true applies to criteria made with where\(\)/));
    expect(() => planSearch('Leads', where('Company', 'equals', 'x'), { fields: ['Email'], exact: 'yes' })).toThrow(invalid(/exact must be a boolean/));
    const fifty = Array.from({ length: 50 }, (_, i) => `F${i}`);
    expect(() => planSearch('Leads', where('Company', 'equals', 'x'), { fields: fifty, exact: true })).toThrow(invalid(/reads the criteria's fields too \(Company\): at most 50 fields per call, got 51/));
    expect(() => planSearch('Leads', where('Company', 'is_empty'), { fields: ['Email'] })).toThrow(invalid(/\(Company:is_empty\) cannot be searched.*listRecords\(\)/));
    expect(() => planSearch('Leads', where('Company', 'is_empty'), { fields: ['Email'], exact: true })).toThrow(invalid(/\(Company:is_empty\) cannot be searched/));
  });
});
