// Export leads to CSV, streaming: every matching lead (no 2,000-record cap), one page in memory at
// a time, safe to open in a spreadsheet, and read back by update-leads --file to the same values.
import path from 'node:path';
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from '../support/define-command.js';
import { EXIT_OK, EXIT_USAGE } from '../support/exit-codes.js';
import type { CommandIo } from '../support/io.js';

interface Flags extends CommonFlags {
  where: string[];
  fields: string;
  out?: string;
  force?: boolean;
}

/** Always exported: Zoho never leaves a lead's Last_Name empty, so every row carries a value. */
const ANCHOR_FIELD = 'Last_Name';
const DEFAULT_FIELDS = 'Last_Name,Company,Email,Lead_Status,Rating';
const DEFAULT_OUT = 'leads-export.csv';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export async function run(argv: string[], io: CommandIo, signal?: AbortSignal): Promise<number> {
  const program = defineCommand(
    {
      name: 'zcrmkit export-leads',
      description: 'Stream Leads to a CSV that update-leads --file reads back unchanged: column "id" plus one column per field. Cells a spreadsheet could run as a formula start with an apostrophe.',
      exitCodes: '0 exported, 1 stopped by an error (no file written), 2 usage, configuration or field error, 130 interrupted (no file written), 143 terminated (no file written).',
      examples: ['zcrmkit export-leads --out leads.csv', 'zcrmkit export-leads --where "Lead_Status:equals:Not Contacted" --fields Last_Name,Email,Rating --out todo.csv', 'zcrmkit export-leads --emulator --out leads.csv --force'],
    },
    io,
  )
    .addOption(new Option('--where <Field:operator:value>', 'only leads matching this (repeat to AND several), e.g. "Lead_Status:equals:Not Contacted"').argParser(collect).default([], 'none'))
    .option('--fields <names>', `comma-separated field API names (${ANCHOR_FIELD} is always included)`, DEFAULT_FIELDS)
    .option('--out <csv>', `the CSV file to write (default: ${DEFAULT_OUT} in the current folder, with a notice)`)
    .option('--force', 'replace --out if it exists (never a .env file)');
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  const { buildCriteria, isProblem, parseWhereOption } = await import('../support/where-option.js');
  const parsed = flags.where.map(parseWhereOption);
  const problems = parsed.filter(isProblem).map((p) => `${p.option} "${p.text}": ${p.message}`);
  const fields = [...new Set([ANCHOR_FIELD, ...flags.fields.split(',').map((f) => f.trim()).filter((f) => f !== '')])];
  for (const f of fields) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f)) problems.push(`--fields: "${f}" is not a field API name`);
  const bulk = await import('@zcrmkit/bulk');
  const out = flags.out ?? DEFAULT_OUT;
  try {
    bulk.checkOutputPath(out, { kind: 'export', force: Boolean(flags.force) });
  } catch (err) {
    if (!(err instanceof bulk.BulkError)) throw err;
    problems.push(`--out ${err.message}`);
  }
  if (problems.length > 0) {
    for (const p of problems) io.err(`✖ ${p}`);
    return EXIT_USAGE;
  }
  // Customer data never lands anywhere silently: a default path is announced, with its folder.
  if (flags.out === undefined) io.err(`▶ writing ${DEFAULT_OUT} in the current folder (${path.resolve('.')}); choose the file with --out`);
  const criteria = parsed.length > 0 ? await buildCriteria(parsed as Parameters<typeof buildCriteria>[0]) : undefined;

  const { openRuntime } = await import('../support/runtime.js');
  const runtime = await openRuntime({ command: 'export-leads', emulator: Boolean(flags.emulator), io, envFile: flags.env });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { openFleet } = await import('../support/fleet.js');
  const fleet = await openFleet(runtime.config, io);
  const client = createZohoClient({ config: runtime.config, plugins: [fleet?.plugin] });
  const signals = bulk.watchProcessSignals({}, signal);
  try {
    const result = await bulk.exportRecords({ client, module: 'Leads', fields, ...(criteria ? { criteria } : {}), out, force: Boolean(flags.force), signal: signals.drain });
    io.out(`${result.rows} lead${result.rows === 1 ? '' : 's'} written to ${out}${criteria ? ` (matching ${criteria.toString()})` : ''}`);
    return EXIT_OK;
  } catch (err) {
    if (signals.drain.aborted) {
      io.err('Interrupted: no file written.');
      return signals.exitCode;
    }
    if (err instanceof bulk.BulkError) {
      const { printBulkError } = await import('../support/bulk-report.js');
      printBulkError(err, io);
      return EXIT_USAGE;
    }
    throw err;
  } finally {
    signals.dispose();
    await client.close();
    await fleet?.close();
    await runtime.close();
  }
}
