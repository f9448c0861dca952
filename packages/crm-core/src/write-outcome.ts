import { sameValue } from './field-values.js';
import { MAX_FIELDS_PER_CALL } from './limits.js';
import type { FieldMeta, RecordData, RecordInput, RecordResult, UpdateRecordsOptions, ZohoClient } from './types.js';
import { invalidInput } from './zoho-api-error.js';

/**
 * What became of one record a write carried: `applied` (Zoho said so, or a read-back showed the
 * values), `refused` (Zoho said no, or a read-back proved the write did not land), `unknown` (the
 * answer was lost and nothing settled it), `not-sent` (no request carrying it left).
 */
export type WriteOutcome = 'applied' | 'refused' | 'unknown' | 'not-sent';

/** The parts of a thrown error a caller reports. */
export interface ErrorFacts {
  code: string;
  message: string;
  status?: number;
  details: Record<string, unknown>;
}

/** What a write's thrown error says about the records it carried. */
export interface ThrownWriteOutcome extends ErrorFacts {
  outcome: Exclude<WriteOutcome, 'applied'>;
  /** `unknown` only: the request may still reach Zoho (a timeout, an abort), so a read-back cannot prove it did not land. */
  inFlight: boolean;
}

/** An answer lost for one record: the call failed (`call`), or Zoho answered without this record (`result`). */
export interface LostAnswer extends ErrorFacts {
  source: 'call' | 'result';
  inFlight: boolean;
}

/** Why a record stayed `unknown`. */
export type UnsettledReason = 'not-verified' | 'aborted' | 'read-failed' | 'not-returned' | 'in-flight';

export interface WriteResult extends RecordResult {
  outcome: WriteOutcome;
  /** A read-back decided the outcome: the values were there (`applied`) or provably not (`refused`). */
  verified?: true;
  /** Times the record was sent again after a read-back proved the write had not landed. */
  resends: number;
  /** The record as last sent; absent when it was never sent. */
  sent?: RecordInput;
  /** Every answer lost for this record, in order. */
  lost: LostAnswer[];
  /** The failed update call that made the record `refused` or `not-sent`; absent when Zoho's per-record answer or a read-back did. */
  callError?: ErrorFacts;
  /** `unknown` only: why no read-back settled it. */
  unsettled?: UnsettledReason;
}

export interface VerifyOptions {
  /** Fields whose values prove a record's write landed. Default: every field written. */
  fields?: readonly string[] | ((sent: RecordInput) => Iterable<string>);
  /** Fields read back besides those, e.g. for `resendWith`. Default: none. */
  readAlso?: readonly string[];
  /** Resends per record in this call, each only after a read-back proved the write had not landed and its answer did come back. Default 1; 0 never resends. */
  maxResends?: number;
  /** The module's field metadata, for comparing values. Default: `getFields` (the metadata cache). */
  fieldMeta?: ReadonlyMap<string, FieldMeta> | readonly FieldMeta[];
  /** Builds the resend from the read-back; `undefined` keeps the record from being resent (it stays `refused`, verified). Default: the record as sent. */
  resendWith?: (sent: RecordInput, readBack: RecordData, lost: readonly LostAnswer[]) => RecordInput | undefined;
}

export interface WriteRecordsOptions extends UpdateRecordsOptions {
  /** Read back records whose answer was lost, to settle their outcome (see README, "Write outcomes"). Default: false. */
  verify?: boolean | VerifyOptions;
}

/** What `writeRecords` needs of a client: the real one, or any with these methods. */
export type WriteClient = Pick<ZohoClient, 'updateRecords' | 'getRecords' | 'getFields'>;

/** Codes that say an attempt could have landed although no code or status said so. */
const UNKNOWN_OUTCOME_CODES = new Set(['TIMEOUT', 'NETWORK_ERROR', 'BAD_RESPONSE']);
/** Codes of calls refused before anything was sent, whoever threw them. */
const REFUSED_BEFORE_SENDING = new Set(['INVALID_INPUT', 'NOT_INITIALIZED', 'CALL_REFUSED']);
/** Codes crm-core throws, with `outcomeUnknown: false`, for a write that never left. */
const NOT_SENT_CODES = new Set([...REFUSED_BEFORE_SENDING, 'ABORTED', 'CLIENT_CLOSED', 'INVALID_OPTION']);
/** A request still on its way: it may land after any read-back. */
const IN_FLIGHT_CODES = new Set(['TIMEOUT', 'ABORTED']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Code, message, status and details of anything thrown. Read structurally rather than by class, so
 * a second copy of crm-core in node_modules, or a test double, reads the same.
 */
export function errorFacts(err: unknown): ErrorFacts {
  const e = isObject(err) ? err : {};
  const code = typeof e['code'] === 'string' && e['code'] !== '' ? e['code'] : 'UNEXPECTED_ERROR';
  const status = typeof e['status'] === 'number' ? e['status'] : undefined;
  const message = err instanceof Error ? err.message : String(err);
  const details = isObject(e['details']) ? { ...e['details'] } : {};
  return { code, message, details, ...(status !== undefined ? { status } : {}) };
}

/**
 * What an error thrown by a write says of its records. crm-core's own `outcomeUnknown` decides when
 * present (it knows which attempts were sent); otherwise the code and status do: a 4xx means Zoho
 * refused the request, a 5xx, timeout, reset or unreadable answer may hide a write that landed.
 */
export function writeOutcomeOf(err: unknown): ThrownWriteOutcome {
  const facts = errorFacts(err);
  const flag = isObject(err) ? err['outcomeUnknown'] : undefined;
  let unknown: boolean;
  if (typeof flag === 'boolean') unknown = flag;
  else if (UNKNOWN_OUTCOME_CODES.has(facts.code)) unknown = true;
  else if (facts.status !== undefined) unknown = facts.status >= 500;
  else unknown = !REFUSED_BEFORE_SENDING.has(facts.code);
  if (unknown) return { ...facts, outcome: 'unknown', inFlight: IN_FLIGHT_CODES.has(facts.code) };
  return { ...facts, outcome: NOT_SENT_CODES.has(facts.code) ? 'not-sent' : 'refused', inFlight: false };
}

/** One record's outcome from the update call's per-record answer; `lost` when the answer says nothing of it. */
export function answeredOutcome(result: RecordResult | undefined, id: string): { outcome: 'applied' | 'refused'; result: RecordResult } | { outcome: 'unknown'; lost: LostAnswer } {
  if (!result || (result.id !== id && result.id !== '' && result.id !== undefined)) {
    return { outcome: 'unknown', lost: { source: 'result', code: 'BAD_RESPONSE', message: '', details: {}, inFlight: false } };
  }
  // crm-core's marker for a record the answer left out.
  if (result.status === 'error' && result.code === 'BAD_RESPONSE') {
    return { outcome: 'unknown', lost: { source: 'result', code: 'BAD_RESPONSE', message: result.message, details: {}, inFlight: false } };
  }
  return { outcome: result.status === 'success' ? 'applied' : 'refused', result };
}

export type ReadBackVerdict = 'applied' | 'resend' | 'not-applied' | 'not-returned' | 'in-flight';

/**
 * What a read-back says of a record whose answer was lost. Holding every value of `compared` →
 * applied. Not holding them proves the write did not land only when the lost answer did come back
 * (a 5xx, a reset, a cut body): a timed-out or aborted request may still arrive, so it is never resent.
 */
export function readBackVerdict(
  sent: RecordInput,
  compared: Iterable<string>,
  meta: ReadonlyMap<string, FieldMeta>,
  record: RecordData | undefined,
  inFlight: boolean,
  mayResend: boolean,
): ReadBackVerdict {
  if (record === undefined) return 'not-returned';
  const held = [...compared].every((name) => {
    const field = meta.get(name);
    const wanted = sent[name];
    return field !== undefined && wanted !== undefined && name in record && sameValue(field, record[name], wanted);
  });
  if (held) return 'applied';
  if (inFlight) return 'in-flight';
  return mayResend ? 'resend' : 'not-applied';
}

interface Pending {
  sent: RecordInput;
  resends: number;
  lost: LostAnswer[];
  done?: WriteResult;
}

function checkVerify(operation: string, verify: unknown): VerifyOptions | undefined {
  if (verify === undefined || verify === false) return undefined;
  if (verify === true) return {};
  if (!isObject(verify)) throw invalidInput(operation, 'verify must be a boolean or an object');
  const max = (verify as VerifyOptions).maxResends;
  if (max !== undefined && (!Number.isInteger(max) || max < 0 || max > 5)) throw invalidInput(operation, `verify.maxResends must be an integer from 0 to 5, got ${String(max)}`);
  return verify as VerifyOptions;
}

function comparedFields(verify: VerifyOptions, sent: RecordInput): string[] {
  const names = typeof verify.fields === 'function' ? [...verify.fields(sent)] : verify.fields ?? Object.keys(sent).filter((k) => k !== 'id');
  return names.filter((name) => name in sent && name !== 'id');
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function readBack(client: WriteClient, module: string, ids: string[], fields: string[], signal: AbortSignal | undefined): Promise<Map<string, RecordData>> {
  const out = new Map<string, RecordData>();
  const opts = signal ? { signal } : undefined;
  for (const group of chunk(fields, MAX_FIELDS_PER_CALL)) {
    for (const record of await client.getRecords(module, ids, group, opts)) {
      const id = String(record.id);
      out.set(id, { ...out.get(id), ...record, id });
    }
  }
  return out;
}

async function fieldMap(client: WriteClient, module: string, verify: VerifyOptions, signal: AbortSignal | undefined): Promise<ReadonlyMap<string, FieldMeta>> {
  const given = verify.fieldMeta ?? (await client.getFields(module, signal ? { signal } : undefined));
  return given instanceof Map ? given : new Map((given as readonly FieldMeta[]).map((f) => [f.apiName, f]));
}

// A record refused before its first request left has nothing sent to report.
const settled = (p: Pending, result: Omit<WriteResult, 'id' | 'resends' | 'lost' | 'sent'>): WriteResult => ({
  id: p.sent.id,
  ...result,
  resends: p.resends,
  lost: p.lost,
  ...(result.outcome === 'not-sent' && p.lost.length === 0 ? {} : { sent: p.sent }),
});

const unknownResult = (p: Pending, unsettled: UnsettledReason): WriteResult => {
  const last = p.lost.at(-1);
  return settled(p, { outcome: 'unknown', status: 'error', code: last?.code ?? 'UNKNOWN', message: `the answer was lost; the write may or may not have been applied (${unsettled})`, details: last?.details ?? {}, unsettled });
};

/**
 * Settles records whose answer was lost: read back (when asked and not aborted), each is applied,
 * resent, provably not applied, or left unknown. Returns the ones to send again.
 */
async function settleLost(client: WriteClient, module: string, lost: Pending[], verify: VerifyOptions | undefined, signal: AbortSignal | undefined): Promise<Pending[]> {
  if (lost.length === 0) return [];
  if (!verify || signal?.aborted) {
    for (const p of lost) p.done = unknownResult(p, signal?.aborted ? 'aborted' : 'not-verified');
    return [];
  }
  const compared = new Map(lost.map((p) => [p, comparedFields(verify, p.sent)]));
  const fields = [...new Set([...[...compared.values()].flat(), ...(verify.readAlso ?? [])])];
  let meta: ReadonlyMap<string, FieldMeta>;
  let records: Map<string, RecordData>;
  try {
    meta = await fieldMap(client, module, verify, signal);
    records = await readBack(client, module, lost.map((p) => p.sent.id), fields, signal);
  } catch {
    for (const p of lost) p.done = unknownResult(p, 'read-failed');
    return [];
  }
  const maxResends = verify.maxResends ?? 1;
  const again: Pending[] = [];
  for (const p of lost) {
    const record = records.get(p.sent.id);
    const last = p.lost.at(-1) as LostAnswer;
    const verdict = readBackVerdict(p.sent, compared.get(p) ?? [], meta, record, last.inFlight, p.resends < maxResends);
    if (verdict === 'applied') {
      p.done = settled(p, { outcome: 'applied', verified: true, status: 'success', code: 'SUCCESS', message: 'a read-back showed the values written', details: {} });
    } else if (verdict === 'not-returned' || verdict === 'in-flight') {
      p.done = unknownResult(p, verdict);
    } else {
      if (verdict === 'resend' && signal?.aborted) {
        p.done = settled(p, { outcome: 'not-sent', verified: true, status: 'error', code: 'ABORTED', message: 'a read-back proved the write had not landed; the signal aborted before it was sent again', details: {} });
        continue;
      }
      const next = verdict === 'resend' && record ? (verify.resendWith ? verify.resendWith(p.sent, record, p.lost) : p.sent) : undefined;
      if (next) {
        p.sent = next;
        p.resends++;
        again.push(p);
      } else {
        p.done = settled(p, { outcome: 'refused', verified: true, status: 'error', code: last.code, message: `the answer was lost (${last.code}) and a read-back showed the write was not applied`, details: last.details });
      }
    }
  }
  return again;
}

/**
 * Updates up to 100 records and settles each one's outcome (see WriteOutcome): per-record answers,
 * a failed call read with `writeOutcomeOf`, and, with `verify`, records whose answer was lost read
 * back and resent only when that proves the write did not land. Never throws for a failed write:
 * every record gets a result, in input order. Throws INVALID_INPUT for malformed `verify` options.
 */
export async function writeRecords(client: WriteClient, module: string, records: readonly RecordInput[], opts: WriteRecordsOptions = {}): Promise<WriteResult[]> {
  const { verify: verifyOption, ...updateOptions } = opts;
  const verify = checkVerify(`writeRecords(${String(module)})`, verifyOption);
  const all: Pending[] = records.map((sent) => ({ sent, resends: 0, lost: [] }));
  let open = all;
  while (open.length > 0) {
    const lost: Pending[] = [];
    let answers: RecordResult[] | undefined;
    try {
      answers = await client.updateRecords(module, open.map((p) => p.sent), updateOptions);
    } catch (err) {
      const { outcome, inFlight, ...facts } = writeOutcomeOf(err);
      for (const p of open) {
        if (outcome === 'unknown') {
          p.lost.push({ ...facts, source: 'call', inFlight });
          lost.push(p);
        } else {
          p.done = settled(p, { outcome, status: 'error', code: facts.code, message: facts.message, details: facts.details, callError: facts });
        }
      }
    }
    if (answers !== undefined) {
      // A client that answers without a list breaks its contract: a bug for the caller to see, not a lost answer.
      if (!Array.isArray(answers)) throw new TypeError(`writeRecords(${module}): updateRecords answered ${String(answers)} instead of per-record results`);
      const list = answers;
      open.forEach((p, i) => {
        const answer = answeredOutcome(list[i], p.sent.id);
        if (answer.outcome === 'unknown') {
          p.lost.push(answer.lost);
          lost.push(p);
        } else {
          const { status, code, message, details } = answer.result;
          p.done = settled(p, { outcome: answer.outcome, status, code, message, details });
        }
      });
    }
    open = await settleLost(client, module, lost, verify, opts.signal);
  }
  return all.map((p) => p.done as WriteResult);
}
