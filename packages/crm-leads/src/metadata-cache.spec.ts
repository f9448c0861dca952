import { describe, expect, it } from '@jest/globals';
import { clearMetadataCache, loadModuleMetadata } from './metadata-cache.js';
import { FakeApiError, FakeZohoClient } from './test-support/fake-zoho-client.js';

describe('loadModuleMetadata', () => {
  it('reads fields and layouts once per TTL, shared by concurrent callers', async () => {
    const client = new FakeZohoClient();
    let now = 1_000;
    const clock = () => now;
    const [a, b] = await Promise.all([loadModuleMetadata(client, 'Leads', 60_000, clock), loadModuleMetadata(client, 'Leads', 60_000, clock)]);
    expect(a).toBe(b);
    expect(a.fields.get('Mobile')?.dataType).toBe('phone');
    expect(client.count('getFields')).toBe(1);
    expect(client.count('getLayouts')).toBe(1);

    now += 59_999;
    await loadModuleMetadata(client, 'Leads', 60_000, clock);
    expect(client.count('getFields')).toBe(1);

    now += 1;
    await loadModuleMetadata(client, 'Leads', 60_000, clock);
    expect(client.count('getFields')).toBe(2);
  });

  it('keeps modules and clients apart, and can be cleared', async () => {
    const one = new FakeZohoClient();
    const two = new FakeZohoClient();
    await loadModuleMetadata(one, 'Leads', 60_000);
    await loadModuleMetadata(one, 'Contacts', 60_000);
    await loadModuleMetadata(two, 'Leads', 60_000);
    expect(one.count('getFields')).toBe(2);
    expect(two.count('getFields')).toBe(1);
    clearMetadataCache(one, 'Leads');
    await loadModuleMetadata(one, 'Leads', 60_000);
    await loadModuleMetadata(one, 'Contacts', 60_000);
    expect(one.count('getFields')).toBe(3);
  });

  it('does not cache a failed read', async () => {
    const client = new FakeZohoClient();
    client.faults.push({ method: 'getFields', error: new FakeApiError('NETWORK_ERROR') });
    await expect(loadModuleMetadata(client, 'Leads', 60_000)).rejects.toThrow('NETWORK_ERROR');
    await expect(loadModuleMetadata(client, 'Leads', 60_000)).resolves.toHaveProperty('fields');
    expect(client.count('getFields')).toBe(2);
  });

  it('with a TTL of 0 reads every time', async () => {
    const client = new FakeZohoClient();
    await loadModuleMetadata(client, 'Leads', 0);
    await loadModuleMetadata(client, 'Leads', 0);
    expect(client.count('getFields')).toBe(2);
  });
});
