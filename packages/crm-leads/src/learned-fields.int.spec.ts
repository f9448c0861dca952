import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLead, updateLeads } from './leads.js';
import { clearMetadataCache } from './metadata-cache.js';
import { safeUpdateRecords } from './safe-update.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';

// Normal layout mode (Zoho enforces layout rules only on values sent empty), then a layout rule
// that appears while this process still holds the old metadata: the field is learned from
// Zoho's MANDATORY_NOT_FOUND.
let emu: RunningEmulator;
let conn: EmulatorClient;
let leads: string[];

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 60 });
  conn = await connectClient(emu);
  leads = emu.state
    .listRecords('Leads')
    .filter((r) => r['Industry'] !== null && r['Company'] !== null)
    .map((r) => r.id);
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

describe('fields Zoho demands, from errors and layouts (emulator + real SDK + crm-core)', () => {
  it('normal mode: sends only the change, although Company is layout-required (prefetch)', async () => {
    const id = leads[0] as string;
    const outcome = await updateLead(conn.client, id, { Mobile: '+1 555 1000' }, { strategy: 'prefetch' });
    expect(outcome).toMatchObject({ state: 'updated', attempts: 1, reincluded: [], payload: { id, Mobile: '+1 555 1000' } });
    expect(emu.state.getRecord('Leads', id)?.['Mobile']).toBe('+1 555 1000');
  });

  it('a layout-required field not in any list it knows: learned from the error, record updated', async () => {
    emu.state.setLayoutRequired('Leads', ['Company', 'Industry']);
    emu.state.setStrictLayout('Leads', ['Industry']);
    try {
      const targets = leads.slice(1, 6);
      const industries = targets.map((id) => emu.state.getRecord('Leads', id)?.['Industry']);
      emu.state.resetCounters();
      const summary = await updateLeads(
        conn.client,
        targets.map((id, i) => ({ id, changes: { Mobile: `+1 555 11${i}` } })),
        { requiredFields: [] },
      );
      expect(summary.counts.updated).toBe(5);
      expect(summary.learnedFields).toEqual(['Industry']);
      expect(summary.records[0]?.reincluded.find((f) => f.field === 'Industry')).toMatchObject({ source: 'learned', sources: ['learned'] });
      expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(2);
      expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(1);
      targets.forEach((id, i) => {
        expect(emu.state.getRecord('Leads', id)).toMatchObject({ Mobile: `+1 555 11${i}`, Industry: industries[i] });
      });

      // Fresh metadata shows the rule; the org enforcing it is declared: sent from the layout up front.
      clearMetadataCache(conn.client, 'Leads');
      emu.state.resetCounters();
      const again = await updateLead(conn.client, leads[7] as string, { Mobile: '+1 555 1200' }, { strategy: 'prefetch', layoutRulesEnforced: true });
      expect(again).toMatchObject({ state: 'updated', attempts: 1 });
      expect(again.reincluded.find((f) => f.field === 'Industry')?.source).toBe('layout');
      expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(1);
    } finally {
      emu.state.setStrictLayout('Leads', false);
      emu.state.setLayoutRequired('Leads', ['Company']);
      clearMetadataCache(conn.client);
    }
  });

  it('works the same for another module (Contacts)', async () => {
    const contact = emu.state.listRecords('Contacts')[0];
    if (!contact) throw new Error('no contact');
    const summary = await safeUpdateRecords(conn.client, 'Contacts', [{ id: contact.id, changes: { Title: 'CTO', Lead_Source: 'Chat' } }], {
      strategy: 'prefetch',
    });
    expect(summary.records[0]).toMatchObject({ state: 'updated', reincluded: [] });
    expect(emu.state.getRecord('Contacts', contact.id)).toMatchObject({ Title: 'CTO', Lead_Source: 'Chat', Last_Name: contact['Last_Name'] });
  });
});

describe('one metadata cache', () => {
  it('metadataTtlMs: 0 re-reads both fields and layouts on every run', async () => {
    const id = leads[10] as string;
    const metadataGets = () => [routeCount(emu, 'GET /crm/v8/settings/fields'), routeCount(emu, 'GET /crm/v8/settings/layouts')];
    await updateLead(conn.client, id, { Mobile: '+1 555 1300' });
    emu.state.resetCounters();
    for (let run = 1; run <= 3; run++) await updateLead(conn.client, id, { Mobile: `+1 555 130${run}` }, { metadataTtlMs: 0 });
    expect(metadataGets()).toEqual([3, 3]);
    emu.state.resetCounters();
    for (let run = 1; run <= 3; run++) await updateLead(conn.client, id, { Mobile: `+1 555 131${run}` });
    expect(metadataGets()).toEqual([0, 0]);
    clearMetadataCache(conn.client, 'Leads');
    await updateLead(conn.client, id, { Mobile: '+1 555 1320' });
    expect(metadataGets()).toEqual([1, 1]);
  });
});
