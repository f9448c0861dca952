import { settleFailed, type RunContext } from './run-context.js';
import type { FailedOutcome, SafeUpdateItem } from './types.js';
import type { Work } from './work.js';

/** crm-core's code for a call its signal aborted; also the code of records an aborted run never sent. */
export const ABORTED = 'ABORTED';

const NOT_SENT = 'the run was aborted before this record was sent (any earlier attempt was refused or not applied); nothing of this change reached Zoho, so a re-run can send it';

export function runAborted(ctx: Pick<RunContext, 'opts'>): boolean {
  return ctx.opts.signal?.aborted === true;
}

/** Settles every record of `works` still open as not sent: the abort came before its update went out. */
export function settleNotSent(ctx: RunContext, works: Iterable<Work>): void {
  for (const w of works) {
    if (!ctx.book.isSettled(w.index)) settleFailed(ctx, w, { code: ABORTED, message: NOT_SENT });
  }
}

/** Outcomes of a run aborted before the module's metadata was read: nothing was sent for any item. */
export function abortedBeforeStart(items: readonly SafeUpdateItem[]): FailedOutcome[] {
  return items.map((item, index) => ({
    index,
    id: typeof item?.id === 'string' ? item.id : String(item?.id ?? ''),
    state: 'failed',
    code: ABORTED,
    message: NOT_SENT,
    details: {},
    outcomeUnknown: false,
    diff: [],
    reincluded: [],
    attempts: 0,
    warnings: [],
  }));
}
