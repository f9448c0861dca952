import { writeRecords, type LostAnswer, type UnsettledReason, type VerifyOptions, type WriteClient, type WriteResult } from '@zcrmkit/crm-core';
import { ABORTED, runAborted, settleNotSent } from './abort-run.js';
import type { RecordData, RecordInput, RecordResult } from './core-types.js';
import { applyRead, includeDemanded, mayBeDemanded, requiredFieldEmpty } from './include-required.js';
import { fieldsToRead, readBatch, readyToSend } from './read-for-batch.js';
import { baseOutcome, settleFailed, settleUpdated, type RunContext } from './run-context.js';
import { buildPayload, type Work } from './work.js';
import { keepLesson } from './org-lesson.js';

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

/** The client as crm-core's writeRecords uses it, counting this run's calls. */
function countedClient(ctx: RunContext): WriteClient {
  return {
    getFields: (module, opts) => ctx.client.getFields(module, opts),
    getRecords: (module, ids, fields, opts) => {
      ctx.calls.reads++;
      return ctx.client.getRecords(module, ids, fields, opts);
    },
    updateRecords: async (module, records, opts) => {
      ctx.calls.updates++;
      const answer = await ctx.client.updateRecords(module, records, opts);
      ctx.answered = true;
      return answer;
    },
  };
}

/** Warnings for the answers crm-core lost for a record, from the `noted`-th on; the latest is kept for the messages. */
function noteLost(w: Work, lost: readonly LostAnswer[], noted: Map<Work, number>): void {
  for (const answer of lost.slice(noted.get(w) ?? 0)) {
    if (answer.source === 'call') {
      w.warnings.push(`update call failed: ${answer.code}: ${answer.message}`);
      w.lostAnswer = { ...answer.details, errorCode: answer.code, ...(answer.status !== undefined ? { status: answer.status } : {}) };
    } else {
      w.warnings.push(`the update response did not report this record${answer.message ? `: ${answer.message}` : ''}`);
      w.lostAnswer = { errorCode: 'BAD_RESPONSE' };
    }
  }
  noted.set(w, lost.length);
}

/**
 * The payload to send again after crm-core's read-back proved a lost update had not landed: the
 * read's values re-included, as for any send. Undefined when the run's resends are used up or the
 * record was settled (a field Zoho demands is empty on it).
 */
function resendOf(ctx: RunContext, w: Work, readBack: RecordData, fields: readonly string[]): RecordInput | undefined {
  // crm-core bounds the resends of one call; maxResends bounds them over the record's whole run.
  if (w.resends >= ctx.opts.maxResends) return undefined;
  w.resends++;
  w.warnings.push(`a re-read showed the update had not landed; sent again (${w.resends}/${ctx.opts.maxResends})`);
  if (!applyRead(ctx, w, readBack, fields) || includeDemanded(ctx, w) === 'settled') return undefined;
  const payload = buildPayload(w);
  w.lastPayload = payload;
  w.attempts++;
  return payload;
}

const UNSETTLED_WHY: Record<UnsettledReason, string> = {
  'not-verified': '',
  'read-failed': '',
  aborted: '; the run was aborted, so it was not read back',
  'not-returned': '; the record was not returned when read back',
  'in-flight': '; a re-read did not show the new values, but the request timed out and may still arrive, so it was not sent again',
};

/** Settles one record from crm-core's outcome of its write; a MANDATORY_NOT_FOUND refusal may send it again (returns true). */
function settleWrite(ctx: RunContext, w: Work, result: WriteResult): boolean {
  const refusal = result.callError;
  if (result.outcome === 'applied') {
    settleUpdated(ctx, w, result.verified === true);
  } else if (result.outcome === 'unknown') {
    const lastLost = w.warnings.filter((m) => m.startsWith('update call failed') || m.startsWith('the update response')).at(-1);
    settleFailed(ctx, w, {
      code: 'OUTCOME_UNKNOWN',
      details: w.lostAnswer ?? {},
      message: `the update of record ${w.id} may or may not have been applied: ${lastLost ?? 'no answer'}${UNSETTLED_WHY[result.unsettled ?? 'not-verified']}`,
      outcomeUnknown: true,
    });
  } else if (result.outcome === 'not-sent' && result.code === ABORTED) {
    settleNotSent(ctx, [w]);
  } else if (refusal) {
    const details = { ...refusal.details, errorCode: refusal.code, ...(refusal.status !== undefined ? { status: refusal.status } : {}) };
    const message = w.resends > 0 || w.lostAnswer ? `update call refused after an earlier lost answer that a re-read showed had not landed: ${refusal.message}` : `update call refused: ${refusal.message}`;
    settleFailed(ctx, w, { code: refusal.code, message, details });
  } else if (result.verified) {
    const code = typeof w.lostAnswer?.['errorCode'] === 'string' ? (w.lostAnswer['errorCode'] as string) : 'UPDATE_LOST';
    settleFailed(ctx, w, {
      code,
      details: w.lostAnswer ?? {},
      message: `the update of record ${w.id} failed (${code}) and a re-read showed it was not applied${w.resends > 0 ? `, also after ${w.resends} resend(s)` : ''} (maxResends)`,
    });
  } else if (result.code === MANDATORY_NOT_FOUND) {
    return onMandatoryMissing(ctx, w, result);
  } else {
    const field = result.details['api_name'];
    settleFailed(ctx, w, {
      code: result.code || 'UNKNOWN_ERROR',
      message: result.message,
      details: result.details,
      ...(typeof field === 'string' ? { field } : {}),
    });
  }
  return false;
}

/**
 * Sends one update call through crm-core's writeRecords, which settles each record's outcome (and,
 * with verifyUnknown, reads back lost answers and resends what provably did not land). Returns the
 * records refused with MANDATORY_NOT_FOUND, to be sent again with the demanded field.
 */
async function sendRound(ctx: RunContext, works: Work[]): Promise<Work[]> {
  const byId = new Map(works.map((w) => [w.id, w]));
  const noted = new Map<Work, number>();
  const payloads = works.map((w) => {
    const payload = buildPayload(w);
    w.lastPayload = payload;
    w.attempts++;
    return payload;
  });
  const readAlso = fieldsToRead(ctx, works);
  const verify: VerifyOptions = {
    fields: (sent) => byId.get(sent.id)?.changes.keys() ?? [],
    readAlso,
    maxResends: ctx.opts.maxResends,
    fieldMeta: ctx.meta.fields,
    resendWith: (sent, readBack, lost) => {
      const w = byId.get(sent.id);
      if (!w) return undefined;
      noteLost(w, lost, noted);
      return resendOf(ctx, w, readBack, readAlso);
    },
  };
  const results = await writeRecords(countedClient(ctx), ctx.module, payloads, {
    trigger: [...ctx.opts.trigger],
    ...ctx.opts.callOptions,
    ...(ctx.opts.verifyUnknown ? { verify } : {}),
  });
  const retry: Work[] = [];
  works.forEach((w, i) => {
    const result = results[i];
    if (!result || ctx.book.isSettled(w.index)) return;
    noteLost(w, result.lost, noted);
    if (settleWrite(ctx, w, result)) retry.push(w);
  });
  return retry;
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
 * sent again with what Zoho demands; answer lost → what crm-core's writeRecords settled it as.
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
    const learned = ctx.learned.size;
    const layoutDemanded = ctx.layoutDemanded;
    const retry = await sendRound(ctx, active);
    // What Zoho taught is kept while the other batches wait on it, not after the last one.
    if (ctx.learned.size !== learned || ctx.layoutDemanded !== layoutDemanded) keepLesson(ctx, ctx.client.profile).catch(() => undefined);
    ctx.gate.open();
    active = withinRounds(ctx, retry);
  }
}
