import type { RecordOutcome } from '@zcrmkit/crm-leads';
import type { BulkResult, BulkRow } from '../types.js';

export interface NotRunReason {
  code: string;
  message: string;
}

export const NOT_SENT: NotRunReason = { code: 'NOT_SENT', message: 'not sent: the run stopped before this row' };
export const INPUT_CHANGED_ROW: NotRunReason = { code: 'INPUT_CHANGED', message: 'not sent: the input changed after it was checked' };

export function notRun(row: { line: number; id: string }, why: NotRunReason = NOT_SENT): BulkResult {
  return { line: row.line, id: row.id, state: 'not-run', code: why.code, message: why.message, reincluded: [] };
}

/** A row whose update was under way when the run was abandoned: never "not sent", never "failed" as if refused. */
export function outcomeUnknown(row: BulkRow): BulkResult {
  return {
    line: row.line,
    id: row.id,
    state: 'failed',
    code: 'OUTCOME_UNKNOWN',
    message: 'the run stopped while this row may have been on its way to Zoho: it may or may not have been applied; check the record before sending it again',
    reincluded: [],
  };
}

/** crm-leads' outcome of a row, as the results record it. */
export function fromOutcome(row: BulkRow, o: RecordOutcome): BulkResult {
  const failure = o.state === 'failed' || o.state === 'rejected' ? o : undefined;
  const result: BulkResult = { line: row.line, id: row.id, state: o.state, code: failure?.code ?? '', message: failure?.message ?? '', reincluded: o.reincluded.map((r) => r.field) };
  if (o.state === 'planned') {
    if (o.payload) result.payload = o.payload;
    result.diff = o.diff;
    if (o.mayDemand && o.mayDemand.length > 0) result.mayDemand = o.mayDemand;
  }
  return result;
}

/**
 * A re-checked row (it no longer matches the criteria): `unchanged` when it holds the changes, its
 * failure when it could not be read, else `skipped` — someone changed it since; it is not sent.
 */
export function fromRecheck(row: BulkRow, o: RecordOutcome): BulkResult {
  if (o.state === 'unchanged' || o.state === 'failed' || o.state === 'rejected') return fromOutcome(row, o);
  return { line: row.line, id: row.id, state: 'skipped', code: 'NO_LONGER_MATCHES', message: 'no longer matches the criteria and does not hold the changes; not sent', reincluded: [] };
}
