import type { RecordOutcome } from '@zcrmkit/crm-leads';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../cli/exit-codes.js';
import type { CommandIo } from '../cli/io.js';
import type { JsonSession } from '../cli/json-output.js';
import { bulkSummary, ProblemList } from './bulk-summary.js';
import { watchInterruption } from './interruption.js';
import type { Progress } from './progress.js';
import type { CsvRow } from './read-csv.js';
import { abandonedRow, writeResultsFile, type ResultRow } from './results-file.js';
import { buildCriteria, isProblem, parseSetOption, parseWhereOption, type ParsedWhere, type WhereProblem } from './where-option.js';
import { collectWhereRows, previousResultIds } from './where-rows.js';

export interface WhereRun {
  where: string[];
  set: string[];
  results: string;
  dryRun: boolean;
  strategy: 'prefetch' | 'optimistic';
  emulator: boolean;
  envFile: string | undefined;
  /** With `--json`: receives the run's summary and its configuration error. */
  json?: JsonSession;
}

/** Rows per safe-update run, as in the CSV mode: Ctrl-C stops within one batch's time. */
const CHUNK_ROWS = 200;
/** A well-formed id for checking --set values; never read or written. */
const PROBE_ID = '1000000000000000001';

const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));

function resultOf(row: CsvRow, o: RecordOutcome): ResultRow {
  const failure = o.state === 'failed' || o.state === 'rejected' ? o : undefined;
  return { line: row.line, id: row.id, state: o.state, code: failure?.code ?? '', message: failure?.message ?? '', fields: o.reincluded.map((r) => r.field).join(' ') };
}

/**
 * `update-leads --where … --set …`: the rows come from a listing instead of a CSV, then go the way
 * CSV rows go — validated as a whole before anything is sent, updated by crm-leads in chunks with
 * progress, one line per lead in the results file, `unchanged` on a re-run. Leads an earlier run
 * recorded that no longer match are re-checked and reported, never sent.
 */
export async function updateLeadsWhere(run: WhereRun, io: CommandIo, signal?: AbortSignal): Promise<number> {
  const problems: WhereProblem[] = [];
  const parsed = run.where.map(parseWhereOption);
  const sets = run.set.map(parseSetOption);
  problems.push(...parsed.filter(isProblem), ...sets.filter(isProblem));
  if (run.set.length === 0) problems.push({ option: '--set', text: '', message: 'nothing to change: add --set Field=Value' });
  const changes: Record<string, string | null> = {};
  for (const s of sets) {
    if (isProblem(s)) continue;
    if (s.field in changes) problems.push({ option: '--set', text: s.field, message: `${s.field} is set twice` });
    changes[s.field] = s.value;
  }
  const previous = previousResultIds(run.results);
  if (!previous.ok) problems.push({ option: '--where', text: run.results, message: previous.message });
  let criteria;
  if (problems.length === 0) {
    try {
      criteria = await buildCriteria(parsed as ParsedWhere[]);
    } catch (err) {
      problems.push({ option: '--where', text: run.where.join(' '), message: err instanceof Error ? err.message : String(err) });
    }
  }
  if (problems.length > 0 || !criteria || !previous.ok) {
    for (const p of problems) io.err(`✖ ${p.option}${p.text ? ` "${p.text}"` : ''}: ${p.message}`);
    io.err('Nothing was sent.');
    return EXIT_USAGE;
  }

  const { openRuntime } = await import('../cli/runtime.js');
  const runtime = await openRuntime({ command: 'update-leads', emulator: run.emulator, io, envFile: run.envFile, onConfigError: (e) => run.json?.error(e.code, e.message) });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { updateLeads } = await import('@zcrmkit/crm-leads');
  const { openFleet } = await import('../cli/fleet.js');
  const fleet = await openFleet(runtime.config, io);
  const client = createZohoClient({ config: runtime.config, ...fleet?.clientOptions });
  const results = new Map<number, ResultRow>();
  let rows: CsvRow[] = [];
  // Rows whose update call may be on its way to Zoho right now.
  let inFlight: CsvRow[] = [];
  let progress: Progress | undefined;
  const stopListing = new AbortController();
  // A message never lands inside the progress bar's line.
  const say = (line: string) => (progress ? progress.message(line) : io.err(line));
  // SIGTERM means what Ctrl-C means; a second signal abandons the calls in flight.
  const interruption = watchInterruption(
    {
      onFirst: (name) => {
        stopListing.abort(new Error('interrupted'));
        say(`Interrupted (${name}): finishing the calls in flight, then writing the results file (${name === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to abandon them).`);
      },
      onSecond: (exitCode) => {
        progress?.stop();
        for (const row of inFlight) if (!results.has(row.line)) results.set(row.line, abandonedRow(row));
        write();
        io.err(`Abandoned: rows whose update was in flight are marked OUTCOME_UNKNOWN in ${run.results}.`);
        process.exit(exitCode);
      },
    },
    signal,
  );
  /** Writes one line per row (rows never sent as not-run) and returns them. */
  const write = (): ResultRow[] => {
    const all = rows.map((r) => results.get(r.line) ?? { line: r.line, id: r.id, state: 'not-run', code: 'NOT_SENT', message: 'not sent: the run stopped before this row', fields: '' });
    writeResultsFile(run.results, all);
    return all;
  };
  try {
    // The --set values against the field metadata, once, before the listing: the same check holds for
    // every row. An optimistic dry run reads no record, so any well-formed id serves.
    const probe = await updateLeads(client, [{ id: PROBE_ID, changes }], { dryRun: true, strategy: 'optimistic' });
    const bad = probe.records.find((o) => o.state === 'rejected');
    if (bad && bad.state === 'rejected') {
      for (const p of bad.problems) io.err(`✖ --set ${p.field}: ${p.message}${p.suggestions?.length ? ` (did you mean ${p.suggestions.join(' or ')}?)` : ''}`);
      io.err('Nothing was sent.');
      return EXIT_USAGE;
    }

    const selected = await collectWhereRows(client, criteria, changes, previous.ids, stopListing.signal).catch((err: unknown) => {
      if (interruption.requested) return undefined;
      throw err;
    });
    if (!selected) return interruption.exitCode;
    rows = [...selected.matching, ...selected.previous];
    io.out(`${selected.matching.length} lead${selected.matching.length === 1 ? '' : 's'} match ${criteria.toString()}${selected.previous.length > 0 ? `; ${selected.previous.length} more from ${run.results} re-checked` : ''}${run.dryRun ? ' (dry run: nothing will be sent)' : ''}`);
    if (rows.length === 0) {
      run.json?.summary(bulkSummary({ mode: 'where', dryRun: run.dryRun, rows: 0, counts: {}, resultsFile: run.results, problems: new ProblemList(), interrupted: false }));
      io.out('Nothing to do.');
      return EXIT_OK;
    }

    // Recorded earlier, no longer matching: already done (unchanged), or changed by someone else since (skipped).
    for (let start = 0; start < selected.previous.length; start += CHUNK_ROWS) {
      const chunk = selected.previous.slice(start, start + CHUNK_ROWS);
      const check = await updateLeads(client, chunk.map((r) => ({ id: r.id, changes: r.changes })), { dryRun: true, strategy: 'prefetch' });
      check.records.forEach((o, i) => {
        const row = chunk[i]!;
        results.set(row.line, o.state === 'unchanged' || o.state === 'failed'
          ? resultOf(row, o)
          : { line: row.line, id: row.id, state: 'skipped', code: 'NO_LONGER_MATCHES', message: `no longer matches --where and does not hold the --set values; not sent`, fields: '' });
      });
    }

    const { createProgress } = await import('./progress.js');
    progress = run.dryRun ? undefined : createProgress(selected.matching.length, io);
    let done = 0;
    try {
      for (let start = 0; start < selected.matching.length && !interruption.requested; start += CHUNK_ROWS) {
        const chunk = selected.matching.slice(start, start + CHUNK_ROWS);
        inFlight = run.dryRun ? [] : chunk;
        const summary = await updateLeads(client, chunk.map((r) => ({ id: r.id, changes: r.changes })), {
          dryRun: run.dryRun,
          strategy: run.strategy,
          onProgress: (p) => progress?.update(done + p.done),
        });
        summary.records.forEach((o, i) => {
          const row = chunk[i]!;
          results.set(row.line, resultOf(row, o));
          if (run.dryRun && o.state === 'planned') {
            io.out(`  ${o.id}: ${o.diff.filter((d) => d.differs !== false).map((d) => `${d.field} ${show(d.from)} → ${show(d.to)}`).join(', ')}`);
          }
        });
        inFlight = [];
        done += chunk.length;
        progress?.update(done);
      }
    } catch (err) {
      progress?.stop();
      progress = undefined;
      write();
      io.err(`Stopped: results so far in ${run.results} (rows not sent are marked not-run).`);
      throw err;
    }
    progress?.stop();
    progress = undefined;
    // Every row is counted, those never sent included.
    const counts: Record<string, number> = {};
    const problems = new ProblemList();
    for (const r of write()) {
      counts[r.state] = (counts[r.state] ?? 0) + 1;
      problems.add(r);
    }
    io.out(`${Object.entries(counts).map(([s, n]) => `${n} ${s}`).join(', ')} — results in ${run.results}`);
    run.json?.summary(bulkSummary({ mode: 'where', dryRun: run.dryRun, rows: rows.length, counts, resultsFile: run.results, problems, interrupted: interruption.requested }));
    if (interruption.requested) return interruption.exitCode;
    return (counts['failed'] ?? 0) + (counts['rejected'] ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
  } finally {
    interruption.dispose();
    await client.close();
    await fleet?.close();
    await runtime.close();
  }
}
