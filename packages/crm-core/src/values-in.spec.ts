import { describe, expect, it } from '@jest/globals';
import type { FieldMeta } from './types.js';
import { fillSdkRecord, toSdkValue, type SdkValueFactory } from './values-in.js';
import { ZohoApiError } from './zoho-api-error.js';

// Stand-ins for the SDK's Choice / Record / MinifiedUser: the rules, not the SDK, are under test.
const make: SdkValueFactory = {
  choice: (value) => ({ kind: 'choice', value }),
  lookup: (id) => ({ kind: 'record', id }),
  user: (id) => ({ kind: 'user', id }),
};

const field = (apiName: string, dataType: string): FieldMeta => ({ apiName, dataType, systemMandatory: false, readOnly: false });
const convert = (type: string | undefined, value: Parameters<typeof toSdkValue>[2]) => toSdkValue('op', 'F', value, type ? field('F', type) : undefined, make);

describe('plain values → SDK values', () => {
  it('picklists become Choices (the SDK would print "[object Object]" or throw otherwise)', () => {
    expect(convert('picklist', 'Contacted')).toEqual({ kind: 'choice', value: 'Contacted' });
    expect(convert('multiselectpicklist', ['a', 'b'])).toEqual([
      { kind: 'choice', value: 'a' },
      { kind: 'choice', value: 'b' },
    ]);
  });

  it('lookups become SDK Records and owners SDK users, both with BigInt ids', () => {
    expect(convert('lookup', { id: '6051205000000999999' })).toEqual({ kind: 'record', id: 6051205000000999999n });
    expect(convert('ownerlookup', { id: '111' })).toEqual({ kind: 'user', id: 111n });
  });

  it('an { id } for a field the metadata does not know becomes an SDK Record, not null', () => {
    expect(convert(undefined, { id: '42' })).toEqual({ kind: 'record', id: 42n });
  });

  it("dates become UTC-midnight Dates whose ISO date is the same day", () => {
    const date = convert('date', '1990-05-01') as Date;
    expect(date).toBeInstanceOf(Date);
    expect(date.toISOString()).toBe('1990-05-01T00:00:00.000Z');
    expect(() => convert('date', '1990-02-30')).toThrow(ZohoApiError);
    expect(() => convert('date', '01/05/1990')).toThrow(ZohoApiError);
  });

  it('datetimes need an ISO 8601 text with offset', () => {
    expect((convert('datetime', '2024-01-02T03:04:05+05:30') as Date).toISOString()).toBe('2024-01-01T21:34:05.000Z');
    expect(() => convert('datetime', '2024-01-02 03:04')).toThrow(ZohoApiError);
  });

  it('numbers, integers, longs, booleans and text are checked', () => {
    expect(convert('currency', 12.5)).toBe(12.5);
    expect(() => convert('currency', '12.5')).toThrow(ZohoApiError);
    expect(convert('integer', 3)).toBe(3);
    expect(() => convert('integer', 3.5)).toThrow(ZohoApiError);
    expect(convert('bigint', '9007199254740993')).toBe(9007199254740993n);
    expect(convert('boolean', true)).toBe(true);
    expect(() => convert('boolean', 'true')).toThrow(ZohoApiError);
    expect(convert('text', 42)).toBe('42');
    expect(convert('phone', '+1 555')).toBe('+1 555');
  });

  it('null clears any field; computed fields are refused instead of silently dropped', () => {
    expect(convert('picklist', null)).toBeNull();
    expect(() => convert('formula', 'x')).toThrow(/computed/);
  });

  it('refuses a value of the wrong shape, naming the field', () => {
    expect(() => convert('picklist', { id: '1' })).toThrow(/field F expects/);
    expect(() => convert('lookup', 'not-an-object')).toThrow(ZohoApiError);
    expect(() => convert('lookup', { id: 'abc' })).toThrow(/F\.id must be a Zoho id/);
  });
});

describe('fillSdkRecord', () => {
  it('sets the BigInt id and every converted field, checking names', () => {
    const calls: [string, unknown][] = [];
    let id: bigint | undefined;
    const record = { setId: (v: bigint) => (id = v), addKeyValue: (k: string, v: unknown) => calls.push([k, v]) };
    const fields = new Map([['Lead_Status', field('Lead_Status', 'picklist')]]);
    fillSdkRecord('op', { id: '6051205000000123456', Lead_Status: 'Contacted', Company: 'Acme' }, fields, make, record);
    expect(id).toBe(6051205000000123456n);
    expect(calls).toEqual([
      ['Lead_Status', { kind: 'choice', value: 'Contacted' }],
      ['Company', 'Acme'],
    ]);
    expect(() => fillSdkRecord('op', { id: '1', 'Company&x=1': 'a' }, fields, make, record)).toThrow(ZohoApiError);
    expect(() => fillSdkRecord('op', { id: 'x' }, fields, make, record)).toThrow(ZohoApiError);
  });
});
