import { describe, expect, it } from '@jest/globals';
import { clearMetadataCache, loadModuleMetadata } from './metadata-cache.js';
import { safeUpdateRecords } from './safe-update.js';
import { FakeApiError, FakeZohoClient, leadId, makeLeads } from './test-support/fake-zoho-client.js';

describe('loadModuleMetadata', () => {
  it("asks crm-core's one cache for fields and layouts with the same age", async () => {
    const client = new FakeZohoClient();
    const meta = await loadModuleMetadata(client, 'Leads', 60_000);
    expect(meta.fields.get('Mobile')?.dataType).toBe('phone');
    expect(client.count('getFields')).toBe(1);
    expect(client.count('getLayouts')).toBe(1);
    expect(client.maxAges).toEqual([60_000, 60_000]);
  });

  it('metadataTtlMs: 0 asks for fresh fields and layouts on every run', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    for (let i = 0; i < 3; i++) await safeUpdateRecords(client, 'Leads', [{ id: leadId(0), changes: { Mobile: `${i}` } }], { metadataTtlMs: 0 });
    expect(client.maxAges).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('clearMetadataCache clears the client’s cache', () => {
    const client = new FakeZohoClient();
    clearMetadataCache(client, 'Leads');
    expect(client.calls).toEqual([{ method: 'clearMetadataCache', module: 'Leads' }]);
  });

  it('a failed read rejects', async () => {
    const client = new FakeZohoClient();
    client.faults.push({ method: 'getFields', error: new FakeApiError('NETWORK_ERROR') });
    await expect(loadModuleMetadata(client, 'Leads', 60_000)).rejects.toThrow('NETWORK_ERROR');
  });
});
