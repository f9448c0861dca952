import { describe, expect, it } from '@jest/globals';
import type { FieldMeta } from './core-types.js';
import { candidateFields, demandedFields, demandedInRun, layoutOf } from './required-fields.js';
import { LEAD_FIELDS } from './test-support/fake-zoho-client.js';

const fields = new Map<string, FieldMeta>(LEAD_FIELDS.map((f) => [f.apiName, f]));
const standard = { id: '1', name: 'Standard', requiredFields: ['Last_Name', 'Company'] };
const partner = { id: '2', name: 'Partner', requiredFields: ['Email'] };
const meta = { fields, layouts: [standard, partner] };

describe('demandedFields', () => {
  it('demands nothing unchanged when nothing was learned or configured (system-mandatory fields included)', () => {
    expect([...demandedFields({ meta, configured: [], learned: new Set(), remembered: new Set<string>(), layoutRulesEnforced: false }, standard).keys()]).toEqual([]);
  });

  it("sends the record's own layout's required fields once Zoho named one of them, naming learned first", () => {
    const rules = { meta, configured: ['Lead_Status'], learned: new Set(['Company']), remembered: new Set<string>(), layoutRulesEnforced: false };
    expect([...demandedFields(rules, standard).values()]).toEqual([
      { field: 'Last_Name', source: 'layout', sources: ['layout'] },
      { field: 'Company', source: 'learned', sources: ['learned', 'layout'] },
      { field: 'Lead_Status', source: 'configured', sources: ['configured'] },
    ]);
    // Another layout's rule is not this record's.
    expect([...demandedFields(rules, partner).keys()]).toEqual(['Lead_Status', 'Company']);
    expect([...demandedInRun(rules).keys()].sort()).toEqual(['Company', 'Last_Name', 'Lead_Status']);
  });

  it('layoutRulesEnforced sends every required field of the layout up front; read-only and unknown fields never', () => {
    const odd = { id: '3', name: 'Odd', requiredFields: ['Modified_Time', 'Ghost', 'Email'] };
    const rules = { meta: { fields, layouts: [odd] }, configured: ['Created_Time'], learned: new Set<string>(), remembered: new Set<string>(), layoutRulesEnforced: true };
    expect([...demandedFields(rules, odd).keys()]).toEqual(['Email']);
  });
});

describe('layoutOf and candidateFields', () => {
  it("finds the record's layout from its Layout value, or the module's only one", () => {
    expect(layoutOf(meta, new Map([['Layout', { id: '2', name: 'Partner' }]]))).toBe(partner);
    expect(layoutOf(meta, undefined)).toBeUndefined();
    expect(layoutOf({ fields, layouts: [standard] }, undefined)).toBe(standard);
  });

  it('reads ahead the given list and every layout-required field', () => {
    expect(candidateFields({ meta, configured: [], learned: new Set(['Phone']), remembered: new Set<string>(), layoutRulesEnforced: false }, ['Lead_Status'])).toEqual(['Lead_Status', 'Last_Name', 'Company', 'Email', 'Phone']);
  });
});
