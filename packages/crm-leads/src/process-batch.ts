import { classifyError } from './classify-error.js';
import type { RecordResult } from './core-types.js';
import { sameValue } from './field-values.js';
import { applyRead, requiredFieldEmpty } from './include-required.js';
import { catchUpLearned } from './learned-catch-up.js';
import { readRecords } from './read-records.js';
import { baseOutcome, requiredNow, settleFailed, type RunContext } from './run-context.js';
import { buildPayload, type Work } from './work.js';

const MANDATORY_NOT_FOUND = 'MANDATORY_NOT_FOUND';

/**
 * Reads the required fields (and the fields being changed, for the diff) of `works`, and keeps
 * the records that still need an update. A failed read settles its records: nothing was sent.
 */
async function readAndInclude(ctx: RunContext, works: Work[], context: string): Promise<Work[]> {
  if (works.length === 0) return works;
  const fields = new Set(requiredNow(ctx).keys());
  for (const w of works) for (const name of w.changes.keys()) fields.add(name);
  const fieldList = [...fields];
  let records;
  try {
    records = await readRecords(ctx, works.map((w) => w.id), fieldList);
  } catch (err) {
    const info = classifyError(err);
    for (const w of works) {
      settleFailed(ctx, w, {
        code: info.code,
        message: `${context}: reading the record failed (${info.message}); no update was sent`,
        details: { ...info.details, ...(info.status !== undefined ? { status: info.status } : {}) },
      });
    }
    return [];
  }
  return works.filter((w) => applyRead(ctx, w, records.get(w.id), fieldList));
}

function mandatoryField(result: RecordResult): string | undefined {
  const apiName = result.details['api_name'];
  if (typeof apiName === 'string' && apiName !== '') return apiName;
  // Some answers carry only the JSON path, e.g. "$.data[0].Company".
  const path = result.details['json_path'];
  const m = typeof path === 'string' ? /\.([A-Za-z][A-Za-z0-9_]*)$/.exec(path) : null;
  return m?.[1];
}

/** Decides what a MANDATORY_NOT_FOUND means for one record: retry with more fields, or give up. */
function onMandatoryMissing(ctx: RunContext, work: Work, result: RecordResult): boolean {
  ctx.readFirst = true;
  const field = mandatoryField(result);
  work.lastMandatory = { details: result.details, ...(field ? { field } : {}) };
  const fail = (message: string) =>
    settleFailed(ctx, work, { code: MANDATORY_NOT_FOUND, message, details: result.details, ...(field ? { field } : {}) });
  if (field === undefined) {
    if (work.current) {
      fail(`Zoho reports a mandatory field missing on record ${work.id} without naming it, although every known required field was sent (${result.message})`);
      return false;
    }
    return true;
  }
  if (!ctx.meta.fields.has(field)) {
    fail(`Zoho requires ${field}, which is not in the field metadata of ${ctx.module} (stale metadata cache?)`);
    return false;
  }
  if (work.changes.has(field)) {
    fail(`Zoho requires ${field}; the value given in changes is empty or was not accepted`);
    return false;
  }
  if (work.included.has(field)) {
    fail(`Zoho still reports ${field} missing although its current value was re-included`);
    return false;
  }
  ctx.learned.add(field);
  if (work.emptyRequired.has(field)) {
    settleFailed(ctx, work, requiredFieldEmpty(ctx, work, field));
    return false;
  }
  return true;
}

/** Sends one update call; returns the records to retry after MANDATORY_NOT_FOUND. */
async function sendRound(ctx: RunContext, works: Work[], unknown: Work[]): Promise<Work[]> {
  const payloads = works.map((w) => {
    const payload = buildPayload(w);
    w.lastPayload = payload;
    w.attempts++;
    return payload;
  });
  let results: RecordResult[];
  try {
    ctx.calls.updates++;
    results = await ctx.client.updateRecords(ctx.module, payloads, { trigger: [...ctx.opts.trigger] });
  } catch (err) {
    const info = classifyError(err);
    for (const w of works) {
      const details = { ...info.details, errorCode: info.code, ...(info.status !== undefined ? { status: info.status } : {}) };
      if (info.outcomeUnknown) {
        w.warnings.push(`update call failed: ${info.code}: ${info.message}`);
        w.lostAnswer = details;
        unknown.push(w);
      } else {
        settleFailed(ctx, w, { code: info.code, message: `update call refused: ${info.message}`, details });
      }
    }
    return [];
  }

  const retry: Work[] = [];
  works.forEach((w, i) => {
    const result = results[i];
    if (!result || (result.id !== w.id && result.id !== '' && result.id !== undefined)) {
      // Zoho answered, but not about this record: it may or may not have been applied.
      w.warnings.push('the update response did not report this record');
      unknown.push(w);
    } else if (result.status === 'error' && result.code === 'BAD_RESPONSE') {
      // crm-core's marker for a record the answer left out: it may or may not have been applied.
      w.warnings.push(`the update response did not report this record: ${result.message}`);
      unknown.push(w);
    } else if (result.status === 'success') {
      ctx.book.settle({ ...baseOutcome(ctx, w), state: 'updated' });
    } else if (result.code === MANDATORY_NOT_FOUND) {
      if (onMandatoryMissing(ctx, w, result)) retry.push(w);
    } else {
      const field = result.details['api_name'];
      settleFailed(ctx, w, {
        code: result.code || 'UNKNOWN_ERROR',
        message: result.message,
        details: result.details,
        ...(typeof field === 'string' ? { field } : {}),
      });
    }
  });
  return retry;
}

/**
 * Re-reads records whose update answer was lost: if the record now holds every requested value
 * the update was applied; otherwise the outcome stays unknown (a request may still be in flight).
 */
async function settleUnknown(ctx: RunContext, works: Work[]): Promise<void> {
  if (works.length === 0) return;
  let records;
  if (ctx.opts.verifyUnknown) {
    const fields = [...new Set(works.flatMap((w) => [...w.changes.keys()]))];
    try {
      records = await readRecords(ctx, works.map((w) => w.id), fields);
    } catch {
      records = undefined;
    }
  }
  for (const w of works) {
    const record = records?.get(w.id);
    const applied =
      record !== undefined &&
      [...w.changes].every(([name, to]) => {
        const meta = ctx.meta.fields.get(name);
        return meta !== undefined && name in record && sameValue(meta, record[name], to);
      });
    if (applied) {
      ctx.book.settle({ ...baseOutcome(ctx, w), state: 'updated', verified: true });
      continue;
    }
    settleFailed(ctx, w, {
      code: 'OUTCOME_UNKNOWN',
      details: w.lostAnswer ?? {},
      message: `the update of record ${w.id} may or may not have been applied: ${w.warnings[w.warnings.length - 1] ?? 'no answer'}${
        records ? '; a re-read did not show the new values' : ''
      }`,
      outcomeUnknown: true,
    });
  }
}

/** Takes one batch (≤ batchSize distinct records) to a final state per record. */
export async function processBatch(ctx: RunContext, batch: Work[]): Promise<void> {
  let active = batch;
  if (ctx.opts.strategy === 'prefetch' || ctx.opts.dryRun || ctx.readFirst) {
    active = await readAndInclude(ctx, active, 'required fields');
  }
  if (ctx.opts.dryRun) {
    for (const w of active) ctx.book.settle({ ...baseOutcome(ctx, w), payload: buildPayload(w), state: 'planned' });
    return;
  }
  const unknown: Work[] = [];
  for (let round = 1; active.length > 0; round++) {
    active = await catchUpLearned(ctx, active);
    if (active.length === 0) break;
    const retry = await sendRound(ctx, active, unknown);
    if (retry.length === 0) break;
    if (round >= ctx.opts.maxRounds) {
      for (const w of retry) {
        const field = w.lastMandatory?.field;
        settleFailed(ctx, w, {
          code: MANDATORY_NOT_FOUND,
          message: `Zoho still reports a mandatory field missing (${field ?? 'unnamed'}) after ${round} update calls (maxRounds)`,
          details: w.lastMandatory?.details ?? {},
          ...(field ? { field } : {}),
        });
      }
      break;
    }
    active = await readAndInclude(ctx, retry, 'after MANDATORY_NOT_FOUND');
  }
  await settleUnknown(ctx, unknown);
}
