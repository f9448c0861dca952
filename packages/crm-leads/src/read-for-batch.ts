import { errorFacts } from '@zcrmkit/crm-core';
import { ABORTED, settleNotSent } from './abort-run.js';
import { applyRead, includeDemanded } from './include-required.js';
import { readRecords } from './read-records.js';
import { candidateFields } from './required-fields.js';
import { demandRules, settleFailed, type RunContext } from './run-context.js';
import type { Work } from './work.js';

/** The fields a read of `works` asks for: the changed ones, and every field Zoho may demand. */
export function fieldsToRead(ctx: RunContext, works: readonly Work[]): string[] {
  const fields = new Set(candidateFields(demandRules(ctx), ctx.readAhead));
  for (const w of works) for (const name of w.changes.keys()) fields.add(name);
  return [...fields];
}

/**
 * Reads `works` (the changed fields, for the diff, and every field Zoho may demand) and keeps the
 * records that still need an update. A failed read settles its records: nothing was sent.
 */
export async function readBatch(ctx: RunContext, works: Work[], context: string): Promise<Work[]> {
  if (works.length === 0) return works;
  const fieldList = fieldsToRead(ctx, works);
  let records;
  try {
    records = await readRecords(ctx, works.map((w) => w.id), fieldList);
  } catch (err) {
    const info = errorFacts(err);
    if (info.code === ABORTED) {
      settleNotSent(ctx, works);
      return [];
    }
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

/**
 * Fills in what Zoho demands for each record, reading first the records a demanded field has
 * not been read for. Returns the records ready to send.
 */
export async function readyToSend(ctx: RunContext, works: Work[], context: string): Promise<Work[]> {
  const ready: Work[] = [];
  const unread: Work[] = [];
  for (const w of works) {
    const state = includeDemanded(ctx, w);
    if (state === 'ready') ready.push(w);
    else if (state === 'read') unread.push(w);
  }
  for (const w of await readBatch(ctx, unread, context)) {
    // Every field that can be demanded was just read, so only 'ready' or 'settled' come back.
    if (includeDemanded(ctx, w) !== 'settled') ready.push(w);
  }
  return ready.sort((a, b) => a.index - b.index);
}
