import { describe, expect, it } from '@jest/globals';
import type { RecordData, RecordInput, RecordResult, UpdateRecordsOptions } from './core-types.js';
import { safeUpdateRecords } from './safe-update.js';
import { FakeZohoClient, makeLeads } from './test-support/fake-zoho-client.js';

/** Reads 2 and 3 answer only after the first update call has: batches 2 and 3 are in flight when batch 1 learns. */
class LateReads extends FakeZohoClient {
  #answered!: () => void;
  readonly #firstUpdate = new Promise<void>((resolve) => (this.#answered = resolve));
  #reads = 0;

  override async getRecords(module: string, ids: string[], fields: string[]): Promise<RecordData[]> {
    const n = ++this.#reads;
    const records = await super.getRecords(module, ids, fields);
    if (n === 2 || n === 3) await this.#firstUpdate;
    return records;
  }

  override async updateRecords(module: string, records: RecordInput[], opts?: UpdateRecordsOptions): Promise<RecordResult[]> {
    try {
      return await super.updateRecords(module, records, opts);
    } finally {
      this.#answered();
    }
  }
}

describe('a field learned by one batch serves the batches in flight', () => {
  it('prefetch, three batches side by side: one refused update in all, not one per batch', async () => {
    const client = new LateReads({ records: makeLeads(300, () => ({ Industry: 'Retail' })), strictFields: ['Industry'] });
    const items = [...client.records.keys()].map((id, i) => ({ id, changes: { Mobile: `+1 555 7${String(i).padStart(3, '0')}` } }));
    const summary = await safeUpdateRecords(client, 'Leads', items, { strategy: 'prefetch', requiredFields: [], concurrency: 3 });
    expect(summary.counts.updated).toBe(300);
    expect(summary.learnedFields).toEqual(['Industry']);
    // Batch 1: PUT refused, read, PUT. Batches 2 and 3: a read of Industry before their only PUT.
    expect(client.count('updateRecords')).toBe(4);
    expect(summary.records[250]).toMatchObject({ attempts: 1, reincluded: expect.arrayContaining([expect.objectContaining({ field: 'Industry', source: 'learned' })]) });
  });
});
