import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { processIo, type CommandIo } from './io.js';
import { reportError } from './report-error.js';

/**
 * Runs a command when its module is the process entry point (`node dist/update-lead.js`), not
 * when it is imported (tests, other commands). Every error becomes a message and an exit code.
 */
export function runMain(moduleUrl: string, command: (argv: string[], io: CommandIo) => Promise<number>): void {
  const entry = process.argv[1];
  if (!entry) return;
  let isMain = false;
  try {
    isMain = realpathSync(entry) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    isMain = false;
  }
  if (!isMain) return;
  command(process.argv.slice(2), processIo).then(
    (code) => exitSoon(code),
    (err: unknown) => exitSoon(reportError(err, processIo)),
  );
}

/** Lets pending output flush and the process end by itself; forces the exit if a handle lingers. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1500).unref();
}
