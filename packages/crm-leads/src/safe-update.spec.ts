import { describe, expect, it } from '@jest/globals';
import type { FieldMeta, RecordInput, RecordResult } from './core-types.js';
import { safeUpdateRecords } from './safe-update.js';
import { SafeUpdateError } from './safe-update-error.js';
import { FakeApiError, FakeZohoClient, LEAD_FIELDS, leadId, makeLeads } from './test-support/fake-zoho-client.js';
import type { FailedOutcome, RecordOutcome, RejectedOutcome, SafeUpdateItem } from './types.js';

const newMobile = (n: number) => `+44 7700 ${String(n).padStart(6, '0')}`;
const mobileItems = (count: number, from = 0): SafeUpdateItem[] =>
  Array.from({ length: count }, (_, i) => ({ id: leadId(from + i), changes: { Mobile: newMobile(from + i) } }));

function updateCalls(client: FakeZohoClient): RecordInput[][] {
  return client.calls.filter((c) => c.method === 'updateRecords').map((c) => c.records ?? []);
}

function expectOnePerItem(records: RecordOutcome[], count: number): void {
  expect(records.map((r) => r.index)).toEqual(Array.from({ length: count }, (_, i) => i));
}

describe('safeUpdateRecords — optimistic (default)', () => {
  it('spends ceil(N/100) update calls and no reads when nothing is missing', async () => {
    const client = new FakeZohoClient({ records: makeLeads(250) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(250));
    expect(summary.strategy).toBe('optimistic');
    expect(summary.counts.updated).toBe(250);
    expect(summary.calls).toEqual({ reads: 0, updates: 3 });
    expect(client.count('getRecords')).toBe(0);
    expect(updateCalls(client).map((b) => b.length)).toEqual([100, 100, 50]);
    // Only the change is sent, with the seed's triggers.
    expect(updateCalls(client)[0]?.[0]).toEqual({ id: leadId(0), Mobile: newMobile(0) });
    expect(client.calls.find((c) => c.method === 'updateRecords')?.trigger).toEqual(['workflow', 'blueprint']);
    expect(client.records.get(leadId(249))?.['Mobile']).toBe(newMobile(249));
    expectOnePerItem(summary.records, 250);
  });

  it('learns a field from MANDATORY_NOT_FOUND, retries those records, and reads first for later batches', async () => {
    const client = new FakeZohoClient({ records: makeLeads(150), strictFields: ['Industry'] });
    for (const r of client.records.values()) r['Industry'] = 'Retail';
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(150), { requiredFields: [] });
    expect(summary.counts.updated).toBe(150);
    expect(summary.learnedFields).toEqual(['Industry']);
    // batch 1 alone: PUT (refused); then batch 1 GET → PUT beside batch 2, which reads first: GET → PUT.
    const recordCalls = client.calls.filter((c) => c.method !== 'getFields' && c.method !== 'getLayouts').map((c) => c.method);
    expect(recordCalls[0]).toBe('updateRecords');
    expect(recordCalls.slice(1).sort()).toEqual(['getRecords', 'getRecords', 'updateRecords', 'updateRecords']);
    const first = summary.records[0];
    // Only the field Zoho named is sent besides the change (Industry is on no layout here).
    expect(first).toMatchObject({ state: 'updated', attempts: 2, reincluded: [{ field: 'Industry', source: 'learned', value: 'Retail' }] });
    expect(updateCalls(client)[1]?.[0]).toEqual({ id: leadId(0), Industry: 'Retail', Mobile: newMobile(0) });
    expect(summary.records[120]).toMatchObject({ state: 'updated', attempts: 1, reincluded: [{ field: 'Industry', source: 'learned' }] });
    expect(client.records.get(leadId(5))).toMatchObject({ Industry: 'Retail', Mobile: newMobile(5) });
  });

  it('fails a record whose required field is empty, naming the field, without looping', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3), strictFields: ['Company'] });
    (client.records.get(leadId(1)) as Record<string, unknown>)['Company'] = null;
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(3), { requiredFields: [] });
    expect(summary.records.map((r) => r.state)).toEqual(['updated', 'failed', 'updated']);
    const failed = summary.records[1] as FailedOutcome;
    expect(failed.code).toBe('REQUIRED_FIELD_EMPTY');
    expect(failed.field).toBe('Company');
    expect(failed.outcomeUnknown).toBe(false);
    expect(failed.message).toContain('Company');
    expect(failed.message).toContain('supply Company in changes');
    expect(summary.calls).toEqual({ reads: 1, updates: 2 });
    expect(client.records.get(leadId(1))?.['Mobile']).toBe(makeLeads(2)[1]?.['Mobile']);
  });

  it('updates that record when the caller supplies the field in changes', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1), strictFields: ['Company'] });
    (client.records.get(leadId(0)) as Record<string, unknown>)['Company'] = null;
    const summary = await safeUpdateRecords(client, 'Leads', [{ id: leadId(0), changes: { Mobile: '1', Company: 'Acme' } }]);
    expect(summary.records[0]?.state).toBe('updated');
    expect(client.records.get(leadId(0))?.['Company']).toBe('Acme');
  });

  it('gives up after maxRounds when Zoho keeps naming new fields', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    const demanded = ['First_Name', 'Industry', 'Email'];
    let round = 0;
    const original = client.updateRecords.bind(client);
    client.updateRecords = async (module: string, records: RecordInput[]) => {
      const field = demanded[round++] ?? 'Phone';
      await original(module, []);
      return records.map((r): RecordResult => ({ id: r.id, status: 'error', code: 'MANDATORY_NOT_FOUND', message: 'required field not found', details: { api_name: field } }));
    };
    for (const r of client.records.values()) Object.assign(r, { Industry: 'x', Email: 'a@b.io' });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { maxRounds: 2 });
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'MANDATORY_NOT_FOUND', field: 'Industry', attempts: 2 });
    expect(summary.calls.updates).toBe(2);
  });

  it('stops at once when Zoho still reports a field that was re-included', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    client.updateRecords = async (_m: string, records: RecordInput[]) =>
      records.map((r): RecordResult => ({ id: r.id, status: 'error', code: 'MANDATORY_NOT_FOUND', message: 'x', details: { api_name: 'Company' } }));
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { maxRounds: 5 });
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'MANDATORY_NOT_FOUND', field: 'Company', attempts: 2 });
    expect((summary.records[0] as FailedOutcome).message).toContain('although its current value was re-included');
  });

  it('fails a record when Zoho names a field the metadata does not know', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    client.recordErrors.set(leadId(0), { code: 'MANDATORY_NOT_FOUND', message: 'x', details: { api_name: 'Ghost_Field' } });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1));
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'MANDATORY_NOT_FOUND', field: 'Ghost_Field' });
    expect(summary.calls).toEqual({ reads: 0, updates: 1 });
  });

  it('reports per-record Zoho errors of a mixed batch and updates the rest', async () => {
    const client = new FakeZohoClient({ records: makeLeads(4) });
    client.recordErrors.set(leadId(1), { code: 'DUPLICATE_DATA', message: 'duplicate data', details: { api_name: 'Mobile', duplicate_record: { id: '1' } } });
    client.recordErrors.set(leadId(2), { code: 'RECORD_LOCKED', message: 'locked', details: { action: 'record_locking', id: leadId(2) } });
    const items = [...mobileItems(4), { id: '6051205000000999999', changes: { Mobile: '1' } }];
    const summary = await safeUpdateRecords(client, 'Leads', items);
    expect(summary.records.map((r) => [r.state, 'code' in r ? r.code : undefined])).toEqual([
      ['updated', undefined],
      ['failed', 'DUPLICATE_DATA'],
      ['failed', 'RECORD_LOCKED'],
      ['updated', undefined],
      ['failed', 'INVALID_DATA'],
    ]);
    expect(summary.records[1]).toMatchObject({ field: 'Mobile', outcomeUnknown: false });
    expect(summary.counts).toEqual({ updated: 2, unchanged: 0, failed: 3, rejected: 0, planned: 0 });
  });

  it('rejects invalid records before sending and sends the others', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const summary = await safeUpdateRecords(client, 'Leads', [
      { id: leadId(0), changes: { Mobile: '1'.repeat(31) } },
      { id: leadId(1), changes: { Mobil: '1' } },
      { id: leadId(2), changes: { Lead_Status: 'Contacted' } },
    ]);
    expect(summary.records.map((r) => r.state)).toEqual(['rejected', 'rejected', 'updated']);
    expect((summary.records[1] as RejectedOutcome).suggestions).toEqual(['Mobile']);
    expect(updateCalls(client)).toEqual([[{ id: leadId(2), Lead_Status: 'Contacted' }]]);
  });

  it('passes the trigger option through, [] included', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    await safeUpdateRecords(client, 'Leads', mobileItems(1), { trigger: [] });
    expect(client.calls.find((c) => c.method === 'updateRecords')?.trigger).toEqual([]);
  });
});

describe('safeUpdateRecords — prefetch', () => {
  it('reads ahead the seed list and layout-required fields of up to 100 records per call, and sends only the change', async () => {
    const client = new FakeZohoClient({ records: makeLeads(250), layouts: [{ id: '1', name: 'Standard', requiredFields: ['Email'] }] });
    for (const r of client.records.values()) r['Email'] = 'x@example.com';
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(250), { strategy: 'prefetch' });
    expect(summary.calls).toEqual({ reads: 3, updates: 3 });
    const read = client.calls.find((c) => c.method === 'getRecords');
    expect(read?.ids).toHaveLength(100);
    expect(read?.fields?.sort()).toEqual(['Company', 'Email', 'Last_Name', 'Lead_Status', 'Mobile']);
    expect(summary.records[0]?.reincluded).toEqual([]);
    expect(summary.records[0]?.diff).toEqual([{ field: 'Mobile', from: '+1 555 000 0000', to: newMobile(0), differs: true }]);
    expect(updateCalls(client)[0]?.[0]).toEqual({ id: leadId(0), Mobile: newMobile(0) });
    expect(summary.requiredFields).toEqual([]);
  });

  it('sends the seed list with values read for the batch when given as requiredFields', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(2), { strategy: 'prefetch', requiredFields: ['Last_Name', 'Company', 'Lead_Status'] });
    expect(summary.calls).toEqual({ reads: 1, updates: 1 });
    expect(updateCalls(client)[0]?.[0]).toEqual({ id: leadId(0), Last_Name: 'Last0', Company: 'Company 0', Lead_Status: 'Not Contacted', Mobile: newMobile(0) });
    expect(summary.records[0]?.reincluded).toEqual([
      { field: 'Last_Name', source: 'configured', sources: ['configured'], value: 'Last0' },
      { field: 'Company', source: 'configured', sources: ['configured'], value: 'Company 0' },
      { field: 'Lead_Status', source: 'configured', sources: ['configured'], value: 'Not Contacted' },
    ]);
  });

  it("learns a field the record's enforced layout requires: its other required fields go too, with no extra read", async () => {
    const layout = { id: '1', name: 'Standard', requiredFields: ['Last_Name', 'Company', 'Lead_Status'] };
    const client = new FakeZohoClient({ records: makeLeads(150), strictFields: layout.requiredFields, layouts: [layout] });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(150), { strategy: 'prefetch' });
    expect(summary.counts.updated).toBe(150);
    // batch 1: GET, PUT (refused: Last_Name), PUT; batch 2: GET, PUT.
    expect(summary.calls).toEqual({ reads: 2, updates: 3 });
    expect(summary.learnedFields).toEqual(['Last_Name']);
    expect(summary.records[0]?.reincluded.map((f) => `${f.field}:${f.source}`)).toEqual(['Last_Name:learned', 'Company:layout', 'Lead_Status:layout']);
  });

  it('sends nothing for records that already hold the values', async () => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const leads = makeLeads(3);
    const summary = await safeUpdateRecords(
      client,
      'Leads',
      [
        { id: leadId(0), changes: { Mobile: leads[0]?.['Mobile'] as string } },
        { id: leadId(1), changes: { Mobile: 'new' + '1' } },
        { id: leadId(2), changes: { Account_Lookup: '6051205000999001', Annual_Revenue: '1002' } },
      ],
      { strategy: 'prefetch' },
    );
    expect(summary.records.map((r) => r.state)).toEqual(['unchanged', 'updated', 'unchanged']);
    expect(updateCalls(client)).toHaveLength(1);
    expect(updateCalls(client)[0]?.map((r) => r.id)).toEqual([leadId(1)]);
  });

  it('re-includes a lookup as { id } and never as null', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), {
      strategy: 'prefetch',
      requiredFields: ['Account_Lookup', 'Annual_Revenue'],
    });
    expect(updateCalls(client)[0]?.[0]).toMatchObject({ Account_Lookup: { id: '6051205000999001' }, Annual_Revenue: 1000 });
    expect(client.records.get(leadId(0))?.['Account_Lookup']).toEqual({ id: '6051205000999001' });
    expect(summary.records[0]?.reincluded.map((f) => f.source)).toEqual(['configured', 'configured']);
  });

  it('warns about an empty required field without failing the record when Zoho does not insist', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    (client.records.get(leadId(0)) as Record<string, unknown>)['Lead_Status'] = null;
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { strategy: 'prefetch', requiredFields: ['Lead_Status'] });
    expect(summary.records[0]?.state).toBe('updated');
    expect(summary.records[0]?.warnings.join()).toContain('Lead_Status (required by configured) is empty');
    expect(updateCalls(client)[0]?.[0]).not.toHaveProperty('Lead_Status');
  });

  it('learns a field Zoho demands that no list named, in strict mode', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2), strictFields: ['Company', 'First_Name'] });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(2), { strategy: 'prefetch', requiredFields: ['Company'] });
    expect(summary.counts.updated).toBe(2);
    expect(summary.learnedFields).toEqual(['First_Name']);
    // First_Name was not read ahead: one more read, for the same batch, just before the resend.
    expect(summary.calls).toEqual({ reads: 2, updates: 2 });
    expect(summary.records[0]?.reincluded.find((f) => f.field === 'First_Name')).toEqual({ field: 'First_Name', source: 'learned', sources: ['learned'], value: 'First0' });
  });

  it('fails records that are not found, and all records of a batch whose read fails, without sending', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    client.faults.push({ method: 'getRecords', error: new FakeApiError('TOO_MANY_REQUESTS', 429) });
    const items = [...mobileItems(2), { id: '6051205000000999999', changes: { Mobile: '1' } }];
    const first = await safeUpdateRecords(client, 'Leads', items, { strategy: 'prefetch', batchSize: 2 });
    expect(first.records.map((r) => [r.state, 'code' in r ? r.code : undefined])).toEqual([
      ['failed', 'TOO_MANY_REQUESTS'],
      ['failed', 'TOO_MANY_REQUESTS'],
      ['failed', 'RECORD_NOT_FOUND'],
    ]);
    expect(first.calls.updates).toBe(0);
  });

  it('splits reads of more than 50 fields', async () => {
    const extra: FieldMeta[] = Array.from({ length: 60 }, (_, i) => ({ apiName: `Custom_${i}`, dataType: 'text', systemMandatory: false, readOnly: false }));
    const records = makeLeads(1, () => Object.fromEntries(extra.map((f) => [f.apiName, 'v'])));
    const client = new FakeZohoClient({ records, fields: [...LEAD_FIELDS, ...extra] });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { strategy: 'prefetch', requiredFields: extra.map((f) => f.apiName) });
    expect(summary.calls.reads).toBe(2);
    expect(summary.records[0]?.reincluded).toHaveLength(60);
    expect(summary.records[0]?.state).toBe('updated');
  });
});

describe('safeUpdateRecords — dry run', () => {
  it('computes payloads (only the changes, in an org that demands nothing) and diffs, and sends no update', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    const summary = await safeUpdateRecords(
      client,
      'Leads',
      [
        { id: leadId(0), changes: { Mobile: '+1 1', Lead_Source: 'Web Form' } },
        { id: leadId(1), changes: { Mobile: makeLeads(2)[1]?.['Mobile'] as string } },
      ],
      { dryRun: true },
    );
    expect(summary.dryRun).toBe(true);
    expect(summary.calls).toEqual({ reads: 1, updates: 0 });
    expect(summary.records.map((r) => r.state)).toEqual(['planned', 'unchanged']);
    expect(summary.records[0]?.payload).toEqual({ id: leadId(0), Mobile: '+1 1', Lead_Source: 'Web_Form' });
    expect(summary.records[0]?.diff).toEqual([
      { field: 'Mobile', from: '+1 555 000 0000', to: '+1 1', differs: true },
      { field: 'Lead_Source', from: null, to: 'Web_Form', differs: true },
    ]);
    expect(client.records.get(leadId(0))?.['Mobile']).toBe('+1 555 000 0000');
  });
});

describe('safeUpdateRecords — lost responses', () => {
  it('a lost answer: not applied → resent once (that answer lost too, but applied → verified); lost after a timeout → OUTCOME_UNKNOWN', async () => {
    const client = new FakeZohoClient({ records: makeLeads(6) });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('NETWORK_ERROR') });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('INTERNAL_ERROR', 500), applied: true });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('TIMEOUT') });
    // One batch at a time: the faults are taken by calls in order, so each lands on a known batch.
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(6), { batchSize: 2, concurrency: 1 });
    expect(summary.records.map((r) => [r.state, 'code' in r ? r.code : undefined])).toEqual([
      ['updated', undefined],
      ['updated', undefined],
      ['failed', 'OUTCOME_UNKNOWN'],
      ['failed', 'OUTCOME_UNKNOWN'],
      ['updated', undefined],
      ['updated', undefined],
    ]);
    expect(summary.records[0]).toMatchObject({ verified: true, resends: 1, attempts: 2 });
    expect(summary.records[2]).toMatchObject({ outcomeUnknown: true, details: { errorCode: 'TIMEOUT' }, attempts: 1 });
    expect((summary.records[2] as FailedOutcome).message).toMatch(/timed out and may still arrive/);
    expect(summary.records[4]).toMatchObject({ attempts: 1 });
    expect(summary.records[4]).not.toHaveProperty('verified');
    expect(client.records.get(leadId(0))?.['Mobile']).toBe(newMobile(0));
    expect(client.records.get(leadId(2))?.['Mobile']).toBe('+1 555 000 0002');
    expect(summary.calls).toEqual({ reads: 3, updates: 4 });
  });

  it('a resend refused after a lost answer is a plain failure: the re-read showed nothing landed', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('NETWORK_ERROR') });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('TOO_MANY_REQUESTS', 429) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1));
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'TOO_MANY_REQUESTS', outcomeUnknown: false, attempts: 2 });
  });

  it('maxResends: 0 never resends; a record read back without the values is failed, not applied', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('NETWORK_ERROR') });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { maxResends: 0 });
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'NETWORK_ERROR', outcomeUnknown: false, attempts: 1 });
    expect(summary.calls).toEqual({ reads: 1, updates: 1 });
  });

  it('without verification leaves every lost response unknown', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('TIMEOUT'), applied: true });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(2), { verifyUnknown: false });
    expect(summary.records.every((r) => r.state === 'failed' && r.code === 'OUTCOME_UNKNOWN')).toBe(true);
    expect(summary.calls.reads).toBe(0);
  });

  it('reports a refused update call (4xx) as a plain failure: nothing was applied', async () => {
    const client = new FakeZohoClient({ records: makeLeads(2) });
    client.faults.push({ method: 'updateRecords', error: new FakeApiError('TOO_MANY_REQUESTS', 429) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(2));
    expect(summary.records[0]).toMatchObject({ state: 'failed', code: 'TOO_MANY_REQUESTS', outcomeUnknown: false, details: { status: 429 } });
  });
});

describe('safeUpdateRecords — bookkeeping', () => {
  it('ends every item in exactly one state consistent with the store, whatever goes wrong', async () => {
    const client = new FakeZohoClient({ records: makeLeads(600), strictFields: ['Industry'] });
    for (const [i, r] of [...client.records.values()].entries()) r['Industry'] = i % 97 === 0 ? null : 'Retail';
    // Lost answers, applied or not, and a refused call, spread over the run.
    client.faults.push(
      { method: 'updateRecords', error: new FakeApiError('NETWORK_ERROR'), applied: true },
      { method: 'getRecords', error: new FakeApiError('NETWORK_ERROR') },
      { method: 'updateRecords', error: new FakeApiError('BAD_RESPONSE', 502) },
    );
    const items: SafeUpdateItem[] = [
      ...mobileItems(600),
      { id: leadId(350), changes: { Mobile: newMobile(350) } },
      { id: leadId(4), changes: { Mobile: 'other' } },
      { id: 'x', changes: { Mobile: '1' } },
    ];
    const before = new Map([...client.records].map(([id, r]) => [id, r['Mobile']]));
    const progress: number[] = [];
    const summary = await safeUpdateRecords(client, 'Leads', items, { requiredFields: [], onProgress: (p) => progress.push(p.done) });

    expectOnePerItem(summary.records, items.length);
    expect(Object.values(summary.counts).reduce((a, b) => a + b, 0)).toBe(items.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(items.length);
    for (const r of summary.records.slice(0, 600)) {
      const stored = client.records.get(r.id)?.['Mobile'];
      if (r.state === 'updated') expect(stored).toBe(newMobile(r.index));
      else if (r.state === 'failed' && !r.outcomeUnknown) expect(stored).toBe(before.get(r.id));
      else expect(r).toMatchObject({ state: 'failed', code: 'OUTCOME_UNKNOWN' });
    }
    expect(summary.records[600]).toMatchObject({ state: 'updated', duplicateOf: 350 });
    expect(summary.records[601]).toMatchObject({ state: 'rejected', code: 'DUPLICATE_INPUT' });
    expect(summary.records[602]).toMatchObject({ state: 'rejected', code: 'INVALID_ID' });
    expect(summary.records.filter((r) => r.state === 'failed' && r.code === 'REQUIRED_FIELD_EMPTY').length).toBeGreaterThan(0);
    expect(summary.records.some((r) => r.state === 'failed' && r.code === 'OUTCOME_UNKNOWN')).toBe(true);
    expect(summary.counts.updated).toBeGreaterThan(300);
  });

  it('runs batches concurrently when asked, with the same call count', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1000) });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1000), { concurrency: 4 });
    expect(summary.counts.updated).toBe(1000);
    expect(summary.calls.updates).toBe(10);
  });

  it('with layoutRulesEnforced, has nothing to learn: every batch reads before the first update is answered, and none is refused', async () => {
    const layouts = [{ id: '1', name: 'Standard', requiredFields: ['Last_Name', 'Company'] }];
    const client = new FakeZohoClient({ records: makeLeads(300), layouts, strictFields: ['Last_Name', 'Company'] });
    const original = client.updateRecords.bind(client);
    let readsBeforeFirstAnswer: number | undefined;
    client.updateRecords = async (module, records, opts) => {
      const answer = await original(module, records, opts);
      // A few turns of the event loop: enough for the other slots to start their reads, if allowed.
      for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
      readsBeforeFirstAnswer ??= client.count('getRecords');
      return answer;
    };
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(300), { strategy: 'prefetch', layoutRulesEnforced: true, concurrency: 3 });
    expect(summary.counts.updated).toBe(300);
    expect(readsBeforeFirstAnswer).toBe(3);
    expect(summary.calls).toEqual({ reads: 3, updates: 3 });
    expect(summary.learnedFields).toEqual([]);
  });

  it('settles a batch that hit an unexpected error instead of dropping it (settleLeftovers)', async () => {
    const client = new FakeZohoClient({ records: makeLeads(4) });
    const original = client.updateRecords.bind(client);
    // Applied, then an answer no code path expects: the error escapes the batch after sending,
    // where only settleLeftovers can still give these records an outcome.
    client.updateRecords = (async (module: string, records: RecordInput[]) => {
      await original(module, records);
      return null;
    }) as unknown as FakeZohoClient['updateRecords'];
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(4), { batchSize: 2 });
    expect(summary.records.map((r) => (r.state === 'failed' ? r.code : r.state))).toEqual(['OUTCOME_UNKNOWN', 'OUTCOME_UNKNOWN', 'OUTCOME_UNKNOWN', 'OUTCOME_UNKNOWN']);
    expect(summary.records[0]).toMatchObject({ outcomeUnknown: true, attempts: 1, message: expect.stringContaining('processing stopped unexpectedly') });
  });

  it.each([['optimistic'], ['prefetch']] as const)('%s: items whose ids pass but whose changes all fail or change nothing make no call and settle each item', async (strategy) => {
    const client = new FakeZohoClient({ records: makeLeads(3) });
    const items = [
      { id: leadId(0), changes: { Mobil: '1' } },
      { id: leadId(1), changes: {} },
      { id: leadId(2), changes: { Annual_Revenue: 'many' } },
    ] as unknown as SafeUpdateItem[];
    const summary = await safeUpdateRecords(client, 'Leads', items, { strategy, batchSize: 1 });
    expect(summary.records.map((r) => r.state)).toEqual(['rejected', 'unchanged', 'rejected']);
    expect(client.calls.filter((c) => c.method === 'getRecords' || c.method === 'updateRecords')).toEqual([]);
  });

  it('returns at once for no items', async () => {
    const client = new FakeZohoClient();
    const summary = await safeUpdateRecords(client, 'Leads', []);
    expect(summary.records).toEqual([]);
    expect(client.calls).toEqual([]);
  });
});

describe('safeUpdateRecords — misuse', () => {
  it('throws SafeUpdateError before any call', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    await expect(safeUpdateRecords(client, 'Leads?x=1', mobileItems(1))).rejects.toMatchObject({ code: 'INVALID_MODULE' });
    await expect(safeUpdateRecords(client, 'Leads', {} as unknown as SafeUpdateItem[])).rejects.toMatchObject({ code: 'INVALID_ITEMS' });
    await expect(safeUpdateRecords(client, 'Leads', mobileItems(1), { batchSize: 500 })).rejects.toBeInstanceOf(SafeUpdateError);
    expect(client.calls).toEqual([]);
  });

  it("refuses trigger ['Workflow'] (crm-core's rule) before anything is sent", async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    await expect(safeUpdateRecords(client, 'Leads', mobileItems(1), { trigger: ['Workflow'] })).rejects.toMatchObject({ code: 'INVALID_OPTIONS', message: expect.stringContaining('lower-case') });
    expect(client.calls).toEqual([]);
  });

  it('refuses a configured required field the module does not have, with suggestions', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    const run = safeUpdateRecords(client, 'Leads', mobileItems(1), { requiredFields: ['Compnay'] });
    await expect(run).rejects.toMatchObject({ code: 'UNKNOWN_REQUIRED_FIELD', message: expect.stringContaining('did you mean Company') });
    expect(client.count('updateRecords')).toBe(0);
  });

  it('skips default required fields the org does not have', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1), fields: LEAD_FIELDS.filter((f) => f.apiName !== 'Lead_Status') });
    const summary = await safeUpdateRecords(client, 'Leads', mobileItems(1), { strategy: 'prefetch', metadataTtlMs: 0 });
    expect(summary.records[0]?.state).toBe('updated');
    expect(client.calls.find((c) => c.method === 'getRecords')?.fields?.sort()).toEqual(['Company', 'Last_Name', 'Mobile']);
  });

  it('rejects with the client error when metadata cannot be read, sending nothing', async () => {
    const client = new FakeZohoClient({ records: makeLeads(1) });
    client.faults.push({ method: 'getFields', error: new FakeApiError('INVALID_TOKEN', 401) });
    await expect(safeUpdateRecords(client, 'Leads', mobileItems(1))).rejects.toMatchObject({ code: 'INVALID_TOKEN' });
    expect(client.count('updateRecords')).toBe(0);
  });
});
