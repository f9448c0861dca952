import { describe, expect, it } from '@jest/globals';
import { RequestJournal, type JournalEntry } from './request-journal.js';

const TOKEN = `1000.${'a'.repeat(32)}.${'b'.repeat(32)}`;

function entry(seq: number, bytes: number): JournalEntry {
  const body = Buffer.from(JSON.stringify({ data: [{ id: String(seq), note: TOKEN }] }));
  return { seq, module: 'Leads', recordIds: [String(seq)], requestHeaders: {}, form: false, requestBody: body, response: { bytes: Buffer.from(JSON.stringify({ access_token: TOKEN })), contentType: 'application/json' }, bytes };
}

describe('RequestJournal', () => {
  it('masks bodies when read, not when recorded', () => {
    const journal = new RequestJournal({ entries: 10, bodyBytes: 1000 });
    const raw = entry(1, 10);
    journal.add(raw);
    expect(raw.requestBody?.toString()).toContain(TOKEN);
    const detail = JSON.stringify(journal.get(1));
    expect(detail).not.toContain(TOKEN);
    expect(detail).toContain('"recordIds":["1"]');
  });

  it('keeps ids for every entry up to its limit, and bodies within its byte budget, oldest dropped first', () => {
    const journal = new RequestJournal({ entries: 3, bodyBytes: 250 });
    for (let seq = 1; seq <= 4; seq++) journal.add(entry(seq, 100));
    expect(journal.get(1)).toBeUndefined();
    expect(journal.get(2)).toMatchObject({ requestBody: null, responseBody: null, bodiesNote: expect.stringMatching(/no longer kept/) });
    expect(journal.get(3)?.requestBody).not.toBeNull();
    expect(journal.get(4)?.responseBody).not.toBeNull();
    expect(journal.summary(2)).toEqual({ module: 'Leads', recordIds: ['2'] });
    journal.clear();
    expect(journal.get(4)).toBeUndefined();
  });
});
