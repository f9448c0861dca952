import { describe, expect, it } from '@jest/globals';
import { fieldTypes } from './criteria-compare.js';
import { escapeCriteriaValue, where } from './criteria.js';
import type { FieldMeta, RecordData } from './types.js';
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

  describe('ordered comparisons without field types (guessed from the values)', () => {
    it('compares 19-digit ids exactly, not as doubles', () => {
      // Both round to the same double (6051205000000123456): as numbers neither is greater.
      const record = { id: '6051205000000123457' };
      expect(where('id', 'greater_than', '6051205000000123456').matches(record)).toBe(true);
      expect(where('id', 'less_than', '6051205000000123458').matches(record)).toBe(true);
      expect(where('id', 'equals', '6051205000000123456').matches(record)).toBe(false);
      expect(where('id', 'between', ['6051205000000123457', '6051205000000123457']).matches(record)).toBe(true);
      // Ids inside lookups and in any field, by digits on both sides.
      expect(where('Owner', 'greater_than', '6051205000000123456').matches({ id: '1', Owner: { id: '6051205000000123457', name: 'Ann' } })).toBe(true);
      expect(where('Ref', 'less_equal', '6051205000000123456').matches({ id: '1', Ref: '6051205000000123457' })).toBe(false);
    });

    it('compares text as text, not as a date Date.parse would read into it', () => {
      // Date.parse reads 'Company 2' as 1 February 2001 and 'Company 10' as 1 October 2001.
      expect(where('Company', 'greater_than', 'Company 10').matches({ id: '1', Company: 'Company 2' })).toBe(true);
      expect(where('Company', 'less_than', 'Company 10').matches({ id: '1', Company: 'Company 2' })).toBe(false);
    });

    it('compares text without regard to case, consistent with equals', () => {
      const record = { id: '1', Company: 'ACME' };
      expect(where('Company', 'equals', 'acme').matches(record)).toBe(true);
      expect(where('Company', 'greater_equal', 'acme').matches(record)).toBe(true);
      expect(where('Company', 'less_equal', 'acme').matches(record)).toBe(true);
      expect(where('Company', 'greater_than', 'acme').matches(record)).toBe(false);
      expect(where('Company', 'between', ['acme', 'acme']).matches(record)).toBe(true);
      // Lower-cased, then by code unit: 'B' reads as 'b', after 'a'.
      expect(where('Company', 'greater_than', 'a').matches({ id: '1', Company: 'B' })).toBe(true);
    });

    it('compares numbers as numbers only when both sides are numbers', () => {
      expect(where('Annual_Revenue', 'greater_than', 10).matches({ id: '1', Annual_Revenue: 9 })).toBe(false);
      expect(where('Annual_Revenue', 'less_than', '10').matches({ id: '1', Annual_Revenue: 9.5 })).toBe(true);
      expect(where('Annual_Revenue', 'greater_than', '1e3').matches({ id: '1', Annual_Revenue: 999 })).toBe(false);
      // One side not a number: text ('9 units' > '10').
      expect(where('Annual_Revenue', 'greater_than', '10').matches({ id: '1', Annual_Revenue: '9 units' })).toBe(true);
    });

    it('compares ISO dates and datetimes as instants only when both sides are ISO', () => {
      expect(where('Closing_Date', 'greater_than', '2025-12-31').matches({ id: '1', Closing_Date: '2026-01-02' })).toBe(true);
      // 10:00+05:30 is 04:30Z: before 05:00Z, though its text sorts after.
      expect(where('Modified_Time', 'less_than', '2026-01-01T05:00:00Z').matches({ id: '1', Modified_Time: '2026-01-01T10:00:00+05:30' })).toBe(true);
      expect(where('Modified_Time', 'equals', '2026-01-01T04:30:00Z').matches({ id: '1', Modified_Time: '2026-01-01T10:00:00+05:30' })).toBe(true);
      // A date alone is midnight UTC; so is a time without an offset, whatever the machine's zone.
      expect(where('Modified_Time', 'greater_equal', '2026-01-01').matches({ id: '1', Modified_Time: '2026-01-01T00:00:00' })).toBe(true);
      expect(where('Modified_Time', 'less_than', '2026-01-01T00:00:01Z').matches({ id: '1', Modified_Time: '2026-01-01T00:00:00' })).toBe(true);
    });
  });

  describe('ordered comparisons with field types', () => {
    const types = new Map([
      ['Code', 'text'],
      ['Modified_Time', 'datetime'],
      ['Big', 'bigint'],
      ['Amount', 'currency'],
    ]);

    it('reads text fields as text, even when the values look like numbers or dates', () => {
      expect(where('Code', 'greater_than', '10').matches({ id: '1', Code: '9' }, types)).toBe(true);
      expect(where('Code', 'greater_than', '10').matches({ id: '1', Code: '9' })).toBe(false);
      expect(where('Code', 'greater_than', '2026-01-01T05:00:00Z').matches({ id: '1', Code: '2026-01-01T10:00:00+05:30' }, types)).toBe(true);
      expect(where('Code', 'equals', '7').matches({ id: '1', Code: '007' }, types)).toBe(false);
    });

    it('reads date/datetime fields as instants, number fields as numbers, bigint exactly', () => {
      expect(where('Modified_Time', 'less_than', '2026-01-01T05:00:00Z').matches({ id: '1', Modified_Time: '2026-01-01T10:00:00+05:30' }, types)).toBe(true);
      expect(where('Amount', 'equals', '1000.00').matches({ id: '1', Amount: 1000 }, types)).toBe(true);
      expect(where('Amount', 'less_than', '1e3').matches({ id: '1', Amount: 999.99 }, types)).toBe(true);
      expect(where('Big', 'greater_than', '9007199254740992').matches({ id: '1', Big: '9007199254740993' }, types)).toBe(true);
    });

    it('falls back to text when a value does not fit the type', () => {
      expect(where('Modified_Time', 'greater_than', 'yesterday').matches({ id: '1', Modified_Time: '2026-01-01T10:00:00+05:30' }, types)).toBe(false);
      expect(where('Amount', 'equals', 'n/a').matches({ id: '1', Amount: 'N/A' }, types)).toBe(true);
    });

    it('takes getFields output through fieldTypes(), and refuses anything but a map', () => {
      const fields: FieldMeta[] = [{ apiName: 'Code', dataType: 'text', systemMandatory: false, readOnly: false }];
      expect(fieldTypes(fields)).toEqual(new Map([['Code', 'text']]));
      expect(where('Code', 'greater_than', '10').matches({ id: '1', Code: '9' }, fieldTypes(fields))).toBe(true);
      expect(() => where('Code', 'equals', 'x').matches({ id: '1' }, { Code: 'text' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/types must be a Map/) }));
    });
  });

  describe('is_empty / is_not_empty', () => {
    it('see null, a missing field, empty text and an empty list as empty', () => {
      const empty = where('Company', 'is_empty');
      const filled = where('Company', 'is_not_empty');
      for (const value of [null, undefined, '', []]) {
        const record: RecordData = value === undefined ? { id: '1' } : { id: '1', Company: value };
        expect([empty.matches(record), filled.matches(record)]).toEqual([true, false]);
      }
      for (const value of ['x', ' ', 0, false, ['a'], { id: '2', name: 'Acme' }, 'null']) {
        const record = { id: '1', Company: value };
        expect([empty.matches(record), filled.matches(record)]).toEqual([false, true]);
      }
    });

    it('take no value and render readably', () => {
      expect(where('Company', 'is_empty').toString()).toBe('(Company:is_empty)');
      expect(where('Company', 'is_not_empty').and(where('Email', 'is_empty')).fields).toEqual(['Company', 'Email']);
      expect(where('Company', 'is_empty').conditions).toEqual([{ field: 'Company', operator: 'is_empty', values: [] }]);
      expect(() => (where as (f: string, o: string, v: unknown) => unknown)('Company', 'is_empty', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/is_empty on Company takes no value/) }));
    });

    it("keep 'null' as the text null, never an empty field", () => {
      const c = where('Company', 'equals', 'null');
      expect(c.toString()).toBe('(Company:equals:null)');
      expect(c.matches({ id: '1', Company: null })).toBe(false);
      expect(c.matches({ id: '1', Company: 'null' })).toBe(true);
    });
  });
});
