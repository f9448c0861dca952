import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { COMMANDS } from './commands/command-table.js';
import { EXIT_OK, EXIT_USAGE } from './support/exit-codes.js';
import { helpFooter } from './support/define-command.js';
import { processIo, type CommandIo } from './support/io.js';

export const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = [
  'zcrmkit update-lead --emulator',
  'zcrmkit update-leads --file leads.csv --dry-run',
  'zcrmkit update-leads --where "Lead_Status:equals:Not Contacted" --set Lead_Status=Contacted',
  'zcrmkit check-init --env .env.sandbox --json',
];
const EXIT_CODES = '0 done, 1 some records failed, 2 usage, configuration or input error (nothing sent), 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).';

function rootProgram(io: CommandIo): Command {
  const root = new Command('zcrmkit')
    .usage('<command> [options]')
    .description('Safe Zoho CRM updates from the command line, on the official Node SDK.\nRun "zcrmkit <command> --help" for a command\'s options.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpCommand(false)
    .addHelpText('after', helpFooter(EXAMPLES, EXIT_CODES))
    .showHelpAfterError('(run zcrmkit --help for the commands)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  // Listed for the help and for "did you mean"; each runs through its own module.
  for (const c of COMMANDS) root.command(c.name).description(c.summary);
  return root;
}

/**
 * `zcrmkit <command> [options]`: runs one command and resolves with the process exit code. Only
 * the command that runs is loaded; `--help` loads neither the Zoho SDK nor the emulator.
 */
export async function runZcrmkit(argv: readonly string[], io: CommandIo = processIo, signal?: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry) return (await entry.load()).run(rest, io, signal);
  const root = rootProgram(io);
  if (name === undefined) {
    root.outputHelp({ error: true });
    return EXIT_USAGE;
  }
  try {
    root.parse([...argv], { from: 'user' });
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
  return EXIT_USAGE;
}
