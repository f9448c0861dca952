// The process behind the `zcrmkit` bin: runs one command and exits with its code. A closed pipe
// (`zcrmkit --help | head -1`) is a normal end: the reader has all it wanted, and a run in progress
// still finishes and writes its results.
import { reportError } from './support/report-error.js';
import { processIo, toleratePipeClose } from './support/io.js';
import { runZcrmkit } from './zcrmkit.js';

toleratePipeClose('stdout', process.stdout);
toleratePipeClose('stderr', process.stderr);

/** Lets pending output flush and the process end by itself; forces the exit if a handle lingers. */
function exitSoon(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 1500).unref();
}

runZcrmkit(process.argv.slice(2), processIo).then(exitSoon, (err: unknown) => exitSoon(reportError(err, processIo)));
