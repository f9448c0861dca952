import { setMaxListeners } from 'node:events';
import type { ZohoClient } from '@zcrmkit/crm-core';
import { safeUpdateRecords, type RecordOutcome } from '@zcrmkit/crm-leads';
import { BulkError } from '../bulk-error.js';
import type { CheckedInput } from '../input/checked-input.js';
import type { ResultsWriter, SinkContext } from '../sinks/results-sink.js';
import type { BulkResult, BulkRow, BulkSummary } from '../types.js';
import { Abandonment } from './abandonment.js';
import { resolveBulkOptions, type BulkUpdateOptions, type ResolvedBulkOptions } from './bulk-options.js';
import { checkValues } from './check-values.js';
import { estimateBulkCredits } from './credit-budget.js';
import { fromOutcome, fromRecheck, INPUT_CHANGED_ROW, NOT_SENT, notRun, outcomeUnknown, type NotRunReason } from './row-results.js';
import { lockRunFiles } from './run-lock.js';
import { RunTally } from './run-summary.js';

/** Rows written per call when a run records many not-run rows at once. */
const NOT_RUN_CHUNK = 1_000;

/** A callback of the caller's never stops the run. */
function safely<T>(fn: (value: T) => void, value: T): void {
  try {
    fn(value);
  } catch {
    // The caller's observer failed; the run and its results go on.
  }
}

function stoppedBefore(o: ResolvedBulkOptions, total: number): BulkSummary {
  return new RunTally().summary({ rows: total, dryRun: o.dryRun, interrupted: true, abandoned: false, resultsWritten: false, resultsFile: o.results.path });
}

/**
 * One bulk update, whatever the source: source → check → safe update → results.
 *
 * 1. The results path is checked and the input and results files are locked (IN_USE otherwise).
 * 2. First pass: the source reads and checks its whole input (shape, ids, duplicates; criteria:
 *    fields, changes, the listing), keeping 16 bytes a row.
 * 3. Second pass: every value against the field metadata. Any problem → VALUES_INVALID, nothing sent.
 * 4. The credit budget, if given: a run that needs more than is left records every row `not-run`
 *    (CREDIT_BUDGET_EXCEEDED) and sends nothing.
 * 5. Third pass: groups of batch × concurrency rows are read again (each row proven to be the one
 *    checked: INPUT_CHANGED otherwise), sent through crm-leads' safe update, and their outcomes
 *    recorded as they settle. Memory holds one group, whatever the input's size.
 *
 * Every row the run takes on ends with exactly one outcome in the results, rows never sent
 * included (`not-run`). Throws BulkError for input it refuses (nothing sent, nothing written), for
 * INPUT_CHANGED and CREDIT_BUDGET_EXCEEDED (after recording every row), and crm-core's error when a
 * call failed beyond its retries (after recording what was done).
 */
export async function runBulkUpdate(options: BulkUpdateOptions): Promise<BulkSummary> {
  const o = resolveBulkOptions(options);
  const context: SinkContext = { inputPath: o.source.path, dryRun: o.dryRun };
  o.results.check(context);
  if (o.signal?.aborted) return stoppedBefore(o, 0);
  const lock = o.lock ? await lockRunFiles([o.source.path, o.results.path], o.onLockLost) : undefined;
  let input: CheckedInput | undefined;
  try {
    try {
      input = await o.source.open({ module: o.module, client: o.client, signal: o.signal });
    } catch (err) {
      if (o.signal?.aborted) return stoppedBefore(o, 0);
      throw err;
    }
    return await checkAndSend(o, input, await o.client(), context);
  } finally {
    await input?.close();
    await lock?.release();
  }
}

async function checkAndSend(o: ResolvedBulkOptions, input: CheckedInput, client: ZohoClient, context: SinkContext): Promise<BulkSummary> {
  const groupSize = o.batchSize * (o.update.concurrency ?? client.concurrency);
  const tally = new RunTally();
  let writer: ResultsWriter | undefined;
  const record = async (rows: readonly BulkResult[]) => {
    if (rows.length === 0) return;
    await writer!.write(rows);
    tally.add(rows);
    safely(o.onResults, rows);
  };
  const recordNotRun = async (from: number, why: NotRunReason) => {
    let chunk: BulkResult[] = [];
    for (const row of input.rowsFrom(from)) {
      chunk.push(notRun(row, why));
      if (chunk.length >= NOT_RUN_CHUNK) {
        await record(chunk);
        chunk = [];
      }
    }
    await record(chunk);
  };

  try {
    if (!input.valuesChecked && !(await checkValues(client, o.module, input, groupSize, o.signal))) return stoppedBefore(o, input.total);
    if (o.signal?.aborted) return stoppedBefore(o, input.total);
    if (o.budget && !o.dryRun) {
      const credits = estimateBulkCredits(input.total, o.strategy, input.rechecks);
      const usage = await o.budget.usage();
      if (credits > usage.remaining) {
        const message = `not sent: this run needs about ${credits} API credits and the budget has ${usage.remaining} of ${usage.limit} left for the last 24 h`;
        writer = await o.results.open(context);
        await recordNotRun(0, { code: 'CREDIT_BUDGET_EXCEEDED', message });
        await writer.commit();
        throw new BulkError('CREDIT_BUDGET_EXCEEDED', `${message}; nothing was sent`, { ...(o.results.path ? { resultsFile: o.results.path } : {}) });
      }
    }
  } catch (err) {
    // Refused input and the budget leave things as they are; a failure of its own (the metadata
    // read, the budget's store) still gives every row an outcome.
    if (err instanceof BulkError || writer !== undefined) {
      await writer?.discard();
      throw err;
    }
    if (o.signal?.aborted) return stoppedBefore(o, input.total);
    writer = await o.results.open(context);
    try {
      const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'ERROR';
      await recordNotRun(0, { code: 'NOT_SENT', message: `not sent: the run stopped before this row (${code})` });
      await writer.commit();
    } finally {
      await writer.discard();
    }
    throw err;
  }

  safely(o.onReady, { total: input.total, rechecks: input.rechecks, description: o.source.description });
  writer = await o.results.open(context);
  try {
    return await send(o, input, client, groupSize, tally, record, recordNotRun, writer);
  } finally {
    await writer.discard();
  }
}

async function send(
  o: ResolvedBulkOptions,
  input: CheckedInput,
  client: ZohoClient,
  groupSize: number,
  tally: RunTally,
  record: (rows: readonly BulkResult[]) => Promise<void>,
  recordNotRun: (from: number, why: NotRunReason) => Promise<void>,
  writer: ResultsWriter,
): Promise<BulkSummary> {
  const total = input.total;
  const abandonment = new Abandonment();
  // The run's own signal for crm-leads: every call in flight listens to it (more than Node's default
  // of 10 listeners), and the caller's signal keeps one listener of ours.
  const stop = new AbortController();
  setMaxListeners(0, stop.signal);
  const onAbandon = () => {
    abandonment.abandon();
    stop.abort(o.abandonSignal?.reason);
  };
  if (o.abandonSignal?.aborted) onAbandon();
  o.abandonSignal?.addEventListener('abort', onAbandon);
  let next = 0;
  let done = 0;
  let abandoned = false;
  let failure: unknown;
  const progress = (n: number) => safely(o.onProgress, { done: Math.min(n, total), total });
  try {
    for await (const rows of input.groups(groupSize)) {
      if (o.signal?.aborted || o.abandonSignal?.aborted) break;
      const run = sendGroup(o, client, rows, stop.signal, (n) => progress(done + n));
      const settled = await abandonment.race(run);
      if (settled === 'abandoned') {
        run.catch(() => undefined);
        abandoned = true;
        // A dry run sends nothing: its abandoned rows were simply not run.
        await record(rows.map((r) => (o.dryRun ? notRun(r) : outcomeUnknown(r))));
      } else {
        await record(settled);
      }
      next = input.rowOf(rows[rows.length - 1]!.line) + 1;
      done += rows.length;
      progress(done);
      if (abandoned) break;
    }
  } catch (err) {
    failure = err;
  } finally {
    o.abandonSignal?.removeEventListener('abort', onAbandon);
  }
  const changed = failure instanceof BulkError && failure.code === 'INPUT_CHANGED';
  await recordNotRun(next, changed ? INPUT_CHANGED_ROW : NOT_SENT);
  await writer.commit();
  if (failure !== undefined) {
    if (failure instanceof BulkError && failure.resultsFile === undefined && o.results.path !== undefined) {
      throw new BulkError(failure.code, failure.message, { problems: failure.problems, resultsFile: o.results.path, cause: failure.cause });
    }
    throw failure;
  }
  return tally.summary({
    rows: total,
    dryRun: o.dryRun,
    interrupted: o.signal?.aborted === true,
    abandoned,
    resultsWritten: true,
    resultsFile: o.results.path,
  });
}

/** One group through crm-leads: its rows' outcomes, in row order. */
async function sendGroup(o: ResolvedBulkOptions, client: ZohoClient, rows: readonly BulkRow[], stop: AbortSignal, onDone: (n: number) => void): Promise<BulkResult[]> {
  const fresh = rows.filter((r) => !r.recheck);
  const rechecks = rows.filter((r) => r.recheck);
  const itemsOf = (list: readonly BulkRow[]) => list.map((r) => ({ id: r.id, changes: r.changes }));
  const signal = { signal: stop };
  const outcomes = new Map<BulkRow, BulkResult>();
  if (fresh.length > 0) {
    const summary = await safeUpdateRecords(client, o.module, itemsOf(fresh), { ...o.update, ...signal, strategy: o.strategy, dryRun: o.dryRun, onProgress: (p) => onDone(p.done) });
    summary.records.forEach((outcome: RecordOutcome, i) => outcomes.set(fresh[i]!, fromOutcome(fresh[i]!, outcome)));
  }
  if (rechecks.length > 0) {
    // Read and compared, never sent: they no longer match, so they are not the run's to change.
    const summary = await safeUpdateRecords(client, o.module, itemsOf(rechecks), { ...o.update, ...signal, strategy: 'prefetch', dryRun: true });
    summary.records.forEach((outcome, i) => outcomes.set(rechecks[i]!, fromRecheck(rechecks[i]!, outcome)));
  }
  return rows.map((r) => outcomes.get(r)!);
}
