import { ABORTED, runAborted, settleNotSent } from './abort-run.js';
import { classifyError } from './classify-error.js';
import type { RecordResult } from './core-types.js';
import { mayBeDemanded, requiredFieldEmpty } from './include-required.js';
import { readBatch, readyToSend } from './read-for-batch.js';
import { baseOutcome, settleFailed, settleUpdated, type RunContext } from './run-context.js';
import { settleUnknown } from './verify-unknown.js';
import { buildPayload, type Work } from './work.js';

const MANDATORY_NOT_FOUND = 'MANDATORY_NOT_FOUND';

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
  work.mandatoryRounds++;
  const field = mandatoryField(result);
  work.lastMandatory = { details: result.details, ...(field ? { field } : {}) };
  const fail = (message: string) =>
    settleFailed(ctx, work, { code: MANDATORY_NOT_FOUND, message, details: result.details, ...(field ? { field } : {}) });
  if (field === undefined) {
    if (ctx.layoutDemanded && work.current) {
      fail(`Zoho reports a mandatory field missing on record ${work.id} without naming it, although every field its layout requires was sent (${result.message})`);
      return false;
    }
    ctx.layoutDemanded = true;
    return true;
  }
  if (!ctx.meta.fields.has(field)) {
    // The metadata this run holds (perhaps kept by the org profile) is older than the field.
    ctx.client.clearMetadataCache(ctx.module);
    fail(`Zoho requires ${field}, which is not in the field metadata of ${ctx.module}; if the field is new, run again: the metadata held (in memory and in the org profile) was dropped, so fields and layouts are read afresh`);
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

interface RoundResult {
  /** Refused with MANDATORY_NOT_FOUND, to be sent again with the demanded field. */
  retry: Work[];
  /** The answer was lost: applied or not, to be found out. */
  unknown: Work[];
}

/** Sends one update call and settles what its answer decides. */
async function sendRound(ctx: RunContext, works: Work[]): Promise<RoundResult> {
  const out: RoundResult = { retry: [], unknown: [] };
  const payloads = works.map((w) => {
    const payload = buildPayload(w);
    w.lastPayload = payload;
    w.attempts++;
    return payload;
  });
  let results: RecordResult[];
  try {
    ctx.calls.updates++;
    results = await ctx.client.updateRecords(ctx.module, payloads, { trigger: [...ctx.opts.trigger], ...ctx.opts.callOptions });
  } catch (err) {
    const info = classifyError(err);
    if (info.code === ABORTED && !info.outcomeUnknown) {
      // crm-core aborted the call before the write went out.
      settleNotSent(ctx, works);
      return out;
    }
    for (const w of works) {
      const details = { ...info.details, errorCode: info.code, ...(info.status !== undefined ? { status: info.status } : {}) };
      if (info.outcomeUnknown) {
        w.warnings.push(`update call failed: ${info.code}: ${info.message}`);
        w.lostAnswer = details;
        // A timed-out or aborted request may still arrive: never resent.
        w.lostInFlight = info.code === 'TIMEOUT' || info.code === ABORTED;
        out.unknown.push(w);
      } else if (w.resends > 0 || w.lostAnswer) {
        // An earlier answer was lost and a re-read showed it had not landed; this one was refused.
        settleFailed(ctx, w, { code: info.code, message: `update call refused after an earlier lost answer that a re-read showed had not landed: ${info.message}`, details });
      } else {
        settleFailed(ctx, w, { code: info.code, message: `update call refused: ${info.message}`, details });
      }
    }
    return out;
  }

  ctx.answered = true;
  works.forEach((w, i) => {
    const result = results[i];
    if (!result || (result.id !== w.id && result.id !== '' && result.id !== undefined)) {
      // Zoho answered, but not about this record: it may or may not have been applied.
      w.warnings.push('the update response did not report this record');
      w.lostAnswer = { errorCode: 'BAD_RESPONSE' };
      w.lostInFlight = false;
      out.unknown.push(w);
    } else if (result.status === 'error' && result.code === 'BAD_RESPONSE') {
      // crm-core's marker for a record the answer left out: it may or may not have been applied.
      w.warnings.push(`the update response did not report this record: ${result.message}`);
      w.lostAnswer = { errorCode: 'BAD_RESPONSE' };
      w.lostInFlight = false;
      out.unknown.push(w);
    } else if (result.status === 'success') {
      settleUpdated(ctx, w, false);
    } else if (result.code === MANDATORY_NOT_FOUND) {
      if (onMandatoryMissing(ctx, w, result)) out.retry.push(w);
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
  return out;
}

/** Records refused with MANDATORY_NOT_FOUND maxRounds times are given up on. */
function withinRounds(ctx: RunContext, works: Work[]): Work[] {
  return works.filter((w) => {
    if (w.mandatoryRounds < ctx.opts.maxRounds) return true;
    const field = w.lastMandatory?.field;
    settleFailed(ctx, w, {
      code: MANDATORY_NOT_FOUND,
      message: `Zoho still reports a mandatory field missing (${field ?? 'unnamed'}) after ${w.attempts} update calls (maxRounds)`,
      details: w.lastMandatory?.details ?? {},
      ...(field ? { field } : {}),
    });
    return false;
  });
}

/**
 * Takes one batch (≤ batchSize distinct records) to a final state per record. Each round sends
 * the records still open in one call; a record's outcome comes from all its attempts: refused →
 * sent again with what Zoho demands; answer lost → read back, then updated (verified), sent again,
 * or unknown.
 */
export async function processBatch(ctx: RunContext, batch: Work[]): Promise<void> {
  let active = batch;
  if (runAborted(ctx)) return settleNotSent(ctx, active);
  if (ctx.opts.strategy === 'prefetch' || ctx.opts.dryRun || ctx.readFirst) {
    active = await readBatch(ctx, active, 'reading the records');
  }
  if (ctx.opts.dryRun) {
    for (const w of await readyToSend(ctx, active, 'dry run')) {
      const mayDemand = ctx.lesson ? [] : mayBeDemanded(ctx, w);
      ctx.book.settle({ ...baseOutcome(ctx, w), payload: buildPayload(w), state: 'planned', ...(ctx.lesson ? {} : { mayDemand }) });
    }
    return;
  }
  while (active.length > 0) {
    if (runAborted(ctx)) return settleNotSent(ctx, active);
    active = await readyToSend(ctx, active, 'before the update');
    if (active.length === 0) break;
    if (runAborted(ctx)) return settleNotSent(ctx, active);
    const { retry, unknown } = await sendRound(ctx, active);
    const resend = await settleUnknown(ctx, unknown);
    active = [...withinRounds(ctx, retry), ...resend];
  }
}
