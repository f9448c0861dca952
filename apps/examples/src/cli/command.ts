import { Command } from 'commander';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.js';
import type { CommandIo } from './io.js';

/** Options every example command takes. */
export interface CommonFlags {
  envFile?: string;
  emulator?: boolean;
}

/** A command with the shared options, help text and output wired to `io`. */
export function defineCommand(name: string, description: string, exitCodes: string, io: CommandIo): Command {
  return new Command(name)
    .description(description)
    .option('--env-file <path>', '.env file to read (default: .env, if present)')
    .option('--emulator', 'run on the embedded local Zoho emulator (no account needed)')
    .addHelpText('after', `\nExit codes: ${exitCodes}`)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
}

/** Parses argv; a number is the exit code to return at once (`--help`: 0, bad usage: 2). */
export function parseFlags<T extends CommonFlags>(program: Command, argv: string[]): T | number {
  try {
    return program.parse(argv, { from: 'user' }).opts<T>();
  } catch (err) {
    return (err as { exitCode?: number }).exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  }
}
