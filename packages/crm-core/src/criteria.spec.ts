import { describe, expect, it } from '@jest/globals';
import { escapeCriteriaValue, where } from './criteria.js';
import { ZohoApiError } from './zoho-api-error.js';

describe('criteria', () => {
  it('escapes ( ) , and \\ inside values with a backslash, as Zoho documents', () => {
    expect(escapeCriteriaValue('Patricia(Boyle), a\\b')).toBe('Patricia\\(Boyle\\)\\, a\\\\b');
    expect(where('Company', 'equals', 'A (B), C').toString()).toBe('(Company:equals:A \\(B\\)\\, C)');
    expect(where('Company', 'equals', 'k:v & #1').toString()).toBe('(Company:equals:k:v & #1)');
  });

  it('joins groups with and/or, keeping each group in parentheses', () => {
    const c = where('Lead_Status', 'equals', 'Not Contacted').and(where('Rating', 'in', ['Hot', 'Warm']).or(where('Annual_Revenue', 'between', [1000, 5000])));
    expect(c.toString()).toBe('((Lead_Status:equals:Not Contacted)and((Rating:in:Hot,Warm)or(Annual_Revenue:between:1000,5000)))');
    expect(c.fields).toEqual(['Lead_Status', 'Rating', 'Annual_Revenue']);
  });

  it('refuses field names outside the api-name rule, unknown operators and bad values', () => {
    expect(() => where('Company)or(Email', 'equals', 'x')).toThrow(ZohoApiError);
    expect(() => where('Company', 'contains' as 'equals', 'x')).toThrow(/operator for Company/);
    expect(() => where('Company', 'equals', null as unknown as string)).toThrow(/value for Company/);
    expect(() => where('Company', 'equals', 'a\nb')).toThrow(/control character/);
    expect(() => where('Company', 'in', [])).toThrow(/at least one value/);
    expect(() => where('Company', 'between', [1] as unknown as [number, number])).toThrow(/\[from, to\]/);
  });

  it('refuses more than 10 conditions', () => {
    const one = where('Company', 'equals', 'x');
    expect(() => one.or(...Array.from({ length: 10 }, (_, i) => where('Company', 'equals', String(i))))).toThrow(/at most 10/);
  });

  it('matches records as Zoho compares them', () => {
    const c = where('Lead_Status', 'equals', 'not contacted').and(where('Owner', 'equals', '42'));
    expect(c.matches({ id: '1', Lead_Status: 'Not Contacted', Owner: { id: '42', name: 'Ann' } })).toBe(true);
    expect(c.matches({ id: '1', Lead_Status: 'Contacted', Owner: { id: '42', name: 'Ann' } })).toBe(false);
    expect(where('Annual_Revenue', 'greater_than', 10).matches({ id: '1', Annual_Revenue: 9 })).toBe(false);
    expect(where('Company', 'starts_with', 'ac').matches({ id: '1', Company: 'Acme' })).toBe(true);
    expect(where('Company', 'not_equal', 'x').matches({ id: '1', Company: null })).toBe(true);
  });
});
