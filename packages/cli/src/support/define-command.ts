import { Command } from 'commander';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CommandIo } from './io.js';

/** Options every command that talks to Zoho takes. */
export interface CommonFlags {
  /** `--env <path>`: not `--env-file`, which Node.js reads itself, even after the script name. */
  env?: string;
  emulator?: boolean;
}

/** What `--help` says about a command, beyond its options. */
export interface CommandHelp {
  name: string;
  description: string;
  /** One line per exit code, e.g. `0 updated, 1 failed`. */
  exitCodes: string;
  /** Command lines that work when copied, shown under "Examples:". */
  examples: readonly string[];
}

/**
 * A command with the shared options and the help layout every zcrmkit command uses: usage line,
 * description, options with their defaults, "Examples:", exit codes. Output goes to `io`.
 */
export function defineCommand(help: CommandHelp, io: CommandIo): Command {
  return new Command(help.name)
    .description(help.description)
    .option('--env <path>', '.env file to read (default: .env in the current folder, if present)')
    .option('--emulator', 'run on an embedded local Zoho emulator (no account needed)')
    .addHelpText('after', helpFooter(help.examples, help.exitCodes))
    .showHelpAfterError(`(run ${help.name} --help for the options)`)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

/** The "Examples:" and "Exit codes:" sections, the same in every command's help. */
export function helpFooter(examples: readonly string[], exitCodes: string): string {
  return `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes: ${exitCodes}`;
}

/** Parses argv; a number is the exit code to return at once (`--help`: 0, bad usage: 2). */
export function parseFlags<T extends CommonFlags>(program: Command, argv: string[]): T | number {
  try {
    return program.parse(argv, { from: 'user' }).opts<T>();
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
}
