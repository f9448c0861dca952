import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { updateLead, updateLeads } from './leads.js';
import { connectClient, routeCount, type EmulatorClient } from './test-support/emulator-client.js';
import { DEFAULT_REQUIRED_FIELDS } from './options.js';
import type { FailedOutcome } from './types.js';

// The seed's situation: Zoho refuses any Lead update that does not carry Last_Name, Company and
// Lead_Status (the emulator's strict layout mode).
let emu: RunningEmulator;
let conn: EmulatorClient;

beforeAll(async () => {
  emu = await startEmulator({ strictLayout: true, leadCount: 40 });
  conn = await connectClient(emu);
});

afterAll(async () => {
  await conn?.close();
  await emu?.stop();
});

/** A lead with every field the test cares about filled, so a nulled value would show. */
function fullLead(): string {
  const account = emu.state.listRecords('Accounts')[0];
  if (!account) throw new Error('emulator has no account');
  const [id] = emu.state.seedRecords('Leads', [
    {
      Last_Name: 'Lovelace',
      First_Name: 'Ada',
      Company: 'Analytical Engines',
      Lead_Status: 'Contacted',
      Lead_Source: 'Trade Show',
      Mobile: '+44 20 0000 0000',
      Email: 'ada@example.com',
      Annual_Revenue: 125000.5,
      Date_of_Birth: '1815-12-10',
      Account_Lookup: { id: account.id, name: String(account['Account_Name']) },
    },
  ]);
  if (!id) throw new Error('seeding failed');
  return id;
}

const volatile = new Set(['Mobile', 'Modified_Time', 'Modified_By', 'Last_Activity_Time']);
const stable = (record: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(record ?? {}).filter(([k]) => !volatile.has(k)));

describe('strict layout (emulator + real SDK + crm-core)', () => {
  it("does the seed's single-lead update with prefetch: one refusal names a field of the enforced layout, no extra read", async () => {
    const id = fullLead();
    const before = emu.state.getRecord('Leads', id);
    emu.state.resetCounters();
    const outcome = await updateLead(conn.client, id, { Mobile: '+44 7700 900123' }, { strategy: 'prefetch' });

    expect(outcome).toMatchObject({ state: 'updated', attempts: 2 });
    // In the layout's order.
    expect(outcome.reincluded.map((f) => `${f.field}:${f.source}`)).toEqual(['Company:layout', 'Last_Name:learned', 'Lead_Status:layout']);
    const after = emu.state.getRecord('Leads', id);
    expect(after?.['Mobile']).toBe('+44 7700 900123');
    expect(stable(after)).toEqual(stable(before));
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(1);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(2);
    expect(emu.state.automationCounts('Leads')[id]).toBe(1);
  });

  it("with the seed's list as requiredFields: one read, one update, the seed's fields re-included", async () => {
    const id = fullLead();
    emu.state.resetCounters();
    const outcome = await updateLead(conn.client, id, { Mobile: '+44 7700 900122' }, { strategy: 'prefetch', requiredFields: DEFAULT_REQUIRED_FIELDS['Leads'] });
    expect(outcome).toMatchObject({ state: 'updated', attempts: 1 });
    expect(outcome.reincluded.map((f) => f.field)).toEqual(['Last_Name', 'Company', 'Lead_Status']);
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(1);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(1);
  });

  it('does it with the default (optimistic) strategy after one refusal, naming the learned field', async () => {
    const id = fullLead();
    const before = emu.state.getRecord('Leads', id);
    emu.state.resetCounters();
    const outcome = await updateLead(conn.client, id, { Mobile: '+44 7700 900124' });

    expect(outcome).toMatchObject({ state: 'updated', attempts: 2 });
    expect(outcome.reincluded.find((f) => f.source === 'learned')).toBeDefined();
    expect(emu.state.getRecord('Leads', id)?.['Mobile']).toBe('+44 7700 900124');
    expect(stable(emu.state.getRecord('Leads', id))).toEqual(stable(before));
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(2);
    expect(routeCount(emu, 'GET /crm/v8/Leads')).toBe(1);
  });

  it('re-includes picklist, lookup, date and currency values in a form that survives the SDK', async () => {
    const id = fullLead();
    const before = emu.state.getRecord('Leads', id);
    const outcome = await updateLead(
      conn.client,
      id,
      { Mobile: '+44 7700 900125' },
      { strategy: 'prefetch', requiredFields: ['Company', 'Lead_Status', 'Lead_Source', 'Account_Lookup', 'Date_of_Birth', 'Annual_Revenue', 'Email'] },
    );
    expect(outcome.state).toBe('updated');
    const sent = Object.fromEntries(outcome.reincluded.map((f) => [f.field, f.value]));
    expect(sent).toMatchObject({
      Lead_Status: 'Contacted',
      Lead_Source: 'Trade Show',
      Account_Lookup: { id: (before?.['Account_Lookup'] as { id: string }).id },
      Date_of_Birth: '1815-12-10',
      Annual_Revenue: 125000.5,
    });
    // Read back from the emulator's raw state: nothing was turned into null on the way.
    const after = emu.state.getRecord('Leads', id);
    for (const field of ['Lead_Status', 'Lead_Source', 'Account_Lookup', 'Date_of_Birth', 'Annual_Revenue', 'Email', 'Company']) {
      expect(after?.[field]).not.toBeNull();
      expect(after?.[field]).toEqual(before?.[field]);
    }
  });

  it('fails a lead whose required field is empty with a message naming it, and updates the others', async () => {
    const good = fullLead();
    const [empty] = emu.state.seedRecords('Leads', [{ Last_Name: 'NoCompany', Company: null, Lead_Status: 'Contacted', Mobile: '1' }]);
    if (!empty) throw new Error('seeding failed');
    for (const strategy of ['prefetch', 'optimistic'] as const) {
      emu.state.resetCounters();
      const summary = await updateLeads(
        conn.client,
        [
          { id: good, changes: { Mobile: `+1 555 01${strategy.length}` } },
          { id: empty, changes: { Mobile: `+1 555 02${strategy.length}` } },
        ],
        { strategy },
      );
      expect(summary.records[0]?.state).toBe('updated');
      const failed = summary.records[1] as FailedOutcome;
      expect(failed).toMatchObject({ state: 'failed', code: 'REQUIRED_FIELD_EMPTY', field: 'Company', outcomeUnknown: false });
      expect(failed.message).toMatch(/Company.*empty.*supply Company in changes/);
      expect(emu.state.getRecord('Leads', empty)?.['Mobile']).toBe('1');
      // Bounded: no loop on the record that cannot succeed.
      expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBeLessThanOrEqual(3);
    }
    const fixed = await updateLead(conn.client, empty, { Mobile: '+1 555 0300', Company: 'Now Known' });
    expect(fixed.state).toBe('updated');
    expect(emu.state.getRecord('Leads', empty)).toMatchObject({ Mobile: '+1 555 0300', Company: 'Now Known' });
  });

  it('dry run reads, shows the payload, and sends no update', async () => {
    const id = fullLead();
    emu.state.resetCounters();
    const outcome = await updateLead(conn.client, id, { Mobile: '+1 555 0400', Lead_Status: 'Junk Lead' }, { dryRun: true });
    expect(outcome).toMatchObject({
      state: 'planned',
      // Nothing learned yet in this run: the payload holds the changes only.
      payload: { id, Mobile: '+1 555 0400', Lead_Status: 'Junk Lead' },
      diff: [
        { field: 'Mobile', from: '+44 20 0000 0000', to: '+1 555 0400', differs: true },
        { field: 'Lead_Status', from: 'Contacted', to: 'Junk Lead', differs: true },
      ],
    });
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(0);
    expect(emu.state.getRecord('Leads', id)?.['Mobile']).toBe('+44 20 0000 0000');
  });

  it('rejects invalid values before any request, with suggestions', async () => {
    const id = fullLead();
    emu.state.resetCounters();
    const outcome = await updateLead(conn.client, id, { Mobil: '+1 555', Lead_Status: 'Contacted!!' } as Record<string, string>);
    expect(outcome).toMatchObject({ state: 'rejected', code: 'UNKNOWN_FIELD', field: 'Mobil', suggestions: ['Mobile'] });
    expect(outcome.state === 'rejected' && outcome.problems.map((p) => p.code)).toEqual(['UNKNOWN_FIELD', 'INVALID_VALUE']);
    expect(routeCount(emu, 'PUT /crm/v8/Leads')).toBe(0);
  });
});
