import { errorFacts } from '@zcrmkit/crm-core';
import { ABORTED, abortedBeforeStart, runAborted, settleNotSent } from './abort-run.js';
import type { SafeUpdateClient } from './core-types.js';
import { suggest } from './levenshtein.js';
import { loadModuleMetadata } from './metadata-cache.js';
import { keepLesson, recallLesson } from './org-lesson.js';
import { isApiName, resolveOptions, type SafeUpdateOptions } from './options.js';
import { PreparedItems } from './prepare-items.js';
import { processBatch } from './process-batch.js';
import { ResultBook } from './result-book.js';
import { requiredNow, settleFailed, type RunContext } from './run-context.js';
import { LearningGate, runBatches } from './batch-scheduler.js';
import { SafeUpdateError } from './safe-update-error.js';
import type { SafeUpdateItem, SafeUpdateSummary } from './types.js';
import type { Work } from './work.js';

/** `names` the module has; with `given`, a name it does not have is the caller's mistake. */
function knownFields(ctx: Pick<RunContext, 'meta' | 'module'>, option: string, names: readonly string[], given: boolean): string[] {
  const known = names.filter((n) => ctx.meta.fields.has(n));
  if (given && known.length !== names.length) {
    const unknown = names.filter((n) => !ctx.meta.fields.has(n));
    const hints = unknown.map((n) => {
      const s = suggest(n, ctx.meta.fields.keys());
      return s.length > 0 ? `${n} (did you mean ${s.join(', ')}?)` : n;
    });
    throw new SafeUpdateError('UNKNOWN_REQUIRED_FIELD', `${option} names fields ${ctx.module} does not have: ${hints.join(', ')}`);
  }
  // The default list is the seed's guess for a standard org; an org without one of those fields
  // simply does not need it.
  return known;
}

/**
 * Updates any number of records of `module`. A payload holds the changes, plus only the unchanged
 * fields Zoho demands for that record (see the README): learned from MANDATORY_NOT_FOUND, required
 * by the record's layout when the org enforces it, or named in `requiredFields`. Every input item
 * ends with exactly one outcome, derived from all its attempts.
 *
 * Throws SafeUpdateError for unusable arguments, and crm-core's ZohoApiError when the module's
 * metadata cannot be read — in both cases before any record is sent. An aborted `signal` does not
 * throw: the summary settles every record (see the README, "Aborting a run").
 */
export async function safeUpdateRecords(
  client: SafeUpdateClient,
  module: string,
  items: readonly SafeUpdateItem[],
  options: SafeUpdateOptions = {},
): Promise<SafeUpdateSummary> {
  if (typeof module !== 'string' || !isApiName(module)) {
    throw new SafeUpdateError('INVALID_MODULE', `module must be a module api name such as "Leads", got ${JSON.stringify(module)}`);
  }
  if (!Array.isArray(items)) throw new SafeUpdateError('INVALID_ITEMS', 'items must be an array of { id, changes }');
  const opts = resolveOptions(module, options, client.concurrency);
  const calls = { reads: 0, updates: 0 };
  const book = new ResultBook(items.length, opts.onProgress);
  if (items.length === 0) {
    return { module, strategy: opts.strategy, dryRun: opts.dryRun, records: [], counts: ResultBook.count([]), calls, requiredFields: [], learnedFields: [], profile: client.profile ? 'none' : 'off' };
  }

  let meta;
  try {
    meta = await loadModuleMetadata(client, module, opts.metadataTtlMs, opts.signal);
  } catch (err) {
    if (!opts.signal?.aborted || errorFacts(err).code !== ABORTED) throw err;
    const records = abortedBeforeStart(items);
    return { module, strategy: opts.strategy, dryRun: opts.dryRun, records, counts: ResultBook.count(records), calls, requiredFields: [], learnedFields: [], profile: client.profile ? 'none' : 'off' };
  }
  const lesson = await recallLesson(client.profile, module, meta);
  // With minimal payloads what the org requires on update is only known from Zoho's answers, so
  // such a run probes with its first batch until Zoho has answered an update. Dry runs send
  // nothing, and a run told that the org enforces its layouts (`layoutRulesEnforced`) sends their
  // required fields from the first update, so it has nothing to learn first: both go wide at once.
  // So does a run whose org profile holds a lesson from an earlier run: it reads what that lesson
  // names before its first update, as the optimistic strategy does after a refusal.
  const gate = new LearningGate();
  if (opts.dryRun || opts.layoutRulesEnforced || lesson) gate.open();
  const remembered = new Set(lesson?.demanded ?? []);
  const readFirst = lesson !== undefined && (remembered.size > 0 || lesson.layoutRulesEnforced);
  const base = { client, gate, module, opts, meta, book, calls, learned: new Set<string>(), lesson, remembered, answered: false, readFirst, layoutDemanded: false };
  const ctx: RunContext = {
    ...base,
    configured: knownFields(base, 'requiredFields', opts.requiredFields, true),
    readAhead: knownFields(base, 'readAhead', opts.readAhead, opts.readAheadGiven),
  };

  const prepared = new PreparedItems(items, meta.fields, book, opts.batchSize);
  book.reportProgress();
  await runBatches(
    prepared,
    opts.concurrency,
    async (batch) => {
      try {
        await processBatch(ctx, batch);
      } catch (err) {
        settleLeftovers(ctx, batch, err);
      }
      book.reportProgress();
    },
    gate,
    () => runAborted(ctx),
  );
  // Batches never started after an abort: nothing of theirs was sent.
  if (runAborted(ctx)) settleNotSent(ctx, prepared.all());

  await keepLesson(ctx, client.profile);

  const records = book.finish();
  return {
    module,
    strategy: opts.strategy,
    dryRun: opts.dryRun,
    records,
    counts: ResultBook.count(records),
    calls,
    requiredFields: [...requiredNow(ctx).values()],
    learnedFields: [...ctx.learned],
    profile: lesson ? 'recalled' : client.profile ? 'none' : 'off',
  };
}

/** A bug must not drop records: whatever a batch left unsettled is reported, as unknown if sent. */
function settleLeftovers(ctx: RunContext, batch: Work[], err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  for (const w of batch) {
    if (ctx.book.isSettled(w.index)) continue;
    settleFailed(ctx, w, {
      code: w.attempts > 0 ? 'OUTCOME_UNKNOWN' : 'INTERNAL_ERROR',
      message: `processing stopped unexpectedly: ${message}`,
      outcomeUnknown: w.attempts > 0,
    });
  }
}
