import { describe, expect, it } from '@jest/globals';
import { assertApiName, assertZohoId, fromSdkId, isApiName, isZohoId, toBigIntId } from './ids.js';
import { ZohoApiError } from './zoho-api-error.js';

describe('Zoho ids', () => {
  it('accepts digit strings of up to 20 digits within 64 bits', () => {
    expect(isZohoId('6051205000000123456')).toBe(true);
    expect(isZohoId('1')).toBe(true);
    expect(isZohoId('18446744073709551615')).toBe(true);
  });

  it('refuses numbers, leading zeros, signs, spaces, overflow and injection attempts', () => {
    for (const bad of [605120500000, '0123', '-1', ' 1', '1 ', '18446744073709551616', '123456789012345678901', '1,2', '1&fields=x', '', null, undefined, 1n]) {
      expect(isZohoId(bad)).toBe(false);
    }
  });

  it('converts to BigInt without losing digits, and back from what the SDK returns', () => {
    const id = '6051205000000123457';
    expect(toBigIntId('op', id)).toBe(6051205000000123457n);
    expect(fromSdkId(6051205000000123457n)).toBe(id);
    expect(fromSdkId('42')).toBe('42');
    expect(fromSdkId(42)).toBe('42');
    expect(fromSdkId(2 ** 60)).toBeUndefined();
    expect(fromSdkId(null)).toBeUndefined();
  });

  it('throws INVALID_INPUT naming the operation', () => {
    expect(() => assertZohoId('getRecords(Leads)', 'abc')).toThrow(ZohoApiError);
    try {
      assertZohoId('getRecords(Leads)', 'abc');
    } catch (e) {
      expect((e as ZohoApiError).code).toBe('INVALID_INPUT');
      expect((e as ZohoApiError).operation).toBe('getRecords(Leads)');
      expect((e as ZohoApiError).retryable).toBe(false);
    }
  });
});

describe('field API names', () => {
  it('accepts Zoho API names', () => {
    for (const ok of ['Last_Name', 'Lead_Status', 'a', 'Field2', 'Custom_Field__c']) expect(isApiName(ok)).toBe(true);
  });

  it('refuses anything that could inject a query parameter or a path', () => {
    for (const bad of ['Last_Name&per_page=200', 'a=b', 'a+b', 'a#b', '_x', '1abc', 'a b', 'a,b', '../x', 'Leads/1', '', 'a'.repeat(101)]) {
      expect(isApiName(bad)).toBe(false);
      expect(() => assertApiName('op', bad)).toThrow(ZohoApiError);
    }
  });
});
