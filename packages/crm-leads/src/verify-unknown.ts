import { runAborted } from './abort-run.js';
import { sameValue } from './field-values.js';
import { applyRead } from './include-required.js';
import { fieldsToRead } from './read-for-batch.js';
import { readRecords } from './read-records.js';
import { settleFailed, settleUpdated, type RunContext } from './run-context.js';
import type { Work } from './work.js';

/**
 * Re-reads records whose update answer was lost. Holding every requested value → `updated`
 * (verified). Not holding them after an answer that did come back (5xx, reset, cut body) → the
 * update did not land: returned to be sent again, with values from this read, while `maxResends`
 * allows. Otherwise — a timeout (the request may still arrive), no re-read, resends used up — the
 * outcome stays unknown.
 */
export async function settleUnknown(ctx: RunContext, works: Work[]): Promise<Work[]> {
  if (works.length === 0) return [];
  let records;
  const fields = fieldsToRead(ctx, works);
  // After an abort nothing new is sent, reads included: the outcome stays unknown.
  const aborted = runAborted(ctx);
  if (ctx.opts.verifyUnknown && !aborted) {
    try {
      records = await readRecords(ctx, works.map((w) => w.id), fields);
    } catch {
      records = undefined;
    }
  }
  const resend: Work[] = [];
  for (const w of works) {
    const record = records?.get(w.id);
    const applied =
      record !== undefined &&
      [...w.changes].every(([name, to]) => {
        const meta = ctx.meta.fields.get(name);
        return meta !== undefined && name in record && sameValue(meta, record[name], to);
      });
    if (applied) {
      settleUpdated(ctx, w, true);
      continue;
    }
    if (record !== undefined && !w.lostInFlight && w.resends < ctx.opts.maxResends) {
      w.resends++;
      w.warnings.push(`a re-read showed the update had not landed; sent again (${w.resends}/${ctx.opts.maxResends})`);
      // Not applied, so not all the same: applyRead only records the fresh values here.
      if (applyRead(ctx, w, record, fields)) resend.push(w);
      continue;
    }
    if (record !== undefined && !w.lostInFlight) {
      // Zoho answered (or cut the connection) and the record does not hold the values: not applied.
      const code = typeof w.lostAnswer?.['errorCode'] === 'string' ? (w.lostAnswer['errorCode'] as string) : 'UPDATE_LOST';
      settleFailed(ctx, w, {
        code,
        details: w.lostAnswer ?? {},
        message: `the update of record ${w.id} failed (${code}) and a re-read showed it was not applied${w.resends > 0 ? `, also after ${w.resends} resend(s)` : ''} (maxResends)`,
      });
      continue;
    }
    const why = !records
      ? aborted
        ? '; the run was aborted, so it was not read back'
        : ''
      : record === undefined
        ? '; the record was not returned when read back'
        : w.lostInFlight
          ? '; a re-read did not show the new values, but the request timed out and may still arrive, so it was not sent again'
          : '; a re-read did not show the new values';
    settleFailed(ctx, w, {
      code: 'OUTCOME_UNKNOWN',
      details: w.lostAnswer ?? {},
      message: `the update of record ${w.id} may or may not have been applied: ${w.warnings.filter((m) => m.startsWith('update call failed') || m.startsWith('the update response')).at(-1) ?? 'no answer'}${why}`,
      outcomeUnknown: true,
    });
  }
  return resend;
}
