import { describe, expect, it } from '@jest/globals';
import { CrmState } from './crm-state.js';

function leads(seed: number, count = 300): ReturnType<CrmState['store']['list']> {
  return new CrmState({ seed, leadCount: count, records: undefined, strictLayout: {}, layoutRequired: { Leads: ['Company'] }, clock: Date.now }).store.list('Leads');
}

describe('generated seed data', () => {
  it('is deterministic per seed and differs between seeds', () => {
    expect(leads(42)).toEqual(leads(42));
    expect(leads(42).map((r) => r['Last_Name'])).not.toEqual(leads(43).map((r) => r['Last_Name']));
  });

  it('has the requested number of realistic leads, ids ascending with creation time', () => {
    const list = leads(42);
    expect(list).toHaveLength(300);
    for (const r of list) {
      expect(r.id).toMatch(/^\d{19}$/);
      expect(typeof r['Last_Name']).toBe('string');
      expect(r['Owner']).toMatchObject({ id: expect.stringMatching(/^\d{19}$/), name: expect.any(String) });
      if (r['Email'] !== null) expect(r['Email']).toMatch(/^[a-z0-9.]+@[a-z0-9]+\.com$/);
    }
    const times = list.map((r) => Date.parse(String(r['Created_Time'])));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    const big = leads(42, 20_000);
    expect(Date.parse(String(big[big.length - 1]?.['Created_Time']))).toBeLessThan(Date.UTC(2026, 3, 1));
    expect(list.map((r) => r.id)).toEqual([...list.map((r) => r.id)].sort());
  });

  it('includes leads that strict layouts trip over (no Company or no Lead_Status), but not too many', () => {
    const list = leads(42);
    const noCompany = list.filter((r) => r['Company'] === null).length;
    const noStatus = list.filter((r) => r['Lead_Status'] === null).length;
    expect(noCompany).toBeGreaterThan(0);
    expect(noStatus).toBeGreaterThan(0);
    expect(noCompany + noStatus).toBeLessThan(60);
  });

  it('lookups point at existing accounts with their names', () => {
    const s = new CrmState({ seed: 42, leadCount: 100, records: undefined, strictLayout: {}, layoutRequired: {}, clock: Date.now });
    const linked = s.store.list('Leads').filter((r) => r['Account_Lookup'] !== null);
    expect(linked.length).toBeGreaterThan(10);
    for (const lead of linked) {
      const ref = lead['Account_Lookup'] as { id: string; name: string };
      expect(s.store.get('Accounts', ref.id)?.['Account_Name']).toBe(ref.name);
    }
  });
});
