#!/usr/bin/env node
// Bulk safe update from a CSV: validate the whole file, update in batches with progress, write a
// per-row results file. Safe to re-run: rows already applied come back `unchanged`. The file is
// streamed (three passes: shape and ids, values, updates), so memory stays bounded by the group
// size (batch × concurrency), not by the number of rows.
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';
import { checkLeadsCsv, MAX_LISTED_PROBLEMS, readLeadsCsvRows, type CsvRow } from './bulk/read-csv.js';
import { abandonedRow, resultsPathFor, resultsPathProblem, ResultsWriter, type ResultRow } from './bulk/results-file.js';
import { lockRunFiles } from './bulk/run-lock.js';
import { watchInterruption } from './bulk/interruption.js';
import { Abandonment } from './bulk/abandonment.js';
import { boundHeapGrowth } from './bulk/heap-growth.js';
import type { Progress } from './bulk/progress.js';
import { bulkSummary, ProblemList } from './bulk/bulk-summary.js';
import { withJsonOutput, type JsonSession } from './cli/json-output.js';

interface Flags extends CommonFlags {
  file?: string;
  where: string[];
  set: string[];
  results?: string;
  dryRun?: boolean;
  strategy: 'prefetch' | 'optimistic';
  json?: boolean;
}

/** Results of `--where` runs, in the working directory; a re-run reads it to resume. */
const WHERE_RESULTS = 'update-leads-where.results.csv';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export async function updateLeadsCommand(argv: string[], io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  return withJsonOutput(argv, io, (json) => updateLeadsRun(argv, json, signal));
}

async function updateLeadsRun(argv: string[], json: JsonSession, signal: AbortSignal | undefined): Promise<number> {
  const io = json.io;
  const program = defineCommand(
    {
      name: 'update-leads',
      description: 'Bulk safe update of Leads: from a CSV file (column "id" plus one column per field API name), or every lead matching --where with the changes in --set.',
      exitCodes: '0 every row updated or unchanged, 1 some rows failed or were rejected, 2 usage/configuration/CSV error or the file is in use by another run, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
      examples: [
        'npx nx run examples:update-leads:emulator -- --file apps/examples/samples/emulator-leads.csv',
        'npx nx run examples:update-leads:emulator -- --where "Lead_Status:equals:Not Contacted" --set Rating=Active --dry-run',
        'npx nx run examples:update-leads -- --file leads.csv --json',
      ],
    },
    io,
  )
    .option('--file <csv>', 'the CSV file (UTF-8); an empty cell leaves a field alone, "null" clears it')
    .addOption(new Option('--where <Field:operator:value>', 'instead of --file: every lead matching this (repeat to AND several), e.g. "Lead_Status:equals:Not Contacted"').argParser(collect).default([], 'none'))
    .addOption(new Option('--set <Field=Value>', 'with --where: the change to make (repeat for several fields; "null" clears)').argParser(collect).default([], 'none'))
    .option('--results <csv>', `where to write per-row results (default: <file>.results.csv beside the input; with --where: ${WHERE_RESULTS})`)
    .option('--dry-run', 'validate and compute every payload; send no update (with --where: list what would change)')
    .addOption(
      new Option('--strategy <name>', 'prefetch reads current values first, so re-runs report "unchanged"')
        .choices(['prefetch', 'optimistic'])
        .default('prefetch'),
    )
    .option('--json', 'print one JSON summary on stdout (human text and progress go to stderr)');
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  if ((flags.file === undefined) === (flags.where.length === 0)) {
    io.err('✖ give either --file <csv> or --where … --set …, not both');
    return EXIT_USAGE;
  }
  if (flags.where.length > 0) {
    const results = flags.results ?? WHERE_RESULTS;
    const { updateLeadsWhere } = await import('./bulk/update-where.js');
    return withRunLock([results], io, () =>
      updateLeadsWhere({ where: flags.where, set: flags.set, results, dryRun: Boolean(flags.dryRun), strategy: flags.strategy, emulator: Boolean(flags.emulator), envFile: flags.envFile, json }, io, signal),
    );
  }
  if (flags.set.length > 0) {
    io.err('✖ --set goes with --where; with --file the CSV columns say what to change');
    return EXIT_USAGE;
  }
  const file = flags.file as string;
  // Pass 1, before anything is loaded or sent: the file's shape, ids and duplicates (only ids kept).
  const resultsProblem = flags.results === undefined ? undefined : resultsPathProblem(file, flags.results);
  if (resultsProblem) {
    io.err(`✖ ${resultsProblem}; nothing was sent.`);
    return EXIT_USAGE;
  }
  const csv = await checkLeadsCsv(file);
  if (!csv.ok) {
    io.err(`✖ ${file}: ${csv.problems.length} problem${csv.problems.length === 1 ? '' : 's'}; nothing was sent.`);
    for (const p of csv.problems) io.err(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.message}`);
    return EXIT_USAGE;
  }
  boundHeapGrowth(csv.rowCount);
  const resultsFile = flags.results ?? resultsPathFor(file);
  return withRunLock([file, resultsFile], io, () => runLocked(flags, file, csv.rowCount, resultsFile, json, signal));
}

/** One run per input and results file: a second run would send every update again. */
async function withRunLock(files: string[], io: CommandIo, run: () => Promise<number>): Promise<number> {
  const locked = await lockRunFiles(files, (f) => io.err(`⚠ the lock on ${f} was lost; another run may now start on it`));
  if (!locked.ok) {
    io.err(`✖ ${locked.message}`);
    return EXIT_USAGE;
  }
  try {
    return await run();
  } finally {
    await locked.lock.release();
  }
}

async function runLocked(flags: Flags, file: string, rowCount: number, resultsFile: string, json: JsonSession, signal: AbortSignal | undefined): Promise<number> {
  const io = json.io;
  const { openRuntime } = await import('./cli/runtime.js');
  const runtime = await openRuntime({ command: 'update-leads', emulator: Boolean(flags.emulator), io, envFile: flags.envFile, onConfigError: (e) => json.error(e.code, e.message) });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { checkUpdateItems, updateLeads, MAX_BATCH_SIZE } = await import('@zcrmkit/crm-leads');
  const { openFleet, estimateBulkCredits } = await import('./cli/fleet.js');
  const fleet = await openFleet(runtime.config, io);
  const client = createZohoClient({ config: runtime.config, ...fleet?.clientOptions });
  // Rows per safe-update run: a full batch for every call the client may have in flight. Memory
  // holds one group (plus its results) at a time, whatever the file's size.
  const groupRows = MAX_BATCH_SIZE * client.concurrency;
  const toItems = (rows: CsvRow[]) => rows.map((r) => ({ id: r.id, changes: r.changes }));
  const abandonment = new Abandonment();
  let progress: Progress | undefined;
  // A message never lands inside the progress bar's line.
  const say = (line: string) => (progress ? progress.message(line) : io.err(line));
  // SIGTERM (a service manager, a container stop) means what Ctrl-C means.
  const interruption = watchInterruption(
    {
      onFirst: (name) => say(`Interrupted (${name}): finishing the calls in flight, then writing the results file (${name === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to abandon them).`),
      // The group in flight is recorded OUTCOME_UNKNOWN, the rest not-run; the results file is still written.
      onSecond: () => abandonment.abandon(),
    },
    signal,
  );
  let writer: ResultsWriter | undefined;
  let recorded = false;
  try {
    // Pass 2: every value against the field metadata, group by group, before the first update is sent.
    let rejectedRows = 0;
    for await (const rows of readLeadsCsvRows(file, groupRows)) {
      const rejected = await checkUpdateItems(client, 'Leads', toItems(rows));
      if (rejected.length > 0 && rejectedRows === 0) io.err(`✖ ${file}: rows with invalid values; nothing was sent.`);
      for (const o of rejected) {
        if (++rejectedRows > MAX_LISTED_PROBLEMS) continue;
        for (const p of o.problems) {
          io.err(`  line ${rows[o.index]!.line}: ${p.field}: ${p.message}${p.suggestions?.length ? ` (did you mean ${p.suggestions.join(' or ')}?)` : ''}`);
        }
      }
    }
    if (rejectedRows > 0) {
      if (rejectedRows > MAX_LISTED_PROBLEMS) io.err(`  … and ${rejectedRows - MAX_LISTED_PROBLEMS} more rows`);
      io.err(`✖ ${rejectedRows} row${rejectedRows === 1 ? '' : 's'} with invalid values; nothing was sent.`);
      return EXIT_USAGE;
    }

    if (fleet?.budget && !flags.dryRun) {
      // A run that would cross the fleet's credit budget stops before its first update.
      const credits = estimateBulkCredits(rowCount, flags.strategy);
      const usage = await fleet.budget.usage();
      if (credits > usage.remaining) {
        const message = `not sent: this run needs about ${credits} API credits and the fleet has ${usage.remaining} of ${usage.limit} left for the last 24 h`;
        await writeAllNotRun(file, resultsFile, groupRows, { code: 'CREDIT_BUDGET_EXCEEDED', message });
        io.err(`✖ ${message}; nothing was sent. Results in ${resultsFile}.`);
        return EXIT_FAILED;
      }
    }

    io.out(`${rowCount} rows in ${file}${flags.dryRun ? ' (dry run: nothing will be sent)' : ''}`);
    const { createProgress } = await import('./bulk/progress.js');
    const bar = createProgress(rowCount, io);
    progress = bar;
    writer = ResultsWriter.open(resultsFile);
    const counts: Record<string, number> = {};
    const problems = new ProblemList();
    const put = (rows: ResultRow[]) => {
      writer!.append(rows);
      recorded = true;
      for (const r of rows) {
        counts[r.state] = (counts[r.state] ?? 0) + 1;
        problems.add(r);
      }
    };
    let failure: unknown;
    let done = 0;
    // Pass 3: groups read, sent, and their results appended as they settle.
    for await (const rows of readLeadsCsvRows(file, groupRows)) {
      if (interruption.requested || failure !== undefined) {
        put(rows.map((r) => notRun(r)));
        continue;
      }
      const run = updateLeads(client, toItems(rows), { dryRun: Boolean(flags.dryRun), strategy: flags.strategy, onProgress: (p) => bar.update(done + p.done) });
      let summary;
      try {
        const settled = await abandonment.race(run);
        if (settled === 'abandoned') {
          run.catch(() => undefined);
          put(rows.map(abandonedRow));
          say(`Abandoned: the ${rows.length} rows whose update was in flight are marked OUTCOME_UNKNOWN in ${resultsFile}; the rest are not-run.`);
          continue;
        }
        summary = settled;
      } catch (err) {
        // A call that failed beyond its retries ends the run; what was done is still recorded.
        failure = err;
        put(rows.map((r) => notRun(r)));
        continue;
      }
      put(
        summary.records.map((o, i) => {
          const row = rows[i]!;
          const failed = o.state === 'failed' || o.state === 'rejected' ? o : undefined;
          return { line: row.line, id: row.id, state: o.state, code: failed?.code ?? '', message: failed?.message ?? '', fields: o.reincluded.map((r) => r.field).join(' ') };
        }),
      );
      done += rows.length;
      bar.update(done);
    }
    bar.stop();
    progress = undefined;
    writer.commit();
    if (failure !== undefined) {
      io.err(`Stopped: results in ${resultsFile} (rows not sent are marked not-run).`);
      throw failure;
    }
    io.out(`${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')} — results in ${resultsFile}`);
    json.summary(bulkSummary({ mode: 'file', dryRun: Boolean(flags.dryRun), rows: rowCount, counts, resultsFile, problems, interrupted: interruption.requested }));
    if (interruption.requested) return interruption.exitCode;
    return (counts.failed ?? 0) + (counts.rejected ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
  } catch (err) {
    // A failure before the first group was recorded (init, the validation read, the fleet refusing
    // it) still gives every row an outcome; a run that recorded rows keeps its own file.
    if (!recorded) {
      writer?.discard();
      writer = undefined;
      const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'ERROR';
      await writeAllNotRun(file, resultsFile, groupRows, { code: 'NOT_SENT', message: `not sent: the run stopped before this row (${code})` });
    }
    throw err;
  } finally {
    writer?.discard();
    interruption.dispose();
    await client.close();
    await fleet?.close();
    await runtime.close();
  }
}

const NOT_SENT = { code: 'NOT_SENT', message: 'not sent: the run stopped before this row' };

function notRun(r: CsvRow, why = NOT_SENT): ResultRow {
  return { line: r.line, id: r.id, state: 'not-run', code: why.code, message: why.message, fields: '' };
}

/** A results file in which every row of `file` is not-run for the same reason. */
async function writeAllNotRun(file: string, resultsFile: string, groupRows: number, why: { code: string; message: string }): Promise<void> {
  const writer = ResultsWriter.open(resultsFile);
  try {
    for await (const rows of readLeadsCsvRows(file, groupRows)) writer.append(rows.map((r) => notRun(r, why)));
    writer.commit();
  } finally {
    writer.discard();
  }
}

runMain(import.meta.url, updateLeadsCommand);
