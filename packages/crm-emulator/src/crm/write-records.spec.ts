import { beforeEach, describe, expect, it } from '@jest/globals';
import type { JsonObject } from '../core/json.js';
import { CrmState } from './crm-state.js';
import type { ModuleDef } from './metadata/field-defs.js';
import { createRecord, successEntry, updateRecord } from './write-records.js';

const NOW = Date.UTC(2026, 5, 1, 6, 30);

function state(options: { strict?: Record<string, string[]>; layoutRequired?: Record<string, string[]> } = {}): CrmState {
  return new CrmState({
    seed: 42,
    leadCount: 0,
    records: {
      Leads: [
        { id: '6051205000000200001', Last_Name: 'Full', Company: 'Full Co', Lead_Status: 'Contacted', Email: 'full@example.com' },
        { id: '6051205000000200002', Last_Name: 'Bare', Company: null, Lead_Status: null },
      ],
    },
    strictLayout: options.strict ?? {},
    layoutRequired: options.layoutRequired ?? { Leads: ['Company'] },
    clock: () => NOW,
  });
}

describe('updateRecord', () => {
  let s: CrmState;
  let leads: ModuleDef;
  beforeEach(() => {
    s = state();
    leads = s.requireModule('Leads');
  });

  it('changes the fields sent, Modified_Time/By, and derived Full_Name', () => {
    const outcome = updateRecord(s, leads, { id: '6051205000000200001', First_Name: 'Ada', Lead_Status: 'Junk Lead' }, 0, NOW);
    expect(outcome.ok).toBe(true);
    const stored = s.store.get('Leads', '6051205000000200001');
    expect(stored).toMatchObject({ First_Name: 'Ada', Lead_Status: 'Junk Lead', Full_Name: 'Ada Full', Company: 'Full Co', Modified_Time: '2026-06-01T12:00:00+05:30' });
    expect(stored?.['Modified_By']).toMatchObject({ name: 'Patricia Boyle' });
    if (outcome.ok) {
      expect(successEntry(outcome.record, false)).toMatchObject({ code: 'SUCCESS', message: 'record updated', details: { id: '6051205000000200001', Modified_Time: '2026-06-01T12:00:00+05:30' } });
    }
  });

  it('ignores read-only fields and $ keys, rejects unknown fields', () => {
    expect(updateRecord(s, leads, { id: '6051205000000200001', Created_Time: '2020-01-01T00:00:00Z', $approved: false }, 0, NOW).ok).toBe(true);
    expect(s.store.get('Leads', '6051205000000200001')?.['Created_Time']).not.toBe('2020-01-01T00:00:00Z');
    const unknown = updateRecord(s, leads, { id: '6051205000000200001', Favourite_Colour: 'teal' }, 3, NOW);
    expect(unknown).toEqual({ ok: false, error: { code: 'INVALID_DATA', details: { api_name: 'Favourite_Colour', json_path: '$.data[3].Favourite_Colour' }, message: 'invalid data', status: 'error' } });
  });

  it('missing, malformed and unknown ids', () => {
    expect(updateRecord(s, leads, { Company: 'x' }, 1, NOW)).toMatchObject({ ok: false, error: { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'id', json_path: '$.data[1].id' } } });
    expect(updateRecord(s, leads, { id: 'abc' }, 0, NOW)).toMatchObject({ ok: false, error: { code: 'INVALID_DATA', details: { api_name: 'id' } } });
    expect(updateRecord(s, leads, { id: '6051205000000999999' }, 0, NOW)).toMatchObject({ ok: false, error: { code: 'INVALID_DATA', message: 'the id given seems to be invalid' } });
    expect(updateRecord(s, leads, 'not an object', 0, NOW)).toMatchObject({ ok: false, error: { details: { expected_data_type: 'jsonobject' } } });
  });

  it('emptying a mandatory field → MANDATORY_NOT_FOUND (system-mandatory and layout-required)', () => {
    expect(updateRecord(s, leads, { id: '6051205000000200001', Last_Name: null }, 0, NOW)).toMatchObject({ ok: false, error: { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name', json_path: '$.data[0].Last_Name' } } });
    expect(updateRecord(s, leads, { id: '6051205000000200001', Company: ' ' }, 0, NOW)).toMatchObject({ ok: false, error: { details: { api_name: 'Company' } } });
    // Not strict: a record that already lacks Company can still be updated.
    expect(updateRecord(s, leads, { id: '6051205000000200002', Email: 'bare@example.com' }, 0, NOW).ok).toBe(true);
  });

  it('a failed update leaves the record untouched', () => {
    const before = structuredClone(s.store.get('Leads', '6051205000000200001'));
    updateRecord(s, leads, { id: '6051205000000200001', Company: 'Changed', Email: 'bad' }, 0, NOW);
    expect(s.store.get('Leads', '6051205000000200001')).toEqual(before);
  });
});

describe('strict layout', () => {
  it('every update must carry the strict fields; the first missing one is named', () => {
    const s = state({ strict: { Leads: ['Last_Name', 'Company', 'Lead_Status'] } });
    const leads = s.requireModule('Leads');
    const partial: JsonObject = { id: '6051205000000200001', Last_Name: 'Full', Email: 'x@example.com' };
    expect(updateRecord(s, leads, partial, 2, NOW)).toMatchObject({ ok: false, error: { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Company', json_path: '$.data[2].Company' } } });
    const complete = { ...partial, Company: 'Full Co', Lead_Status: 'Contacted' };
    expect(updateRecord(s, leads, complete, 0, NOW).ok).toBe(true);
  });

  it('a layout-required field that is empty on the record fails until supplied (even outside the list)', () => {
    const s = state({ strict: { Leads: ['Last_Name'] }, layoutRequired: { Leads: ['Company', 'Email'] } });
    const leads = s.requireModule('Leads');
    expect(updateRecord(s, leads, { id: '6051205000000200002', Last_Name: 'Bare' }, 0, NOW)).toMatchObject({ ok: false, error: { details: { api_name: 'Company' } } });
    expect(updateRecord(s, leads, { id: '6051205000000200002', Last_Name: 'Bare', Company: 'Now Co' }, 0, NOW)).toMatchObject({ ok: false, error: { details: { api_name: 'Email' } } });
    expect(updateRecord(s, leads, { id: '6051205000000200002', Last_Name: 'Bare', Company: 'Now Co', Email: 'b@example.com' }, 0, NOW).ok).toBe(true);
    // The full record already has Company and Email: only the strict list applies.
    expect(updateRecord(s, leads, { id: '6051205000000200001', Last_Name: 'Full' }, 0, NOW).ok).toBe(true);
  });

  it('can be switched per module at run time', () => {
    const s = state();
    const leads = s.requireModule('Leads');
    s.setStrictLayout('Leads', true);
    expect(s.strictFields(leads)).toEqual(['Last_Name', 'Company', 'Lead_Status']);
    expect(updateRecord(s, leads, { id: '6051205000000200001', Email: 'y@example.com' }, 0, NOW).ok).toBe(false);
    s.setStrictLayout('Leads', false);
    expect(updateRecord(s, leads, { id: '6051205000000200001', Email: 'y@example.com' }, 0, NOW).ok).toBe(true);
    expect(() => s.setStrictLayout('Leads', ['Nope'])).toThrow(/no field Nope/);
    expect(() => s.setStrictLayout('Deals', true)).toThrow(/unknown module/);
  });
});

describe('createRecord', () => {
  it('assigns a new id, owner and times; requires mandatory and layout-required fields', () => {
    const s = state({ layoutRequired: { Leads: ['Company', 'Lead_Status'] } });
    const leads = s.requireModule('Leads');
    expect(createRecord(s, leads, { Company: 'X' }, 0, NOW)).toMatchObject({ ok: false, error: { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Last_Name' } } });
    expect(createRecord(s, leads, { Last_Name: 'Y', Company: 'X' }, 1, NOW)).toMatchObject({ ok: false, error: { details: { api_name: 'Lead_Status', json_path: '$.data[1].Lead_Status' } } });
    const ok = createRecord(s, leads, { Last_Name: 'Y', First_Name: 'Z', Company: 'X', Lead_Status: 'Contacted' }, 0, NOW);
    if (!ok.ok) throw new Error(JSON.stringify(ok.error));
    expect(ok.record.id).toMatch(/^\d{19}$/);
    expect(ok.record).toMatchObject({ Full_Name: 'Z Y', Created_Time: '2026-06-01T12:00:00+05:30', Owner: { id: '6051205000000010001' } });
    expect(s.store.get('Leads', ok.record.id)).toEqual(ok.record);
  });
});
