import { describe, expect, it } from '@jest/globals';
import type { FieldMeta } from './core-types.js';
import { resolveRequiredFields } from './required-fields.js';
import { LEAD_FIELDS } from './test-support/fake-zoho-client.js';

const fields = new Map<string, FieldMeta>(LEAD_FIELDS.map((f) => [f.apiName, f]));

describe('resolveRequiredFields', () => {
  it('unites metadata, every layout, configured and learned fields, naming learned first', () => {
    const meta = {
      fields,
      layouts: [
        { id: '1', name: 'Standard', requiredFields: ['Last_Name', 'Company'] },
        { id: '2', name: 'Partner', requiredFields: ['Email'] },
      ],
    };
    const required = resolveRequiredFields(meta, ['Company', 'Lead_Status'], new Set(['Lead_Status', 'Phone']));
    expect([...required.values()]).toEqual([
      { field: 'Last_Name', source: 'metadata', sources: ['metadata', 'layout'] },
      { field: 'Company', source: 'layout', sources: ['layout', 'configured'] },
      { field: 'Email', source: 'layout', sources: ['layout'] },
      { field: 'Lead_Status', source: 'learned', sources: ['learned', 'configured'] },
      { field: 'Phone', source: 'learned', sources: ['learned'] },
    ]);
  });

  it('leaves out read-only and unknown fields', () => {
    const meta = { fields, layouts: [{ id: '1', name: 'S', requiredFields: ['Modified_Time', 'Ghost'] }] };
    const required = resolveRequiredFields(meta, ['Created_Time'], new Set());
    expect([...required.keys()]).toEqual(['Last_Name']);
  });
});
