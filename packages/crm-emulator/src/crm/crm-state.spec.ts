import { describe, expect, it } from '@jest/globals';
import { CrmState } from './crm-state.js';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('CrmState', () => {
  it('seeds given records: fills ids, owner, times, names lookups and derives Full_Name', () => {
    const s = new CrmState({
      seed: 1,
      leadCount: 5,
      records: {
        Accounts: [{ id: '6051205000000300001', Account_Name: 'Seeded Inc' }],
        Leads: [{ Last_Name: 'Ng', First_Name: 'Ann', Account_Lookup: '6051205000000300001' }, { id: '6051205000000300009', Last_Name: 'Ot', Account_Lookup: { id: '6051205000000399999' } }],
      },
      strictLayout: {},
      layoutRequired: {},
      clock: () => NOW,
    });
    const [first, second] = s.store.list('Leads');
    expect(first).toMatchObject({ Full_Name: 'Ann Ng', Account_Lookup: { name: 'Seeded Inc', id: '6051205000000300001' }, Created_Time: '2026-01-02T08:34:05+05:30', Owner: { name: 'Patricia Boyle' } });
    expect(first?.id).toMatch(/^\d{19}$/);
    expect(second?.id).toBe('6051205000000300009');
    // A lookup to nothing is dropped on load rather than left dangling.
    expect(second?.['Account_Lookup']).toBeNull();
    expect(s.store.count('Accounts')).toBe(1);
    // Modules not given keep their generated data.
    expect(s.store.count('Contacts')).toBe(60);
  });

  it('reset() regenerates records and restores the configured layout rules', () => {
    const s = new CrmState({ seed: 3, leadCount: 10, records: undefined, strictLayout: { Leads: ['Company'] }, layoutRequired: { Leads: ['Company'] }, clock: () => NOW });
    const original = s.store.list('Leads');
    s.seedRecords('Leads', [{ Last_Name: 'Extra' }], false);
    s.setStrictLayout('Leads', false);
    s.setLayoutRequired('Leads', ['Email']);
    expect(s.store.count('Leads')).toBe(11);
    s.reset();
    expect(s.store.list('Leads')).toEqual(original);
    expect(s.config()).toEqual({ strictLayout: { Leads: ['Company'] }, layoutRequired: { Leads: ['Company'] }, uniqueFields: {} });
  });

  it('modules are found case-insensitively; layouts show required flags', () => {
    const s = new CrmState({ seed: 3, leadCount: 1, records: undefined, strictLayout: {}, layoutRequired: { Leads: ['Company', 'Email'] }, clock: () => NOW });
    expect(s.module('leads')?.apiName).toBe('Leads');
    expect(s.module('Deals')).toBeUndefined();
    expect(s.requiredFields(s.requireModule('Leads'))).toEqual(['Company', 'Last_Name', 'Email']);
    const [layout] = s.layoutsJson(s.requireModule('Leads'));
    const fields = (layout?.['sections'] as Array<{ fields: Array<{ api_name: string; required: boolean }> }>).flatMap((sec) => sec.fields);
    expect(fields.filter((f) => f.required).map((f) => f.api_name)).toEqual(['Company', 'Last_Name', 'Email']);
    expect(() => s.setLayoutRequired('Leads', ['Shoe_Size'])).toThrow(/no field Shoe_Size/);
  });
});
