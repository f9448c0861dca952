import { describe, expect, it } from '@jest/globals';
import type { JsonValue } from '../core/json.js';
import type { FieldDef } from './metadata/field-defs.js';
import { LEADS } from './metadata/field-defs.js';
import { checkFieldValue, isEmptyValue, type ValueContext } from './value-validation.js';

const ctx: ValueContext = {
  lookupName: (module, id) => (module === 'Accounts' && id === '6051205000000100005' ? 'Acme Inc' : undefined),
  userRef: (id) => (id === '6051205000000010001' ? { name: 'Patricia Boyle', id, email: 'patricia.boyle@zylker.com' } : undefined),
};

function field(name: string): FieldDef {
  const f = LEADS.fields.find((x) => x.apiName === name);
  if (!f) throw new Error(name);
  return f;
}

function check(name: string, value: JsonValue): ReturnType<typeof checkFieldValue> {
  return checkFieldValue(field(name), value, `$.data[0].${name}`, ctx);
}

function errorOf(name: string, value: JsonValue): unknown {
  const result = check(name, value);
  if (result.ok) throw new Error(`${name}=${JSON.stringify(value)} was accepted`);
  return result.error;
}

describe('checkFieldValue', () => {
  it('accepts well-typed values (and null, which clears)', () => {
    expect(check('Last_Name', 'Smith')).toEqual({ ok: true, value: 'Smith' });
    expect(check('Email', 'a.b+c@example.co.uk')).toEqual({ ok: true, value: 'a.b+c@example.co.uk' });
    expect(check('Phone', '+1 (555) 010-2030')).toEqual({ ok: true, value: '+1 (555) 010-2030' });
    expect(check('Website', 'https://www.example.com/x')).toEqual({ ok: true, value: 'https://www.example.com/x' });
    expect(check('Lead_Status', 'Contacted')).toEqual({ ok: true, value: 'Contacted' });
    expect(check('No_of_Employees', 12)).toEqual({ ok: true, value: 12 });
    expect(check('Email_Opt_Out', true)).toEqual({ ok: true, value: true });
    expect(check('Date_of_Birth', '1990-04-12')).toEqual({ ok: true, value: '1990-04-12' });
    expect(check('Company', null)).toEqual({ ok: true, value: null });
  });

  it('normalises: -None- picklist → null, numeric strings → numbers, currency rounded, lookups named', () => {
    expect(check('Lead_Status', '-None-')).toEqual({ ok: true, value: null });
    expect(check('Annual_Revenue', '1500.456')).toEqual({ ok: true, value: 1500.46 });
    expect(check('No_of_Employees', '42')).toEqual({ ok: true, value: 42 });
    expect(check('Account_Lookup', { id: '6051205000000100005' })).toEqual({ ok: true, value: { name: 'Acme Inc', id: '6051205000000100005' } });
    expect(check('Account_Lookup', '6051205000000100005')).toEqual({ ok: true, value: { name: 'Acme Inc', id: '6051205000000100005' } });
    expect(check('Owner', { id: '6051205000000010001' })).toEqual({
      ok: true,
      value: { name: 'Patricia Boyle', id: '6051205000000010001', email: 'patricia.boyle@zylker.com' },
    });
  });

  it('INVALID_DATA with api_name, json_path and expected_data_type for wrong types', () => {
    expect(errorOf('Phone', '+1 555 0100 0100 0100 0100 0100 01')).toEqual({
      code: 'INVALID_DATA',
      details: { api_name: 'Phone', json_path: '$.data[0].Phone', expected_data_type: 'phone', maximum_length: '30' },
      message: 'invalid data',
      status: 'error',
    });
    expect(errorOf('Email', 'not an email')).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Email', expected_data_type: 'email' } });
    expect(errorOf('Lead_Status', 'Sleeping')).toMatchObject({ details: { api_name: 'Lead_Status', expected_data_type: 'picklist' } });
    expect(errorOf('Annual_Revenue', 'a lot')).toMatchObject({ details: { expected_data_type: 'currency' } });
    expect(errorOf('No_of_Employees', 1.5)).toMatchObject({ details: { expected_data_type: 'integer' } });
    expect(errorOf('Last_Name', 42)).toMatchObject({ details: { expected_data_type: 'text' } });
    expect(errorOf('Email_Opt_Out', 'yes')).toMatchObject({ details: { expected_data_type: 'boolean' } });
    expect(errorOf('Date_of_Birth', '12/04/1990')).toMatchObject({ details: { expected_data_type: 'date' } });
    expect(errorOf('Website', 'not a site')).toMatchObject({ details: { expected_data_type: 'website' } });
    expect(errorOf('Company', 'x'.repeat(201))).toMatchObject({ details: { maximum_length: '200' } });
    expect(errorOf('First_Name', 'two\nlines')).toMatchObject({ details: { api_name: 'First_Name' } });
  });

  it('lookups and owners must point at something that exists', () => {
    expect(errorOf('Account_Lookup', { id: '6051205000000999999' })).toMatchObject({ message: 'the id given seems to be invalid', details: { api_name: 'Account_Lookup' } });
    expect(errorOf('Account_Lookup', { name: 'no id' })).toMatchObject({ details: { expected_data_type: 'lookup' } });
    expect(errorOf('Owner', { id: '6051205000000999999' })).toMatchObject({ details: { api_name: 'Owner', expected_data_type: 'ownerlookup' } });
  });

  it('isEmptyValue: null, blank text and -None- are empty; false and 0 are not', () => {
    expect([null, undefined, '', '  ', '-None-'].every(isEmptyValue)).toBe(true);
    expect([0, false, 'x'].some(isEmptyValue)).toBe(false);
  });
});
