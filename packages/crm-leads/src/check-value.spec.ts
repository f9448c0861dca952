import { describe, expect, it } from '@jest/globals';
import { checkValue } from './check-value.js';
import type { FieldMeta } from './core-types.js';
import { LEAD_FIELDS } from './test-support/fake-zoho-client.js';

const field = (name: string): FieldMeta => {
  const f = LEAD_FIELDS.find((x) => x.apiName === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

describe('checkValue', () => {
  it('accepts a phone of up to 30 characters and refuses a longer one', () => {
    expect(checkValue(field('Mobile'), '+1 555 0100')).toEqual({ ok: true, value: '+1 555 0100' });
    expect(checkValue(field('Mobile'), '1'.repeat(30)).ok).toBe(true);
    const long = checkValue(field('Mobile'), '1'.repeat(31));
    expect(long).toMatchObject({ ok: false, message: expect.stringContaining('at most 30') });
  });

  it('caps phones at 30 characters even when the metadata allows more', () => {
    const wide: FieldMeta = { ...field('Phone'), length: 255 };
    expect(checkValue(wide, '1'.repeat(31)).ok).toBe(false);
  });

  it('refuses non-string and digit-less phones', () => {
    expect(checkValue(field('Mobile'), 5550100).ok).toBe(false);
    expect(checkValue(field('Mobile'), 'call me').ok).toBe(false);
  });

  it('checks email addresses', () => {
    expect(checkValue(field('Email'), 'a@example.com').ok).toBe(true);
    expect(checkValue(field('Email'), 'not-an-email').ok).toBe(false);
  });

  it('maps a picklist display value to its actual value and suggests close choices', () => {
    expect(checkValue(field('Lead_Source'), 'Web Form')).toEqual({ ok: true, value: 'Web_Form' });
    expect(checkValue(field('Lead_Source'), 'Web_Form')).toEqual({ ok: true, value: 'Web_Form' });
    const bad = checkValue(field('Lead_Status'), 'Contacted!');
    expect(bad).toMatchObject({ ok: false, suggestions: ['Contacted'] });
  });

  it('turns numeric strings into numbers and refuses fractions for integers', () => {
    expect(checkValue(field('Annual_Revenue'), '1200.50')).toEqual({ ok: true, value: 1200.5 });
    expect(checkValue(field('Annual_Revenue'), 'lots').ok).toBe(false);
    expect(checkValue(field('No_of_Employees'), 12)).toEqual({ ok: true, value: 12 });
    expect(checkValue(field('No_of_Employees'), 1.5).ok).toBe(false);
    expect(checkValue(field('Annual_Revenue'), Number.NaN).ok).toBe(false);
  });

  it('keeps big integers as digit strings so no digit is lost', () => {
    const big: FieldMeta = { apiName: 'Ext_Id', dataType: 'bigint', systemMandatory: false, readOnly: false };
    expect(checkValue(big, '9007199254740993')).toEqual({ ok: true, value: '9007199254740993' });
    expect(checkValue(big, 12)).toEqual({ ok: true, value: 12 });
    expect(checkValue(big, 1.5).ok).toBe(false);
  });

  it('accepts real calendar dates only, and Date objects as their UTC day', () => {
    expect(checkValue(field('Date_of_Birth'), '1990-02-28')).toEqual({ ok: true, value: '1990-02-28' });
    expect(checkValue(field('Date_of_Birth'), '1990-02-30').ok).toBe(false);
    expect(checkValue(field('Date_of_Birth'), '28/02/1990').ok).toBe(false);
    expect(checkValue(field('Date_of_Birth'), new Date(Date.UTC(2001, 0, 9, 12)))).toEqual({ ok: true, value: '2001-01-09' });
  });

  it('normalises date-times to seconds with an explicit offset', () => {
    expect(checkValue(field('Follow_Up'), '2026-01-31T09:30:00.123Z')).toEqual({ ok: true, value: '2026-01-31T09:30:00+00:00' });
    expect(checkValue(field('Follow_Up'), '2026-01-31T09:30:00+05:30')).toEqual({ ok: true, value: '2026-01-31T09:30:00+05:30' });
    expect(checkValue(field('Follow_Up'), new Date(Date.UTC(2026, 0, 31, 9, 30)))).toEqual({ ok: true, value: '2026-01-31T09:30:00+00:00' });
    expect(checkValue(field('Follow_Up'), '2026-01-31 09:30').ok).toBe(false);
  });

  it('turns a lookup id into the { id } object the SDK needs', () => {
    expect(checkValue(field('Account_Lookup'), '6051205000999001')).toEqual({ ok: true, value: { id: '6051205000999001' } });
    expect(checkValue(field('Account_Lookup'), { id: '42' })).toEqual({ ok: true, value: { id: '42' } });
    expect(checkValue(field('Account_Lookup'), 'Acme').ok).toBe(false);
  });

  it('accepts booleans only for boolean fields', () => {
    expect(checkValue(field('Email_Opt_Out'), true)).toEqual({ ok: true, value: true });
    expect(checkValue(field('Email_Opt_Out'), 'yes').ok).toBe(false);
  });

  it('treats null, and an empty string outside text fields, as clearing the field', () => {
    expect(checkValue(field('Industry'), null)).toEqual({ ok: true, value: null });
    expect(checkValue(field('Lead_Status'), '')).toEqual({ ok: true, value: null });
    expect(checkValue(field('Industry'), '')).toEqual({ ok: true, value: '' });
  });

  it('enforces text length from metadata and single lines outside text areas', () => {
    expect(checkValue(field('First_Name'), 'x'.repeat(41)).ok).toBe(false);
    expect(checkValue(field('First_Name'), 'Ada\nLovelace').ok).toBe(false);
    const notes: FieldMeta = { apiName: 'Description', dataType: 'textarea', systemMandatory: false, readOnly: false };
    expect(checkValue(notes, 'line 1\nline 2').ok).toBe(true);
  });

  it('checks web addresses and the digit count of whole numbers', () => {
    const site: FieldMeta = { apiName: 'Website', dataType: 'website', systemMandatory: false, readOnly: false, length: 255 };
    expect(checkValue(site, 'https://www.example.com/x').ok).toBe(true);
    expect(checkValue(site, 'not a site').ok).toBe(false);
    const employees: FieldMeta = { ...field('No_of_Employees'), length: 9 };
    expect(checkValue(employees, 999_999_999).ok).toBe(true);
    expect(checkValue(employees, 1_000_000_000).ok).toBe(false);
  });

  it('refuses structured values for field types it does not model', () => {
    const subform: FieldMeta = { apiName: 'Items', dataType: 'subform', systemMandatory: false, readOnly: false };
    expect(checkValue(subform, ['a']).ok).toBe(false);
    expect(checkValue(subform, 'text').ok).toBe(true);
  });
});
