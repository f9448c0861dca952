// Bulk safe update, from a CSV file or every lead matching --where, through @zcrmkit/bulk's one
// pipeline: checked as a whole before anything is sent, updated in groups with progress, one
// results line per row, safe to re-run (applied rows come back `unchanged`).
import { Option } from 'commander';
import type { BulkResult, BulkSummary } from '@zcrmkit/bulk';
import type { ZohoClient } from '@zcrmkit/crm-core';
import { defineCommand, parseFlags, type CommonFlags } from '../support/define-command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../support/exit-codes.js';
import type { FleetHandle } from '../support/fleet.js';
import type { CommandIo } from '../support/io.js';
import { withJsonOutput, type JsonSession } from '../support/json-output.js';
import type { Progress } from '../support/progress.js';
import type { Runtime } from '../support/runtime.js';

interface Flags extends CommonFlags {
  file?: string;
  where: string[];
  set: string[];
  results?: string;
  force?: boolean;
  dryRun?: boolean;
  strategy: 'prefetch' | 'optimistic';
  json?: boolean;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];
/** Rows of a dry run's plan printed on the terminal; the plan file has them all. */
const PLAN_LINES = 20;
const show = (v: unknown): string => (v === undefined ? '—' : JSON.stringify(v));

/** The configuration was unusable; its help is printed (exit 2, nothing sent). */
class NoRuntime extends Error {}

export async function run(argv: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  return withJsonOutput(argv, io, (json) => updateLeads(argv, json, signal));
}

function usage(json: JsonSession, message: string): number {
  json.io.err(`✖ ${message}`);
  json.io.err('(run zcrmkit update-leads --help for the options)');
  return EXIT_USAGE;
}

async function updateLeads(argv: string[], json: JsonSession, signal: AbortSignal | undefined): Promise<number> {
  const io = json.io;
  const program = defineCommand(
    {
      name: 'zcrmkit update-leads',
      description: 'Bulk safe update of Leads: from a CSV file (column "id" plus one column per field API name), or every lead matching --where with the changes in --set.',
      exitCodes: '0 every row updated or unchanged, 1 some rows failed or were rejected, 2 usage, configuration or input error (nothing sent), or the input changed during the run, or it is in use by another run, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).',
      examples: [
        'zcrmkit update-leads --file leads.csv',
        'zcrmkit update-leads --file leads.csv --dry-run',
        'zcrmkit update-leads --where "Lead_Status:equals:Not Contacted" --set Lead_Status=Contacted --set Rating=Active',
        'zcrmkit update-leads --emulator --where "Lead_Status:equals:Not Contacted" --set Rating=Active --dry-run',
      ],
    },
    io,
  )
    .option('--file <csv>', 'the CSV file (UTF-8); an empty cell leaves a field alone, "null" clears it, a leading apostrophe marks a literal value')
    .addOption(new Option('--where <Field:operator:value>', 'instead of --file: every lead matching this (repeat to AND several), e.g. "Lead_Status:equals:Not Contacted"').argParser(collect).default([], 'none'))
    .addOption(new Option('--set <Field=Value>', 'with --where: the change to make (repeat for several fields; "null" clears)').argParser(collect).default([], 'none'))
    .option('--results <path>', 'per-row results, CSV (or JSON Lines when it ends in .jsonl) (default: <file>.results.csv beside the input; with --where: update-leads-where.results.csv; a dry run writes .plan.csv instead)')
    .option('--force', 'replace a --results file that is not a results file of zcrmkit (never the input, never a .env file)')
    .option('--dry-run', 'check and plan every row, send no update; the plan goes to its own file')
    .addOption(new Option('--strategy <name>', 'prefetch reads current values first, so re-runs report "unchanged"').choices(['prefetch', 'optimistic']).default('prefetch'))
    .option('--json', 'print one JSON summary on stdout (human text and progress go to stderr)');
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  const whereMode = flags.where.length > 0;
  if (flags.file !== undefined && whereMode) return usage(json, '--file and --where exclude each other: update the rows of a file, or every lead matching --where');
  if (flags.file !== undefined && flags.set.length > 0) return usage(json, '--set goes with --where; with --file the CSV columns say what to change');
  if (flags.file === undefined && !whereMode) {
    return usage(json, flags.set.length > 0 ? '--set needs --where <Field:operator:value> to say which leads to change' : 'say what to update: --file <csv>, or --where <Field:operator:value> with --set <Field=Value>');
  }
  if (whereMode && flags.set.length === 0) return usage(json, '--where needs at least one --set Field=Value: the change to make');

  const bulk = await import('@zcrmkit/bulk');
  const { boundHeapGrowth } = await import('../support/heap-growth.js');
  const { createProgress } = await import('../support/progress.js');
  boundHeapGrowth();
  const { defaultResultsPath, defaultWhereResultsPath } = await import('../support/output-paths.js');
  const dryRun = Boolean(flags.dryRun);
  const resultsPath = flags.results ?? (flags.file !== undefined ? defaultResultsPath(flags.file, dryRun) : defaultWhereResultsPath(dryRun));
  const results = resultsPath.toLowerCase().endsWith('.jsonl') ? bulk.jsonLinesResults(resultsPath, { force: Boolean(flags.force) }) : bulk.csvResults(resultsPath, { force: Boolean(flags.force) });

  let source;
  let described: string;
  if (flags.file !== undefined) {
    source = bulk.csvFileSource(flags.file);
    described = `rows in ${flags.file}`;
  } else {
    const { buildCriteria, isProblem, parseSetOption, parseWhereOption } = await import('../support/where-option.js');
    const parsed = flags.where.map(parseWhereOption);
    const sets = flags.set.map(parseSetOption);
    const problems = [...parsed.filter(isProblem), ...sets.filter(isProblem)];
    const changes: Record<string, string | null> = {};
    for (const s of sets) {
      if (isProblem(s)) continue;
      if (s.field in changes) problems.push({ option: '--set', text: s.field, message: `${s.field} is set twice` });
      changes[s.field] = s.value;
    }
    if (problems.length > 0) {
      for (const p of problems) io.err(`✖ ${p.option}${p.text ? ` "${p.text}"` : ''}: ${p.message}`);
      io.err('Nothing was sent.');
      return EXIT_USAGE;
    }
    const criteria = await buildCriteria(parsed.filter((p) => !isProblem(p)) as Parameters<typeof buildCriteria>[0]);
    // The results file of the last run is read to account for leads it updated, which may no
    // longer match; a dry run never reads or writes it.
    source = bulk.criteriaSource({ criteria, changes, ...(dryRun ? {} : { previousResults: resultsPath }) });
    described = `leads match ${criteria.toString()}`;
  }

  let runtime: Runtime | undefined;
  let fleet: FleetHandle | undefined;
  let client: ZohoClient | undefined;
  let progress: Progress | undefined;
  let planned = 0;
  const mayDemand = new Set<string>();
  // A message never lands inside the progress bar's line.
  const say = (line: string) => (progress ? progress.message(line) : io.err(line));
  // Installed before the first pass: every wait, from reading the file to the last update, answers them.
  const signals = bulk.watchProcessSignals(
    {
      onDrain: (name) => say(`Interrupted (${name}): finishing the calls in flight, then writing the results file (${name === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'} again to abandon them).`),
      onAbandon: () => say(`Abandoned: the rows whose update was in flight are marked OUTCOME_UNKNOWN in ${resultsPath}; the rest are not-run.`),
    },
    signal,
  );
  // A worker that finds mid-run that the fleet holds another key drains like a first Ctrl-C (exit 2).
  const fleetStop = new AbortController();
  const makeClient = async (): Promise<ZohoClient> => {
    const { openRuntime } = await import('../support/runtime.js');
    runtime = await openRuntime({ command: 'update-leads', emulator: Boolean(flags.emulator), io, envFile: flags.env, onConfigError: (e) => json.error(e.code, e.message) });
    if (!runtime) throw new NoRuntime();
    const { createZohoClient } = await import('@zcrmkit/crm-core');
    const { openFleet } = await import('../support/fleet.js');
    fleet = await openFleet(runtime.config, io, {
      onKeyMismatch: () => {
        say('✖ This worker\'s ZCRMKIT_FLEET_KEY differs from the fleet\'s: finishing the calls in flight, then writing the results file.');
        fleetStop.abort(new Error('FLEET_KEY_MISMATCH'));
      },
    });
    client = createZohoClient({ config: runtime.config, plugins: [fleet?.plugin] });
    return client;
  };
  const printPlan = (rows: readonly BulkResult[]) => {
    for (const r of rows) {
      for (const f of r.mayDemand ?? []) mayDemand.add(f);
      if (r.state !== 'planned' || ++planned > PLAN_LINES) continue;
      io.out(`  ${r.id}: ${(r.diff ?? []).filter((d) => d.differs !== false).map((d) => `${d.field} ${show(d.from)} → ${show(d.to)}`).join(', ')}`);
    }
  };

  let summary: BulkSummary;
  try {
    summary = await bulk.runBulkUpdate({
      client: makeClient,
      source,
      results,
      strategy: flags.strategy,
      dryRun,
      signal: AbortSignal.any([signals.drain, fleetStop.signal]),
      abandonSignal: signals.abandon,
      budget: { usage: async () => (fleet?.budget ? fleet.budget.usage() : { remaining: Number.POSITIVE_INFINITY, limit: Number.POSITIVE_INFINITY }) },
      onReady: ({ total, rechecks }) => {
        const again = rechecks > 0 ? `; ${rechecks} more from ${resultsPath} re-checked` : '';
        io.out(`${total - rechecks} ${described}${again}${dryRun ? ' (dry run: nothing will be sent)' : ''}`);
        if (!dryRun) progress = createProgress(total, io);
      },
      onProgress: (p) => progress?.update(p.done),
      onResults: dryRun ? printPlan : undefined,
      onLockLost: (file) => say(`⚠ the lock on ${file} was lost; another run may now start on it`),
    });
  } catch (err) {
    progress?.stop();
    if (err instanceof NoRuntime) return EXIT_USAGE;
    if (err instanceof bulk.BulkError) {
      const { printBulkError } = await import('../support/bulk-report.js');
      printBulkError(err, io);
      json.error(err.code, err.message);
      if (err.resultsFile) io.err(`Results in ${err.resultsFile} (rows not sent are marked not-run).`);
      return err.code === 'CREDIT_BUDGET_EXCEEDED' ? EXIT_FAILED : EXIT_USAGE;
    }
    if (client) io.err(`Stopped: results in ${resultsPath} (rows not sent are marked not-run).`);
    throw err;
  } finally {
    progress?.stop();
    signals.dispose();
    await client?.close();
    await fleet?.close();
    await runtime?.close();
  }

  const { bulkJson, countsLine } = await import('../support/bulk-report.js');
  const mismatch = fleet?.mismatch;
  if (mismatch) {
    const { reportError } = await import('../support/report-error.js');
    json.error(mismatch.code, mismatch.message);
    if (summary.resultsWritten) io.out(`${countsLine(summary.counts)} — results in ${resultsPath}`);
    return reportError(mismatch, io);
  }
  json.summary(bulkJson(whereMode ? 'where' : 'file', summary));
  if (!summary.resultsWritten) {
    io.err('Interrupted before anything was sent; no results file was written.');
    return signals.exitCode;
  }
  if (planned > PLAN_LINES) io.out(`  … ${planned - PLAN_LINES} more in ${resultsPath}`);
  io.out(`${countsLine(summary.counts)} — ${dryRun ? 'plan' : 'results'} in ${resultsPath}`);
  if (mayDemand.size > 0) io.out(`note: no org profile yet: Zoho may also demand ${[...mayDemand].sort().join(', ')}; the first update tells, and later dry runs show it`);
  if (summary.interrupted || summary.abandoned) return signals.exitCode;
  return (summary.counts.failed ?? 0) + (summary.counts.rejected ?? 0) > 0 ? EXIT_FAILED : EXIT_OK;
}
