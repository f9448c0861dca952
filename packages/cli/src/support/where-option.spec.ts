import { describe, expect, it } from '@jest/globals';
import { isProblem, parseSetOption, parseWhereOption } from './where-option.js';

describe('--where and --set', () => {
  it('takes everything after the second colon as the value, literally', () => {
    expect(parseWhereOption('Company:equals:Acme (East), Inc & Co #1: x')).toEqual({ field: 'Company', operator: 'equals', values: ['Acme (East), Inc & Co #1: x'] });
    expect(parseWhereOption('Rating:in:Active,Acquired')).toEqual({ field: 'Rating', operator: 'in', values: ['Active', 'Acquired'] });
  });

  it.each(['Lead_Status', 'Lead_Status:equals', 'Lead Status:equals:x', 'Lead_Status:like:x', 'Annual_Revenue:between:1', 'Company:equals:'])('refuses %j', (text) => {
    expect(isProblem(parseWhereOption(text))).toBe(true);
  });

  it('reads Field=Value, null clears', () => {
    expect(parseSetOption('Rating=Active')).toEqual({ field: 'Rating', value: 'Active' });
    expect(parseSetOption('Designation=null')).toEqual({ field: 'Designation', value: null });
    expect(parseSetOption('Description=a=b')).toEqual({ field: 'Description', value: 'a=b' });
    for (const bad of ['Rating', '=x', 'Rating=', 'Ra ting=x']) expect(isProblem(parseSetOption(bad))).toBe(true);
  });
});
