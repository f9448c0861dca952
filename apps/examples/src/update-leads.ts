#!/usr/bin/env node
// Bulk safe update from a CSV: validate the whole file, update in batches with progress, write a
// per-row results file. Safe to re-run: rows already applied come back `unchanged`.
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';
import { readLeadsCsv, type CsvRow } from './bulk/read-csv.js';
import { resultsPathFor, writeResultsFile, type ResultRow } from './bulk/results-file.js';
import { lockRunFiles } from './bulk/run-lock.js';
import { watchInterruption } from './bulk/interruption.js';
import type { Progress } from './bulk/progress.js';

interface Flags extends CommonFlags {
  file: string;
  results?: string;
  dryRun?: boolean;
  strategy: 'prefetch' | 'optimistic';
}

/** Rows sent per safe-update run: small enough that Ctrl-C stops within one batch's time. */
const CHUNK_ROWS = 200;

export async function updateLeadsCommand(argv: string[], io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  const program = defineCommand('update-leads', 'Bulk safe update of Leads from a CSV file: column "id" plus one column per field API name.', '0 every row updated or unchanged, 1 some rows failed or were rejected, 2 usage/configuration/CSV error or the file is in use by another run, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).', io)
    .requiredOption('--file <csv>', 'the CSV file (UTF-8); an empty cell leaves a field alone, "null" clears it')
    .option('--results <csv>', 'where to write per-row results (default: <file>.results.csv beside the input)')
    .option('--dry-run', 'validate and compute every payload; send no update')
    .addOption(
      new Option('--strategy <name>', 'prefetch reads current values first, so re-runs report "unchanged"')
        .choices(['prefetch', 'optimistic'])
        .default('prefetch'),
    );
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  const csv = readLeadsCsv(flags.file);
  if (!csv.ok) {
    io.err(`✖ ${flags.file}: ${csv.problems.length} problem${csv.problems.length === 1 ? '' : 's'}; nothing was sent.`);
    for (const p of csv.problems) io.err(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.message}`);
    return EXIT_USAGE;
  }
  const resultsFile = flags.results ?? resultsPathFor(flags.file);

  // One run per input and results file: a second run would send every update again.
  const locked = await lockRunFiles([flags.file, resultsFile], (file) => io.err(`⚠ the lock on ${file} was lost; another run may now start on it`));
  if (!locked.ok) {
    io.err(`✖ ${locked.message}`);
    return EXIT_USAGE;
  }
  try {
    return await runLocked(flags, csv.rows, resultsFile, io, signal);
  } finally {
    await locked.lock.release();
  }
}

async function runLocked(flags: Flags, rows: CsvRow[], resultsFile: string, io: CommandIo, signal: AbortSignal | undefined): Promise<number> {
  const { openRuntime } = await import('./cli/runtime.js');
  const runtime = await openRuntime({ command: 'update-leads', emulator: Boolean(flags.emulator), io, envFile: flags.envFile });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { updateLeads } = await import('@zcrmkit/crm-leads');
  const client = createZohoClient({ config: runtime.config });
  const results = new Map<number, ResultRow>();
  // Rows whose update call may be on its way to Zoho right now.
  let inFlight: CsvRow[] = [];
  let progress: Progress | undefined;
  const say = (line: string) => (progress ? progress.message(line) : io.err(line));
  const interruption = watchInterruption(
    {
      onFirst: (name) => say(`Interrupted (${name}): finishing the calls in flight, then writing the results file (${name === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to abandon them).`),
      onSecond: (exitCode) => {
        progress?.stop();
        for (const row of inFlight) if (!results.has(row.line)) results.set(row.line, outcomeUnknownRow(row));
        writeResults(resultsFile, rows, results);
        io.err(`Abandoned: rows whose update was in flight are marked OUTCOME_UNKNOWN in ${resultsFile}.`);
        process.exit(exitCode);
      },
    },
    signal,
  );
  try {
    // Validate every row against the field metadata before the first update is sent.
    const items = rows.map((r) => ({ id: r.id, changes: r.changes }));
    const check = await updateLeads(client, items, { dryRun: true, strategy: 'optimistic' });
    const rejected = check.records.filter((o) => o.state === 'rejected');
    if (rejected.length > 0) {
      io.err(`✖ ${flags.file}: ${rejected.length} row${rejected.length === 1 ? '' : 's'} with invalid values; nothing was sent.`);
      for (const o of rejected) {
        if (o.state !== 'rejected') continue;
        for (const p of o.problems) {
          io.err(`  line ${rows[o.index]!.line}: ${p.field}: ${p.message}${p.suggestions?.length ? ` (did you mean ${p.suggestions.join(' or ')}?)` : ''}`);
        }
      }
      return EXIT_USAGE;
    }

    io.out(`${rows.length} rows in ${flags.file}${flags.dryRun ? ' (dry run: nothing will be sent)' : ''}`);
    const { createProgress } = await import('./bulk/progress.js');
    const bar = createProgress(rows.length, io);
    progress = bar;
    let done = 0;
    try {
      for (let start = 0; start < rows.length && !interruption.requested; start += CHUNK_ROWS) {
        const chunk = rows.slice(start, start + CHUNK_ROWS);
        inFlight = flags.dryRun ? [] : chunk;
        const summary = await updateLeads(
          client,
          chunk.map((r) => ({ id: r.id, changes: r.changes })),
          { dryRun: Boolean(flags.dryRun), strategy: flags.strategy, onProgress: (p) => bar.update(done + p.done) },
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
        inFlight = [];
        done += chunk.length;
        bar.update(done);
      }
    } catch (err) {
      // A call that failed beyond its retries ends the run; what was done is still recorded.
      bar.stop();
      for (const row of inFlight) if (!results.has(row.line)) results.set(row.line, outcomeUnknownRow(row));
      writeResults(resultsFile, rows, results);
      io.err(`Stopped: results so far in ${resultsFile} (rows not sent are marked not-run).`);
      throw err;
    }
    bar.stop();
    // Every row is counted, those never sent included.
    const counts = countStates(writeResults(resultsFile, rows, results));
    io.out(`${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')} — results in ${resultsFile}`);
    if (interruption.requested) return interruption.exitCode;
    return (counts.failed ?? 0) + (counts.rejected ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    interruption.dispose();
    await client.close();
    await runtime.close();
  }
}

function outcomeUnknownRow(row: CsvRow): ResultRow {
  return {
    line: row.line,
    id: row.id,
    state: 'failed',
    code: 'OUTCOME_UNKNOWN',
    message: 'the run was abandoned while this row may have been on its way to Zoho: it may or may not have been applied; a re-run with prefetch reports it unchanged if it was',
    fields: '',
  };
}

/** Writes one row per input row (rows never sent as not-run) and returns them. */
function writeResults(file: string, rows: CsvRow[], results: Map<number, ResultRow>): ResultRow[] {
  const all = rows.map(
    (r) => results.get(r.line) ?? { line: r.line, id: r.id, state: 'not-run', code: 'NOT_SENT', message: 'not sent: the run stopped before this row', fields: '' },
  );
  writeResultsFile(file, all);
  return all;
}

function countStates(rows: ResultRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

runMain(import.meta.url, updateLeadsCommand);
