import { describe, expect, it } from '@jest/globals';
import { ENTRY_LIMIT, RecordHistory, type HistoryEntry } from './record-history.js';

const entry = (seq: number): HistoryEntry => ({ seq, time: '2026-01-01T00:00:00.000Z', route: 'PUT /crm/v8/Leads', action: 'updated', changes: { Rating: { from: null, to: 'Active' } }, automation: [] });

describe('record history bounds', () => {
  it('keeps 50 changes a record, and at most ENTRY_LIMIT in all, dropping the stalest records first', () => {
    const history = new RecordHistory();
    for (let seq = 0; seq < 60; seq++) history.add('Leads', 'one', entry(seq));
    expect(history.of('Leads', 'one').map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 10));
    // 10,000 records × 20 changes: 200,000 entries offered, ENTRY_LIMIT kept.
    let seq = 100;
    for (let round = 0; round < 20; round++) for (let r = 0; r < 10_000; r++) history.add('Leads', `r${r}`, entry(seq++));
    expect(history.size()).toBeLessThanOrEqual(ENTRY_LIMIT);
    expect(history.size()).toBeGreaterThan(ENTRY_LIMIT - 50);
    expect(history.of('Leads', 'one')).toEqual([]);
    // The records changed last keep their most recent changes.
    expect(history.of('Leads', 'r9999').at(-1)?.seq).toBe(seq - 1);
    history.clear();
    expect(history.size()).toBe(0);
  });
});
