import { describe, expect, it } from '@jest/globals';
import { buildCriteria, isProblem, parseSetOption, parseWhereOption, type ParsedWhere } from './where-option.js';

describe('--where and --set', () => {
  it('takes everything after the second colon as the value, literally', () => {
    expect(parseWhereOption('Company:equals:Acme (East), Inc & Co #1: x')).toEqual({ field: 'Company', operator: 'equals', values: ['Acme (East), Inc & Co #1: x'] });
    expect(parseWhereOption('Rating:in:Active,Acquired')).toEqual({ field: 'Rating', operator: 'in', values: ['Active', 'Acquired'] });
  });

  it.each(['Lead_Status', 'Lead_Status:equals', 'Lead Status:equals:x', 'Lead_Status:like:x', 'Annual_Revenue:between:1', 'Company:equals:'])('refuses %j', (text) => {
    expect(isProblem(parseWhereOption(text))).toBe(true);
  });

  it('Field:is_empty and Field:is_not_empty take no value and build the typed emptiness criteria', async () => {
    const empty = parseWhereOption('Company:is_empty');
    const filled = parseWhereOption(' Email : is_not_empty ');
    expect(empty).toEqual({ field: 'Company', operator: 'is_empty', values: [] });
    expect(filled).toEqual({ field: 'Email', operator: 'is_not_empty', values: [] });
    const criteria = await buildCriteria([empty as ParsedWhere, filled as ParsedWhere]);
    expect(criteria.matches({ id: '1', Company: null, Email: 'a@b.example' })).toBe(true);
    expect(criteria.matches({ id: '2', Company: '', Email: 'a@b.example' })).toBe(true);
    expect(criteria.matches({ id: '3', Company: 'Acme', Email: 'a@b.example' })).toBe(false);
    expect(criteria.matches({ id: '4', Company: null, Email: null })).toBe(false);
    expect(parseWhereOption('Company:is_empty:x')).toMatchObject({ message: 'is_empty takes no value: write Company:is_empty' });
    expect(parseWhereOption('Company:equals:')).toMatchObject({ message: 'empty value; to find empty fields write Company:is_empty' });
  });

  it('reads Field=Value, null clears', () => {
    expect(parseSetOption('Rating=Active')).toEqual({ field: 'Rating', value: 'Active' });
    expect(parseSetOption('Designation=null')).toEqual({ field: 'Designation', value: null });
    expect(parseSetOption('Description=a=b')).toEqual({ field: 'Description', value: 'a=b' });
    for (const bad of ['Rating', '=x', 'Rating=', 'Ra ting=x']) expect(isProblem(parseSetOption(bad))).toBe(true);
  });
});
