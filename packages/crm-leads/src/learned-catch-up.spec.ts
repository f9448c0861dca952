import { describe, expect, it } from '@jest/globals';
import type { RecordData, RecordInput, RecordResult, UpdateRecordsOptions } from './core-types.js';
import { safeUpdateRecords } from './safe-update.js';
import { FakeZohoClient, makeLeads } from './test-support/fake-zoho-client.js';

/**
 * The org starts demanding Industry after the first update (the probe succeeds, so batches go
 * wide), and the third read answers only once the second update's refusal has been handled: batch
 * 3 has read its records, without Industry, while batch 2 learns that Zoho demands it.
 */
class LateLearning extends FakeZohoClient {
  #updates = 0;
  #reads = 0;
  #secondAnswered!: () => void;
  readonly #second = new Promise<void>((resolve) => (this.#secondAnswered = resolve));

  override async getRecords(module: string, ids: string[], fields: string[]): Promise<RecordData[]> {
    const n = ++this.#reads;
    const records = await super.getRecords(module, ids, fields);
    if (n === 3) {
      await this.#second;
      // Let the refused batch settle its answer (and learn the field) first.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return records;
  }

  override async updateRecords(module: string, records: RecordInput[], opts?: UpdateRecordsOptions): Promise<RecordResult[]> {
    const n = ++this.#updates;
    try {
      return await super.updateRecords(module, records, opts);
    } finally {
      if (n === 1) this.strictFields = ['Industry'];
      if (n === 2) this.#secondAnswered();
    }
  }
}

describe('a field learned by one batch serves the batches in flight', () => {
  it('prefetch, batches side by side: the batch that read before the field was learned reads it before its only PUT', async () => {
    const client = new LateLearning({ records: makeLeads(300, () => ({ Industry: 'Retail' })) });
    const items = [...client.records.keys()].map((id, i) => ({ id, changes: { Mobile: `+1 555 7${String(i).padStart(3, '0')}` } }));
    const summary = await safeUpdateRecords(client, 'Leads', items, { strategy: 'prefetch', concurrency: 3 });
    expect(summary.counts.updated).toBe(300);
    expect(summary.learnedFields).toEqual(['Industry']);
    // Batch 1: one PUT. Batch 2: PUT refused, read, PUT. Batch 3: a read of Industry before its only PUT
    // (without that catch-up it too would pay a refused PUT: 5).
    expect(client.count('updateRecords')).toBe(4);
    expect(summary.records[250]).toMatchObject({ attempts: 1, reincluded: expect.arrayContaining([expect.objectContaining({ field: 'Industry', source: 'learned' })]) });
    expect(summary.records[0]).toMatchObject({ attempts: 1, reincluded: [] });
  });
});
