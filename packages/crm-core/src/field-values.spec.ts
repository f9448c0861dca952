import { describe, expect, it } from '@jest/globals';
import { isEmptyValue, sameValue, toUpdateValue } from './field-values.js';
import type { FieldMeta } from './types.js';

// The Leads fields these cases need: name → Zoho's data_type.
const TYPES: Record<string, string> = {
  Company: 'text',
  Industry: 'text',
  Lead_Status: 'picklist',
  Lead_Source: 'picklist',
  Mobile: 'phone',
  Annual_Revenue: 'currency',
  Date_of_Birth: 'date',
  Follow_Up: 'datetime',
  Email_Opt_Out: 'boolean',
  Account_Lookup: 'lookup',
  Owner: 'ownerlookup',
};

const field = (name: string): FieldMeta => ({ apiName: name, dataType: TYPES[name] ?? 'text', systemMandatory: false, readOnly: false });

describe('toUpdateValue', () => {
  it('sends a lookup read as { id, name } back as { id }', () => {
    expect(toUpdateValue(field('Account_Lookup'), { id: '99', name: 'Acme' })).toEqual({ id: '99' });
    expect(toUpdateValue(field('Owner'), { id: '7', name: 'Ann', email: 'a@x.io' })).toEqual({ id: '7' });
  });

  it('keeps picklists as their actual value, also when read as a choice object', () => {
    expect(toUpdateValue(field('Lead_Status'), 'Contacted')).toBe('Contacted');
    expect(toUpdateValue(field('Lead_Source'), { display_value: 'Web Form', actual_value: 'Web_Form' })).toBe('Web_Form');
  });

  it("treats the picklist's -None- as empty and keeps big integers exact", () => {
    expect(toUpdateValue(field('Lead_Status'), '-None-')).toBeUndefined();
    const big: FieldMeta = { apiName: 'Ext_Id', dataType: 'bigint', systemMandatory: false, readOnly: false };
    expect(toUpdateValue(big, '9007199254740993')).toBe('9007199254740993');
    expect(sameValue(big, '9007199254740993', '9007199254740992')).toBe(false);
    expect(sameValue(big, '12', 12)).toBe(true);
  });

  it('keeps numbers numeric and dates as strings', () => {
    expect(toUpdateValue(field('Annual_Revenue'), '1500.25')).toBe(1500.25);
    expect(toUpdateValue(field('Date_of_Birth'), '1990-01-02')).toBe('1990-01-02');
    expect(toUpdateValue(field('Email_Opt_Out'), false)).toBe(false);
  });

  it('returns undefined for empty values and shapes it cannot send back', () => {
    expect(toUpdateValue(field('Company'), null)).toBeUndefined();
    expect(toUpdateValue(field('Company'), '')).toBeUndefined();
    expect(toUpdateValue(field('Account_Lookup'), { name: 'no id' })).toBeUndefined();
    expect(toUpdateValue(field('Company'), { nested: true })).toBeUndefined();
  });
});

describe('sameValue', () => {
  it('compares lookups by id, numbers by value, date-times by instant', () => {
    expect(sameValue(field('Account_Lookup'), { id: '99', name: 'Acme' }, { id: '99' })).toBe(true);
    expect(sameValue(field('Account_Lookup'), { id: '99', name: 'Acme' }, { id: '98' })).toBe(false);
    expect(sameValue(field('Annual_Revenue'), '100.0', 100)).toBe(true);
    expect(sameValue(field('Follow_Up'), '2026-01-01T10:00:00+01:00', '2026-01-01T09:00:00+00:00')).toBe(true);
    expect(sameValue(field('Mobile'), '+1 555', '+1 556')).toBe(false);
  });

  it('treats null and empty string alike', () => {
    expect(sameValue(field('Industry'), null, '')).toBe(true);
    expect(sameValue(field('Industry'), undefined, null)).toBe(true);
    expect(sameValue(field('Industry'), 'x', null)).toBe(false);
  });
});

describe('isEmptyValue', () => {
  it('knows empty values', () => {
    expect([null, undefined, '', []].every(isEmptyValue)).toBe(true);
    expect([0, false, 'x', ['a']].some(isEmptyValue)).toBe(false);
  });
});
