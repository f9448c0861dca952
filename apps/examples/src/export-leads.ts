#!/usr/bin/env node
// Export leads to CSV, streaming: every matching lead (no 2,000-record cap), one page in memory at
// a time. The file is what `update-leads --file` reads: "id" plus one column per field, so it can
// be edited and fed back; unchanged rows then come back `unchanged`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';
import { buildCriteria, isProblem, parseWhereOption, type ParsedWhere } from './bulk/where-option.js';

interface Flags extends CommonFlags {
  where: string[];
  fields: string;
  out: string;
  force?: boolean;
}

/** Always exported: Zoho never leaves a lead's Last_Name empty, so every row carries a value. */
const ANCHOR_FIELD = 'Last_Name';
const DEFAULT_FIELDS = 'Last_Name,Company,Email,Lead_Status,Rating';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

export async function exportLeadsCommand(argv: string[], io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  const program = defineCommand(
    {
      name: 'export-leads',
      description: 'Stream Leads to a CSV that update-leads --file accepts: column "id" plus one column per field.',
      exitCodes: '0 exported, 1 stopped by an error (no file written), 2 usage/configuration error, 130 interrupted (no file written).',
      examples: [
        'npx nx run examples:export-leads:emulator -- --out leads.csv --force',
        'npx nx run examples:export-leads -- --where "Lead_Status:equals:Not Contacted" --fields Last_Name,Email,Rating --out todo.csv',
      ],
    },
    io,
  )
    .addOption(new Option('--where <Field:operator:value>', 'only leads matching this (repeat to AND several), e.g. "Lead_Status:equals:Not Contacted"').argParser(collect).default([], 'none'))
    .option('--fields <names>', `comma-separated field API names (${ANCHOR_FIELD} is always included)`, DEFAULT_FIELDS)
    .option('--out <csv>', 'the CSV file to write', 'leads-export.csv')
    .option('--force', 'replace --out if it exists');
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;

  const parsed = flags.where.map(parseWhereOption);
  const problems = parsed.filter(isProblem);
  const fields = [...new Set([ANCHOR_FIELD, ...flags.fields.split(',').map((f) => f.trim()).filter((f) => f !== '')])];
  for (const f of fields) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(f)) problems.push({ option: '--where', text: f, message: `--fields: "${f}" is not a field API name` });
  if (existsSync(flags.out) && !flags.force) problems.push({ option: '--where', text: flags.out, message: `--out: ${flags.out} exists; pass --force to replace it` });
  if (problems.length > 0) {
    for (const p of problems) io.err(`✖ ${p.message.startsWith('--') ? '' : `${p.option} "${p.text}": `}${p.message}`);
    return EXIT_USAGE;
  }
  const criteria = parsed.length > 0 ? await buildCriteria(parsed as ParsedWhere[]) : undefined;

  const { openRuntime } = await import('./cli/runtime.js');
  const runtime = await openRuntime({ command: 'export-leads', emulator: Boolean(flags.emulator), io, envFile: flags.envFile });
  if (!runtime) return EXIT_USAGE;
  const { createZohoClient } = await import('@zcrmkit/crm-core');
  const { exportProblem, cellOf } = await import('./bulk/record-cells.js');
  const { matchingLeads } = await import('./bulk/matching-leads.js');
  const { CsvStream } = await import('./bulk/csv-stream.js');
  const { openFleet } = await import('./cli/fleet.js');
  const fleet = await openFleet(runtime.config, io);
  const client = createZohoClient({ config: runtime.config, ...fleet?.clientOptions });
  const stop = new AbortController();
  const onSigint = () => stop.abort(new Error('interrupted'));
  process.once('SIGINT', onSigint);
  signal?.addEventListener('abort', onSigint);
  let out: InstanceType<typeof CsvStream> | undefined;
  try {
    const meta = new Map((await client.getFields('Leads')).map((f) => [f.apiName, f]));
    const refused = fields.map((f) => exportProblem(f, meta.get(f))).filter((m): m is string => m !== undefined);
    if (refused.length > 0) {
      for (const m of refused) io.err(`✖ --fields: ${m}`);
      return EXIT_USAGE;
    }
    out = new CsvStream(path.resolve(flags.out));
    await out.writeRow(['id', ...fields]);
    for await (const lead of matchingLeads(client, criteria, fields, stop.signal)) {
      await out.writeRow([lead.id, ...fields.map((f) => cellOf(lead[f]))]);
    }
    await out.commit();
    io.out(`${out.rows - 1} lead${out.rows === 2 ? '' : 's'} written to ${flags.out}${criteria ? ` (matching ${criteria.toString()})` : ''}`);
    return EXIT_OK;
  } catch (err) {
    await out?.abort();
    if (stop.signal.aborted) {
      io.err('Interrupted: no file written.');
      return EXIT_INTERRUPTED;
    }
    throw err;
  } finally {
    process.removeListener('SIGINT', onSigint);
    await client.close();
    await fleet?.close();
    await runtime.close();
  }
}

runMain(import.meta.url, exportLeadsCommand);
