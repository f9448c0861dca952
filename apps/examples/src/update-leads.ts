#!/usr/bin/env node
// Bulk safe update from a CSV: validate the whole file, update in batches with progress, write a
// per-row results file. Safe to re-run: rows already applied come back `unchanged`. The file is
// streamed (three passes: shape and ids, values, updates), so memory stays bounded by the group
// size (batch × concurrency), not by the number of rows.
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';
import { checkLeadsCsv, MAX_LISTED_PROBLEMS, readLeadsCsvRows, type CsvRow } from './bulk/read-csv.js';
import { resultsPathFor, resultsPathProblem, ResultsWriter, type ResultRow } from './bulk/results-file.js';

interface Flags extends CommonFlags {
  file?: string;
  where: string[];
  set: string[];
  results?: string;
  dryRun?: boolean;
  strategy: 'prefetch' | 'optimistic';
}

/** Results of `--where` runs, in the working directory; a re-run reads it to resume. */
const WHERE_RESULTS = 'update-leads-where.results.csv';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export async function updateLeadsCommand(argv: string[], io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  const program = defineCommand('update-leads', 'Bulk safe update of Leads: from a CSV file (column "id" plus one column per field API name), or every lead matching --where with the changes in --set.', '0 every row updated or unchanged, 1 some rows failed or were rejected, 2 usage/configuration/CSV error, 130 interrupted.', io)
    .option('--file <csv>', 'the CSV file (UTF-8); an empty cell leaves a field alone, "null" clears it')
    .option('--where <Field:operator:value>', 'instead of --file: every lead matching this (repeat to AND several), e.g. "Lead_Status:equals:Not Contacted"', collect, [])
    .option('--set <Field=Value>', 'with --where: the change to make (repeat for several fields; "null" clears)', collect, [])
    .option('--results <csv>', `where to write per-row results (default: <file>.results.csv beside the input; with --where: ${WHERE_RESULTS})`)
    .option('--dry-run', 'validate and compute every payload; send no update (with --where: list what would change)')
    .addOption(
      new Option('--strategy <name>', 'prefetch reads current values first, so re-runs report "unchanged"')
        .choices(['prefetch', 'optimistic'])
        .default('prefetch'),
    );
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  if ((flags.file === undefined) === (flags.where.length === 0)) {
    io.err('✖ give either --file <csv> or --where … --set …, not both');
    return EXIT_USAGE;
  }
  if (flags.where.length > 0) {
    const { updateLeadsWhere } = await import('./bulk/update-where.js');
    return updateLeadsWhere({ where: flags.where, set: flags.set, results: flags.results ?? WHERE_RESULTS, dryRun: Boolean(flags.dryRun), strategy: flags.strategy, emulator: Boolean(flags.emulator), envFile: flags.envFile }, io, signal);
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
  const resultsFile = flags.results ?? resultsPathFor(file);

  const { openRuntime } = await import('./cli/runtime.js');
  const runtime = await openRuntime({ command: 'update-leads', emulator: Boolean(flags.emulator), io, envFile: flags.envFile });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { checkUpdateItems, updateLeads, MAX_BATCH_SIZE } = await import('@zcrmkit/crm-leads');
  const client = createZohoClient({ config: runtime.config });
  // Rows per safe-update run: a full batch for every call the client may have in flight. Memory
  // holds one group (plus its results) at a time, whatever the file's size.
  const groupRows = MAX_BATCH_SIZE * client.concurrency;
  const toItems = (rows: CsvRow[]) => rows.map((r) => ({ id: r.id, changes: r.changes }));
  let interrupted = false;
  let abandon!: () => void;
  const abandoned = new Promise<'abandoned'>((resolve) => (abandon = () => resolve('abandoned')));
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    io.err('\nInterrupted: finishing the calls in flight, then writing the results file (Ctrl-C again to abandon them).');
    process.once('SIGINT', abandon);
  };
  process.once('SIGINT', onSigint);
  signal?.addEventListener('abort', onSigint);
  let writer: ResultsWriter | undefined;
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

    io.out(`${csv.rowCount} rows in ${file}${flags.dryRun ? ' (dry run: nothing will be sent)' : ''}`);
    const { createProgress } = await import('./bulk/progress.js');
    const progress = createProgress(csv.rowCount, io);
    writer = ResultsWriter.open(resultsFile);
    const counts: Record<string, number> = {};
    const put = (rows: ResultRow[]) => {
      writer!.append(rows);
      for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
    };
    let failure: unknown;
    let done = 0;
    // Pass 3: groups read, sent, and their results appended as they settle.
    for await (const rows of readLeadsCsvRows(file, groupRows)) {
      if (interrupted || failure !== undefined) {
        put(rows.map(notRun));
        continue;
      }
      const run = updateLeads(client, toItems(rows), { dryRun: Boolean(flags.dryRun), strategy: flags.strategy, onProgress: (p) => progress.update(done + p.done) });
      let summary;
      try {
        const settled = await Promise.race([run, abandoned]);
        if (settled === 'abandoned') {
          run.catch(() => undefined);
          put(rows.map(abandonedRow));
          continue;
        }
        summary = settled;
      } catch (err) {
        // A call that failed beyond its retries ends the run; what was done is still recorded.
        failure = err;
        put(rows.map(notRun));
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
      progress.update(done);
    }
    progress.stop();
    writer.commit();
    if (failure !== undefined) {
      io.err(`Stopped: results in ${resultsFile} (rows not sent are marked not-run).`);
      throw failure;
    }
    io.out(`${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')} — results in ${resultsFile}`);
    if (interrupted) return EXIT_INTERRUPTED;
    return (counts.failed ?? 0) + (counts.rejected ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    writer?.discard();
    process.removeListener('SIGINT', onSigint);
    process.removeListener('SIGINT', abandon);
    await client.close();
    await runtime.close();
  }
}

function notRun(r: CsvRow): ResultRow {
  return { line: r.line, id: r.id, state: 'not-run', code: 'NOT_SENT', message: 'not sent: the run stopped before this row', fields: '' };
}

function abandonedRow(r: CsvRow): ResultRow {
  return {
    line: r.line,
    id: r.id,
    state: 'failed',
    code: 'OUTCOME_UNKNOWN',
    message: 'the run was abandoned while this row was in flight: it may or may not have been applied; check the record before sending it again',
    fields: '',
  };
}

runMain(import.meta.url, updateLeadsCommand);
