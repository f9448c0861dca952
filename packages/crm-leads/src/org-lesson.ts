import type { ModuleLesson, OrgProfile } from '@zcrmkit/crm-core';
import type { ModuleMetadata } from './metadata-cache.js';
import { layoutEnforced } from './required-fields.js';
import type { RunContext } from './run-context.js';

/**
 * What earlier runs learned of the module, from the client's org profile. A lesson naming a field
 * the module no longer has is out of date: it is forgotten (metadata too) and not used.
 */
export async function recallLesson(profile: OrgProfile | undefined, module: string, meta: ModuleMetadata): Promise<ModuleLesson | undefined> {
  // A profile is a cache: one that fails (crm-core's logs why) is one that holds nothing.
  const lesson = await profile?.recall(module).catch(() => undefined);
  if (!profile || !lesson) return undefined;
  if (lesson.demanded.some((f) => !meta.fields.has(f))) {
    await profile.forget(module).catch(() => undefined);
    return undefined;
  }
  return lesson;
}

/**
 * Whether the run met a rule of the org's that the lesson it started from did not know. A field the
 * lesson implied (named in it, or required by a layout whose rules it says apply) is no news: Zoho
 * names it when a record has no value for it, as each run of such records meets again.
 */
function contradicted(ctx: RunContext, lesson: ModuleLesson): boolean {
  for (const field of ctx.learned) if (!impliedBy(lesson, ctx, field)) return true;
  return !lesson.layoutRulesEnforced && layoutsEnforced(ctx);
}

function impliedBy(lesson: ModuleLesson, ctx: RunContext, field: string): boolean {
  return lesson.demanded.includes(field) || (lesson.layoutRulesEnforced && ctx.meta.layouts.some((l) => l.requiredFields.includes(field)));
}

function layoutsEnforced(ctx: RunContext): boolean {
  const rules = { meta: ctx.meta, configured: [], learned: ctx.learned, remembered: ctx.remembered, layoutRulesEnforced: ctx.layoutDemanded };
  return ctx.layoutDemanded || ctx.meta.layouts.some((l) => layoutEnforced(rules, l));
}

interface LessonStep {
  /** Drop the kept metadata first: Zoho contradicted the lesson the run started from. */
  forget: boolean;
  learned: { demanded: string[]; layoutRulesEnforced: boolean };
}

/** What keeping the lesson takes now (see keepLesson); undefined: nothing to keep. */
function lessonStep(ctx: RunContext): LessonStep | undefined {
  const lesson = ctx.lesson;
  const learned = { demanded: [...ctx.learned, ...ctx.remembered], layoutRulesEnforced: layoutsEnforced(ctx) || lesson?.layoutRulesEnforced === true };
  if (lesson && !contradicted(ctx, lesson)) {
    // A field the lesson implied but did not name is named from now on (its metadata still holds):
    // the next run settles a record without a value for it before sending that record.
    if ([...ctx.learned].every((f) => lesson.demanded.includes(f))) return undefined;
    return { forget: false, learned };
  }
  return { forget: lesson !== undefined, learned };
}

interface Keeping {
  /** The lesson last written by this run (demanded, sorted, and the layout flag). */
  written: string | undefined;
  forgot: boolean;
  task: Promise<void> | undefined;
  again: boolean;
}

const keeping = new WeakMap<RunContext, Keeping>();

/**
 * Keeps what the run learned for the next process: the fields Zoho demanded and whether layout
 * rules apply. A run that Zoho answered without any refusal teaches that too (nothing demanded), so
 * the next dry run can be exact. When Zoho contradicted the lesson the run started from, the kept
 * metadata is dropped as well (a layout may have changed): the next process reads it afresh.
 *
 * Called as soon as the run learns something (the profile is written while later batches wait on
 * Zoho, not after the last one) and once at its end, whose promise settles when what the run knows
 * then is kept. What was written already is not written again; a call made while a write is under
 * way has it take the run's state once more when it is done.
 */
export function keepLesson(ctx: RunContext, profile: OrgProfile | undefined): Promise<void> {
  if (!profile || ctx.opts.dryRun || !ctx.answered) return Promise.resolve();
  let state = keeping.get(ctx);
  if (!state) keeping.set(ctx, (state = { written: undefined, forgot: false, task: undefined, again: false }));
  if (state.task) {
    state.again = true;
    return state.task;
  }
  const run = state;
  run.task = (async () => {
    do {
      run.again = false;
      const step = lessonStep(ctx);
      if (!step) continue;
      const key = JSON.stringify([[...step.learned.demanded].sort(), step.learned.layoutRulesEnforced]);
      if (key === run.written) continue;
      if (step.forget && !run.forgot) {
        await profile.forget(ctx.module, 'metadata').catch(() => undefined);
        run.forgot = true;
      }
      await profile.learn(ctx.module, step.learned).catch(() => undefined);
      run.written = key;
    } while (run.again);
  })().finally(() => {
    run.task = undefined;
  });
  return run.task;
}
