#!/usr/bin/env node
// Bulk safe update from a CSV: validate the whole file, update in batches with progress, write a
// per-row results file. Safe to re-run: rows already applied come back `unchanged`.
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';
import { readLeadsCsv, type CsvRow } from './bulk/read-csv.js';
import { resultsPathFor, writeResultsFile, type ResultRow } from './bulk/results-file.js';

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

/** Rows sent per safe-update run: small enough that Ctrl-C stops within one batch's time. */
const CHUNK_ROWS = 200;

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
  const csv = readLeadsCsv(file);
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
  const { updateLeads } = await import('@zcrmkit/crm-leads');
  const client = createZohoClient({ config: runtime.config });
  const results = new Map<number, ResultRow>();
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) return;
    interrupted = true;
    io.err('\nInterrupted: finishing the calls in flight, then writing the results file (Ctrl-C again to abandon them).');
    process.once('SIGINT', () => {
      writeResults(resultsFile, csv.rows, results);
      process.exit(EXIT_INTERRUPTED);
    });
  };
  process.once('SIGINT', onSigint);
  signal?.addEventListener('abort', onSigint);
  try {
    // Validate every row against the field metadata before the first update is sent.
    const items = csv.rows.map((r) => ({ id: r.id, changes: r.changes }));
    const check = await updateLeads(client, items, { dryRun: true, strategy: 'optimistic' });
    const rejected = check.records.filter((o) => o.state === 'rejected');
    if (rejected.length > 0) {
      io.err(`✖ ${file}: ${rejected.length} row${rejected.length === 1 ? '' : 's'} with invalid values; nothing was sent.`);
      for (const o of rejected) {
        if (o.state !== 'rejected') continue;
        for (const p of o.problems) {
          io.err(`  line ${csv.rows[o.index]!.line}: ${p.field}: ${p.message}${p.suggestions?.length ? ` (did you mean ${p.suggestions.join(' or ')}?)` : ''}`);
        }
      }
      return EXIT_USAGE;
    }

    io.out(`${csv.rows.length} rows in ${file}${flags.dryRun ? ' (dry run: nothing will be sent)' : ''}`);
    const { createProgress } = await import('./bulk/progress.js');
    const progress = createProgress(csv.rows.length, io);
    let done = 0;
    try {
      for (let start = 0; start < csv.rows.length && !interrupted; start += CHUNK_ROWS) {
        const chunk = csv.rows.slice(start, start + CHUNK_ROWS);
        const summary = await updateLeads(
          client,
          chunk.map((r) => ({ id: r.id, changes: r.changes })),
          { dryRun: Boolean(flags.dryRun), strategy: flags.strategy, onProgress: (p) => progress.update(done + p.done) },
        );
        summary.records.forEach((o, i) => {
          const row = chunk[i]!;
          const failure = o.state === 'failed' || o.state === 'rejected' ? o : undefined;
          results.set(row.line, {
            line: row.line,
            id: row.id,
            state: o.state,
            code: failure?.code ?? '',
            message: failure?.message ?? '',
            fields: o.reincluded.map((r) => r.field).join(' '),
          });
        });
        done += chunk.length;
        progress.update(done);
      }
    } catch (err) {
      // A call that failed beyond its retries ends the run; what was done is still recorded.
      progress.stop();
      writeResults(resultsFile, csv.rows, results);
      io.err(`Stopped: results so far in ${resultsFile} (rows not sent are marked not-run).`);
      throw err;
    }
    progress.stop();
    writeResults(resultsFile, csv.rows, results);
    const counts = countStates([...results.values()]);
    io.out(`${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')} — results in ${resultsFile}`);
    if (interrupted) return EXIT_INTERRUPTED;
    return (counts.failed ?? 0) + (counts.rejected ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await client.close();
    await runtime.close();
  }
}

function writeResults(file: string, rows: CsvRow[], results: Map<number, ResultRow>): void {
  const all = rows.map(
    (r) => results.get(r.line) ?? { line: r.line, id: r.id, state: 'not-run', code: 'NOT_SENT', message: 'not sent: the run stopped before this row', fields: '' },
  );
  writeResultsFile(file, all);
}

function countStates(rows: ResultRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

runMain(import.meta.url, updateLeadsCommand);
