import { applyRead } from './include-required.js';
import { readRecords } from './read-records.js';
import type { RunContext } from './run-context.js';
import type { Work } from './work.js';

/** Learned fields a record read earlier in the run has not got (neither sent, read nor known empty). */
function lacking(ctx: RunContext, work: Work): string[] {
  const current = work.current;
  if (!current) return [];
  return [...ctx.learned].filter((f) => !work.changes.has(f) && !work.included.has(f) && !work.emptyRequired.has(f) && !current.has(f));
}

/**
 * Batches run side by side: one may have read its records before another learned a required field
 * from Zoho, and would then send without it and be refused for it. Just before sending, the learned
 * fields such records lack are read (one read per batch) and re-included, so what one batch learns
 * serves the batches already in flight. Records never read (optimistic's first try) are left as
 * they are: their update carries only the changes by design. Returns the records still to send.
 */
export async function catchUpLearned(ctx: RunContext, works: Work[]): Promise<Work[]> {
  if (ctx.learned.size === 0) return works;
  const stale = works.filter((w) => lacking(ctx, w).length > 0);
  if (stale.length === 0) return works;
  const fields = [...new Set(stale.flatMap((w) => lacking(ctx, w)))];
  let records;
  try {
    records = await readRecords(ctx, stale.map((w) => w.id), fields);
  } catch {
    // Sending as read is still safe: Zoho names what is missing and the retry path takes over.
    return works;
  }
  const settled = new Set(stale.filter((w) => !applyRead(ctx, w, records.get(w.id), fields)));
  return works.filter((w) => !settled.has(w));
}
