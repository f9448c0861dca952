import { describe, expect, it } from '@jest/globals';
import { LEAD_FIELDS } from './test-support/fake-zoho-client.js';
import { validateChanges } from './validate-changes.js';

const fields = new Map(LEAD_FIELDS.map((f) => [f.apiName, f]));

describe('validateChanges', () => {
  it('returns the changes in plain-value form', () => {
    const check = validateChanges(fields, { Mobile: '+1 555', Lead_Source: 'Cold Call', Account_Lookup: '77' });
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(Object.fromEntries(check.changes)).toEqual({ Mobile: '+1 555', Lead_Source: 'Cold_Call', Account_Lookup: { id: '77' } });
    }
  });

  it('names an unknown field and suggests close names', () => {
    const check = validateChanges(fields, { mobile: '+1 555' });
    expect(check).toEqual({
      ok: false,
      problems: [{ field: 'mobile', code: 'UNKNOWN_FIELD', message: expect.stringContaining('did you mean Mobile'), suggestions: ['Mobile'] }],
    });
  });

  it('refuses read-only fields, id and names that are not api names', () => {
    const check = validateChanges(fields, { Modified_Time: '2026-01-01T00:00:00+00:00', 'Mobile&x=1': '1', id: '1' });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.problems.map((p) => [p.field, p.code])).toEqual([
        ['Modified_Time', 'READ_ONLY_FIELD'],
        ['Mobile&x=1', 'INVALID_FIELD_NAME'],
        ['id', 'UNKNOWN_FIELD'],
      ]);
    }
  });

  it('refuses clearing a system-mandatory field', () => {
    const check = validateChanges(fields, { Last_Name: null });
    expect(check).toMatchObject({ ok: false, problems: [{ field: 'Last_Name', code: 'REQUIRED_FIELD_CLEARED' }] });
  });

  it('reports every problem of a record, not only the first', () => {
    const check = validateChanges(fields, { Mobile: '1'.repeat(31), Email: 'nope', Mobile2: 'x' });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.map((p) => p.code)).toEqual(['INVALID_VALUE', 'INVALID_VALUE', 'UNKNOWN_FIELD']);
  });
});
