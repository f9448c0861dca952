import { describe, expect, it } from '@jest/globals';
import { safeUpdateRecords } from './safe-update.js';
import { FakeApiError, FakeZohoClient, leadId, makeLeads } from './test-support/fake-zoho-client.js';
import type { FailedOutcome, SafeUpdateItem } from './types.js';

const items = (count: number): SafeUpdateItem[] => Array.from({ length: count }, (_, i) => ({ id: leadId(i), changes: { Mobile: `+1 555 ${String(i).padStart(6, '0')}` } }));

describe('safeUpdateRecords with a signal (pure logic, fake client)', () => {
  it('stops taking batches once aborted; the batches never started are ABORTED, not sent', async () => {
    const client = new FakeZohoClient({ records: makeLeads(500) });
    const controller = new AbortController();
    const summary = await safeUpdateRecords(client, 'Leads', items(500), {
      concurrency: 1,
      signal: controller.signal,
      onProgress: (p) => p.done >= 200 && controller.abort(),
    });
    expect(client.count('updateRecords')).toBe(2);
    expect(summary.counts).toMatchObject({ updated: 200, failed: 300 });
    const failed = summary.records.filter((r): r is FailedOutcome => r.state === 'failed');
    expect(failed.every((r) => r.code === 'ABORTED' && !r.outcomeUnknown && r.attempts === 0 && r.index >= 200)).toBe(true);
    expect(client.records.get(leadId(300))?.['Mobile']).not.toBe('+1 555 000300');
  });

  it('a write crm-core reports ABORTED after sending is OUTCOME_UNKNOWN, not read back, not resent', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const controller = new AbortController();
    const aborted = Object.assign(new FakeApiError('ABORTED'), { outcomeUnknown: true });
    client.faults.push({ method: 'updateRecords', error: aborted, applied: true });
    const original = client.updateRecords.bind(client);
    client.updateRecords = (module, records, opts) => {
      controller.abort();
      return original(module, records, opts);
    };
    const summary = await safeUpdateRecords(client, 'Leads', items(3), { signal: controller.signal });
    expect(summary.records.map((r) => [r.state, r.state === 'failed' ? r.code : '', r.state === 'failed' && r.outcomeUnknown])).toEqual([
      ['failed', 'OUTCOME_UNKNOWN', true],
      ['failed', 'OUTCOME_UNKNOWN', true],
      ['failed', 'OUTCOME_UNKNOWN', true],
    ]);
    expect(client.count('updateRecords')).toBe(1);
    expect(client.count('getRecords')).toBe(0);
  });

  it('a signal already aborted: every item ABORTED, no record call', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const summary = await safeUpdateRecords(client, 'Leads', items(3), { signal: AbortSignal.abort() });
    expect(summary.counts.failed).toBe(3);
    expect(client.count('updateRecords') + client.count('getRecords')).toBe(0);
  });

  it('refuses a signal that is not an AbortSignal', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    await expect(safeUpdateRecords(client, 'Leads', items(1), { signal: {} as AbortSignal })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});
