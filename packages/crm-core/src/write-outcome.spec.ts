import { describe, expect, it } from '@jest/globals';
import type { FieldMeta, RecordData, RecordInput, RecordResult } from './types.js';
import { answeredOutcome, readBackVerdict, writeOutcomeOf, writeRecords, type WriteClient } from './write-outcome.js';
import { ZohoApiError } from './zoho-api-error.js';

/** An error as a test double or another copy of crm-core throws it: code and status, no `outcomeUnknown`. */
class PlainApiError extends Error {
  constructor(
    readonly code: string,
    readonly status?: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}${status ? ` (HTTP ${status})` : ''}`);
  }
}

describe('writeOutcomeOf', () => {
  it.each([
    [new PlainApiError('NETWORK_ERROR'), 'unknown'],
    [new PlainApiError('TIMEOUT'), 'unknown'],
    [new PlainApiError('BAD_RESPONSE', 200), 'unknown'],
    [new PlainApiError('INTERNAL_ERROR', 500), 'unknown'],
    [new PlainApiError('TOO_MANY_REQUESTS', 429), 'refused'],
    [new PlainApiError('INVALID_TOKEN', 401), 'refused'],
    [new PlainApiError('INVALID_INPUT'), 'not-sent'],
    [new PlainApiError('NOT_INITIALIZED'), 'not-sent'],
    [new PlainApiError('CALL_REFUSED'), 'not-sent'],
    [new Error('socket hang up'), 'unknown'],
  ])('%s without outcomeUnknown → %s, from its code and status', (err, outcome) => {
    expect(writeOutcomeOf(err).outcome).toBe(outcome);
  });

  it("follows crm-core's outcomeUnknown over the code: a 5xx crm-core knows was not sent is refused, a 429 after a lost attempt unknown", () => {
    expect(writeOutcomeOf(new ZohoApiError({ code: 'INTERNAL_ERROR', message: 'x', operation: 'op', status: 500, outcomeUnknown: false })).outcome).toBe('refused');
    expect(writeOutcomeOf(new ZohoApiError({ code: 'TOO_MANY_REQUESTS', message: 'x', operation: 'op', status: 429, outcomeUnknown: true })).outcome).toBe('unknown');
  });

  it('an abort before sending is not-sent; after sending it is unknown and still in flight, as is a timeout; a reset is not', () => {
    expect(writeOutcomeOf(new ZohoApiError({ code: 'ABORTED', message: 'x', operation: 'op' }))).toMatchObject({ outcome: 'not-sent', inFlight: false });
    expect(writeOutcomeOf(new ZohoApiError({ code: 'ABORTED', message: 'x', operation: 'op', outcomeUnknown: true }))).toMatchObject({ outcome: 'unknown', inFlight: true });
    expect(writeOutcomeOf(new PlainApiError('TIMEOUT'))).toMatchObject({ outcome: 'unknown', inFlight: true });
    expect(writeOutcomeOf(new PlainApiError('NETWORK_ERROR', undefined, { errorCode: 'ECONNRESET' }))).toMatchObject({ outcome: 'unknown', inFlight: false });
  });

  it('keeps code, status, message and details; anything else is UNEXPECTED_ERROR', () => {
    expect(writeOutcomeOf(new PlainApiError('INVALID_DATA', 400, { api_name: 'Mobile' }))).toEqual({
      outcome: 'refused',
      inFlight: false,
      code: 'INVALID_DATA',
      status: 400,
      message: 'INVALID_DATA (HTTP 400)',
      details: { api_name: 'Mobile' },
    });
    expect(writeOutcomeOf('boom')).toMatchObject({ code: 'UNEXPECTED_ERROR', message: 'boom', outcome: 'unknown' });
  });
});

describe('answeredOutcome', () => {
  const id = '6051205000000000001';
  it('success → applied, an error → refused', () => {
    expect(answeredOutcome({ id, status: 'success', code: 'SUCCESS', message: 'ok', details: {} }, id).outcome).toBe('applied');
    expect(answeredOutcome({ id, status: 'error', code: 'INVALID_DATA', message: 'no', details: {} }, id).outcome).toBe('refused');
  });

  it('no result, a result about another record, or the BAD_RESPONSE marker → unknown, the answer having come back', () => {
    expect(answeredOutcome(undefined, id)).toEqual({ outcome: 'unknown', lost: { source: 'result', code: 'BAD_RESPONSE', message: '', details: {}, inFlight: false } });
    expect(answeredOutcome({ id: '7', status: 'success', code: 'SUCCESS', message: '', details: {} }, id).outcome).toBe('unknown');
    expect(answeredOutcome({ id, status: 'error', code: 'BAD_RESPONSE', message: 'Zoho returned no result for this record', details: {} }, id)).toMatchObject({
      outcome: 'unknown',
      lost: { message: 'Zoho returned no result for this record', inFlight: false },
    });
  });
});

describe('readBackVerdict', () => {
  const meta = new Map<string, FieldMeta>([
    ['Mobile', { apiName: 'Mobile', dataType: 'phone', systemMandatory: false, readOnly: false }],
    ['Annual_Revenue', { apiName: 'Annual_Revenue', dataType: 'currency', systemMandatory: false, readOnly: false }],
  ]);
  const sent: RecordInput = { id: '1', Mobile: '+1 555', Annual_Revenue: 100 };
  const held = { id: '1', Mobile: '+1 555', Annual_Revenue: '100.0' };
  const notHeld = { id: '1', Mobile: '+1 000', Annual_Revenue: 100 };

  it('every compared value held (by field type) → applied, even after a timeout', () => {
    expect(readBackVerdict(sent, ['Mobile', 'Annual_Revenue'], meta, held, false, true)).toBe('applied');
    expect(readBackVerdict(sent, ['Mobile', 'Annual_Revenue'], meta, held, true, true)).toBe('applied');
  });

  it('not held after an answer that came back → resend while allowed, then not-applied', () => {
    expect(readBackVerdict(sent, ['Mobile'], meta, notHeld, false, true)).toBe('resend');
    expect(readBackVerdict(sent, ['Mobile'], meta, notHeld, false, false)).toBe('not-applied');
  });

  it('not held after a timeout or abort → in-flight: never resent, the request may still arrive', () => {
    expect(readBackVerdict(sent, ['Mobile'], meta, notHeld, true, true)).toBe('in-flight');
  });

  it('a record not read back, a field without metadata or missing from the read → not proven applied', () => {
    expect(readBackVerdict(sent, ['Mobile'], meta, undefined, false, true)).toBe('not-returned');
    expect(readBackVerdict({ id: '1', Other: 'x' }, ['Other'], meta, { id: '1', Other: 'x' }, false, false)).toBe('not-applied');
    expect(readBackVerdict(sent, ['Mobile'], meta, { id: '1' }, false, false)).toBe('not-applied');
  });
});

/**
 * A client over an in-memory record store whose update answers are scripted per call: the answer
 * is lost before the write is applied ('before') or after ('after').
 */
function storeClient(script: ('ok' | 'before' | 'after')[]) {
  const store = new Map<string, Record<string, unknown>>([['1', { id: '1', Mobile: '+1 000', Company: 'Old' }]]);
  const sent: RecordInput[][] = [];
  const client: WriteClient = {
    getFields: async () => [
      { apiName: 'Mobile', dataType: 'phone', systemMandatory: false, readOnly: false },
      { apiName: 'Company', dataType: 'text', systemMandatory: false, readOnly: false },
    ],
    getRecords: async (_module, ids, fields) =>
      ids.flatMap((id) => {
        const r = store.get(id);
        return r ? [Object.fromEntries([['id', id], ...fields.map((f) => [f, r[f] ?? null])]) as RecordData] : [];
      }),
    updateRecords: async (_module, records) => {
      sent.push(records);
      const step = script[sent.length - 1] ?? 'ok';
      if (step === 'before') throw new PlainApiError('NETWORK_ERROR', undefined, { errorCode: 'ECONNRESET' });
      for (const r of records) Object.assign(store.get(r.id) ?? {}, r);
      if (step === 'after') throw new PlainApiError('INTERNAL_ERROR', 500);
      return records.map((r) => ({ id: r.id, status: 'success' as const, code: 'SUCCESS', message: 'record updated', details: {} }));
    },
  };
  return { client, store, sent };
}

describe('writeRecords with an in-memory client', () => {
  it('compares only verify.fields: a changed re-included field does not hide a write that landed', async () => {
    const { client, store, sent } = storeClient(['after']);
    // Another writer changes Company between the write and the read-back.
    const racing: WriteClient = { ...client, updateRecords: (module, records, opts) => client.updateRecords(module, records, opts).finally(() => Object.assign(store.get('1') ?? {}, { Company: 'Changed' })) };
    const results = await writeRecords(racing, 'Leads', [{ id: '1', Mobile: '+1 555', Company: 'Old' }], { verify: { fields: ['Mobile'] } });
    expect(results[0]).toMatchObject({ outcome: 'applied', verified: true, resends: 0 });
    expect(sent).toHaveLength(1);
  });

  it('resends what resendWith builds from the read-back, and keeps the lost answers in order', async () => {
    const { client, sent } = storeClient(['before', 'after']);
    const results = await writeRecords(client, 'Leads', [{ id: '1', Mobile: '+1 555' }], {
      verify: { readAlso: ['Company'], resendWith: (record, readBack) => ({ ...record, Company: String(readBack['Company']) }) },
    });
    expect(sent[1]).toEqual([{ id: '1', Mobile: '+1 555', Company: 'Old' }]);
    expect(results[0]).toMatchObject({ outcome: 'applied', verified: true, resends: 1, sent: { Company: 'Old' } });
    expect(results[0]?.lost.map((l) => l.code)).toEqual(['NETWORK_ERROR', 'INTERNAL_ERROR']);
  });

  it('maxResends bounds the resends: proven not applied each time → refused (verified) with the last lost code', async () => {
    const { client, sent } = storeClient(['before', 'before', 'before']);
    const results = await writeRecords(client, 'Leads', [{ id: '1', Mobile: '+1 555' }], { verify: { maxResends: 2 } });
    expect(sent).toHaveLength(3);
    expect(results[0]).toMatchObject({ outcome: 'refused', verified: true, resends: 2, code: 'NETWORK_ERROR' });
  });

  it('resendWith returning undefined keeps the record from being resent', async () => {
    const { client, sent } = storeClient(['before']);
    const results = await writeRecords(client, 'Leads', [{ id: '1', Mobile: '+1 555' }], { verify: { resendWith: () => undefined } });
    expect(sent).toHaveLength(1);
    expect(results[0]).toMatchObject({ outcome: 'refused', verified: true, resends: 0 });
  });

  it('refuses malformed verify options before sending, and a client answering without a list is a bug, not a lost answer', async () => {
    const { client, sent } = storeClient([]);
    await expect(writeRecords(client, 'Leads', [{ id: '1', Mobile: 'x' }], { verify: { maxResends: 9 } })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(sent).toHaveLength(0);
    const broken: WriteClient = { ...client, updateRecords: async () => null as unknown as RecordResult[] };
    await expect(writeRecords(broken, 'Leads', [{ id: '1', Mobile: 'x' }], { verify: true })).rejects.toThrow(TypeError);
  });
});
