import type { ModuleLesson } from '@zcrmkit/crm-core';
import type { LearningGate } from './batch-scheduler.js';
import type { LayoutMeta, SafeUpdateClient } from './core-types.js';
import type { ModuleMetadata } from './metadata-cache.js';
import type { ResolvedOptions } from './options.js';
import { demandedFields, demandedInRun, type DemandRules } from './required-fields.js';
import type { ResultBook } from './result-book.js';
import type { FailedOutcome, RequiredField, UpdatedOutcome } from './types.js';
import { diffOf, type Work } from './work.js';

/** State shared by every batch of one run. */
export interface RunContext {
  client: SafeUpdateClient;
  /**
   * Opened once an update call of the run is settled, answers and all: what Zoho's answer taught
   * (a field it demands) is then known to the batches it lets start.
   */
  gate: LearningGate;
  module: string;
  opts: ResolvedOptions;
  meta: ModuleMetadata;
  /** The caller's `requiredFields` that the module has. */
  configured: readonly string[];
  /** The caller's `readAhead` that the module has. */
  readAhead: readonly string[];
  /** Fields Zoho named in MANDATORY_NOT_FOUND; remembered for the rest of the run. */
  learned: Set<string>;
  /** The org profile's lesson for the module, when one was kept: what earlier runs learned. */
  lesson: ModuleLesson | undefined;
  /** Fields Zoho demanded in earlier runs (the lesson's). */
  remembered: ReadonlySet<string>;
  /** Set once Zoho answered an update call of this run (success or refusal). */
  answered: boolean;
  /**
   * Set once Zoho refused an update with MANDATORY_NOT_FOUND without naming the field: from then
   * on the records' layout rules are taken as enforced.
   */
  layoutDemanded: boolean;
  /**
   * Set once Zoho has answered MANDATORY_NOT_FOUND in this run: from then on the optimistic
   * strategy reads required fields before sending, because the next batches would fail the same way.
   */
  readFirst: boolean;
  book: ResultBook;
  calls: { reads: number; updates: number };
}

export function demandRules(ctx: RunContext): DemandRules {
  return {
    meta: ctx.meta,
    configured: ctx.configured,
    learned: ctx.learned,
    remembered: ctx.remembered,
    layoutRulesEnforced: ctx.opts.layoutRulesEnforced || ctx.layoutDemanded || ctx.lesson?.layoutRulesEnforced === true,
  };
}

// What a record's layout demands changes only when the run learns something (`learned` only grows,
// `layoutDemanded` only turns on), so it is worked out once per layout per state, not per record.
const demandedMemo = new WeakMap<RunContext, { learned: number; layoutDemanded: boolean; byLayout: Map<string, readonly RequiredField[]> }>();

/**
 * The unchanged fields Zoho demands of a record with `layout` (see demandedFields), in its order;
 * shared, not to be edited. A list, not a map: every record walks it, often in code not yet optimised.
 */
export function demandedFor(ctx: RunContext, layout: LayoutMeta | undefined): readonly RequiredField[] {
  let memo = demandedMemo.get(ctx);
  if (!memo || memo.learned !== ctx.learned.size || memo.layoutDemanded !== ctx.layoutDemanded) {
    memo = { learned: ctx.learned.size, layoutDemanded: ctx.layoutDemanded, byLayout: new Map() };
    demandedMemo.set(ctx, memo);
  }
  const key = layout?.id ?? '';
  let demanded = memo.byLayout.get(key);
  if (!demanded) {
    demanded = [...demandedFields(demandRules(ctx), layout).values()];
    memo.byLayout.set(key, demanded);
  }
  return demanded;
}

export function requiredNow(ctx: RunContext): Map<string, RequiredField> {
  return demandedInRun(demandRules(ctx));
}

type Base = Omit<UpdatedOutcome, 'state' | 'verified' | 'resends' | 'duplicateOf'>;

// Built property by property (not by spreading optional parts) in the order results print them:
// one object per record settled, not three.
export function baseOutcome(ctx: RunContext, work: Work): Base {
  const base: Base = { index: work.index, id: work.id, diff: diffOf(work, ctx.meta.fields), reincluded: [...work.included.values()] } as Base;
  if (work.lastPayload) base.payload = work.lastPayload;
  base.attempts = work.attempts;
  base.warnings = [...work.warnings];
  return base;
}

/** The record reached Zoho's state that was asked for. */
export function settleUpdated(ctx: RunContext, work: Work, verified: boolean): void {
  const outcome = baseOutcome(ctx, work) as UpdatedOutcome;
  outcome.state = 'updated';
  if (verified) outcome.verified = true;
  if (work.resends > 0) outcome.resends = work.resends;
  ctx.book.settle(outcome);
}

export function settleFailed(
  ctx: RunContext,
  work: Work,
  failure: { code: string; message: string; field?: string; details?: Record<string, unknown>; outcomeUnknown?: boolean },
): void {
  const outcome: FailedOutcome = {
    ...baseOutcome(ctx, work),
    state: 'failed',
    code: failure.code,
    message: failure.message,
    details: failure.details ?? {},
    outcomeUnknown: failure.outcomeUnknown ?? false,
    ...(failure.field !== undefined ? { field: failure.field } : {}),
  };
  ctx.book.settle(outcome);
}
