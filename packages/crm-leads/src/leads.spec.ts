import { describe, expect, it } from '@jest/globals';
import { updateLead, updateLeads } from './leads.js';
import { DEFAULT_REQUIRED_FIELDS } from './options.js';
import { FakeZohoClient, leadId, makeLeads } from './test-support/fake-zoho-client.js';

describe('updateLead', () => {
  it("does the seed's job with the seed's list given: new Mobile, the seed's fields re-included, seed triggers (prefetch)", async () => {
    const client = new FakeZohoClient({ records: makeLeads(1), strictFields: ['Last_Name', 'Company', 'Lead_Status'] });
    const outcome = await updateLead(client, leadId(0), { Mobile: '+1 555 0199' }, { strategy: 'prefetch', requiredFields: DEFAULT_REQUIRED_FIELDS['Leads'] });
    expect(outcome).toMatchObject({ state: 'updated', id: leadId(0), attempts: 1 });
    expect(outcome.reincluded.map((f) => `${f.field}:${f.source}`)).toEqual(['Last_Name:configured', 'Company:configured', 'Lead_Status:configured']);
    const put = client.calls.find((c) => c.method === 'updateRecords');
    expect(put?.module).toBe('Leads');
    expect(put?.trigger).toEqual(['workflow', 'blueprint']);
    expect(client.records.get(leadId(0))).toMatchObject({ Mobile: '+1 555 0199', Company: 'Company 0', Lead_Status: 'Not Contacted' });
  });

  it("with the defaults succeeds after one refusal in an org that enforces the record's layout", async () => {
    const seedList = ['Last_Name', 'Company', 'Lead_Status'];
    const client = new FakeZohoClient({ records: makeLeads(1), strictFields: seedList, layouts: [{ id: '1', name: 'Standard', requiredFields: seedList }] });
    const outcome = await updateLead(client, leadId(0), { Mobile: '+1 555 0199' });
    expect(outcome).toMatchObject({ state: 'updated', attempts: 2 });
    expect(client.count('updateRecords')).toBe(2);
    expect(client.count('getRecords')).toBe(1);
    expect(outcome.reincluded.map((f) => `${f.field}:${f.source}`)).toEqual(['Last_Name:learned', 'Company:layout', 'Lead_Status:layout']);
  });

  it('returns a rejection for a bad value without calling Zoho', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    const outcome = await updateLead(client, leadId(0), { Mobile: '1'.repeat(40) });
    expect(outcome).toMatchObject({ state: 'rejected', code: 'INVALID_VALUE', field: 'Mobile' });
    expect(client.count('updateRecords')).toBe(0);
  });
});

describe('updateLeads', () => {
  it('updates the Leads module', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    const summary = await updateLeads(client, [{ id: leadId(1), changes: { First_Name: 'Ada' } }]);
    expect(summary.module).toBe('Leads');
    expect(summary.counts.updated).toBe(1);
    expect(client.records.get(leadId(1))?.['First_Name']).toBe('Ada');
  });
});
