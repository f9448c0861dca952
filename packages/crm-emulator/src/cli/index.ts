// `@zcrmkit/crm-emulator/cli`: the emulator's command line, for other command lines to embed
// (the `zcrmkit emulator` command); the package's own bin is the same code.
import { BIN_NAME } from './cli-args.js';
import { runCli, type CliIo } from './run-cli.js';

export { runCli as runEmulatorCli, type CliIo, type CliResult } from './run-cli.js';

/**
 * Runs the emulator's command line as a process does: prints help or a usage error, or starts the
 * emulator and serves until SIGINT or SIGTERM. Resolves with the exit code.
 */
export async function emulatorMain(argv: readonly string[], io: CliIo, name = BIN_NAME): Promise<number> {
  const result = await runCli(argv, io, name);
  const emulator = result.emulator;
  if (result.exitCode !== undefined || !emulator) return result.exitCode ?? 1;
  return new Promise<number>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      void emulator.stop().then(() => resolve(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
