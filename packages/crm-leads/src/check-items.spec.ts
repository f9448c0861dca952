import { describe, expect, it } from '@jest/globals';
import { checkUpdateItems } from './check-items.js';
import { FakeZohoClient, leadId, makeLeads } from './test-support/fake-zoho-client.js';

describe('checkUpdateItems', () => {
  it('returns what a run would reject, reading no record and sending nothing', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const rejected = await checkUpdateItems(client, 'Leads', [
      { id: leadId(0), changes: { Mobile: '+1 555 0100' } },
      { id: leadId(1), changes: { Mobile: '1'.repeat(31) } },
      { id: 'abc', changes: { Mobile: '+1 555 0102' } },
      { id: leadId(0), changes: { Mobile: '+1 555 0999' } },
    ]);
    expect(rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'INVALID_VALUE'],
      [2, 'INVALID_ID'],
      [3, 'DUPLICATE_INPUT'],
    ]);
    expect(client.count('getRecords')).toBe(0);
    expect(client.count('updateRecords')).toBe(0);
  });

  it('returns nothing for valid items, and refuses a bad module before any call', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    expect(await checkUpdateItems(client, 'Leads', [{ id: leadId(0), changes: { Mobile: '+1 555 0100' } }])).toEqual([]);
    await expect(checkUpdateItems(client, 'Leads&x', [])).rejects.toMatchObject({ code: 'INVALID_MODULE' });
  });
});
