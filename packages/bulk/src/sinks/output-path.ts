import path from 'node:path';
import { isSameFile, lstatIfExistsSync, readHeadSync } from '@zcrmkit/safe-fs';
import { BulkError } from '../bulk-error.js';
import { recogniseFirstLine, type OutputKind } from './results-format.js';

export interface OutputPathRules {
  /** What the file will hold. Results and plans may replace only a file of the same kind of ours. */
  kind: OutputKind | 'export';
  /** The run's input: never overwritten, however it is named. */
  input?: string | undefined;
  /** Replace a file that is not ours (or a symbolic link). Never the input, never a `.env` file. */
  force?: boolean;
}

/** `.env`, `.env.local`, `prod.env`: files that hold credentials. */
export function isEnvFile(file: string): boolean {
  const name = path.basename(file).toLowerCase();
  return name === '.env' || name.startsWith('.env.') || name.endsWith('.env');
}

const NOUN: Record<OutputPathRules['kind'], string> = { results: 'results file', plan: 'plan', export: 'export' };

function firstLine(file: string): string {
  return readHeadSync(file, 4096).toString('utf8').split('\n')[0] ?? '';
}

/**
 * Refuses an output path this package must not write: the input itself (by any name), a `.env`
 * file, something that is not a regular file, and — unless `force` — a file of someone else's
 * (for results and plans: any file whose first line is not our header of the same kind, so that a
 * dry run never replaces the results the next real run reads; for exports: any existing file).
 */
export function checkOutputPath(file: string, rules: OutputPathRules): void {
  const code = rules.kind === 'export' ? 'EXPORT_REFUSED' : 'RESULTS_PATH_REFUSED';
  const noun = NOUN[rules.kind];
  const refuse = (why: string) => new BulkError(code, `${file}: ${why}`);
  if (typeof file !== 'string' || file === '') throw new BulkError('INVALID_OPTIONS', `the ${noun} path must be a non-empty string`);
  if (rules.input !== undefined && isSameFile(file, rules.input)) throw refuse(`this is the input file; writing the ${noun} would replace it. Choose another path`);
  if (isEnvFile(file)) throw refuse(`this looks like a .env file, which holds credentials; a ${noun} never replaces one. Choose another path`);
  let stats;
  try {
    stats = lstatIfExistsSync(file);
  } catch (err) {
    throw refuse(`cannot check it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  if (!stats) return;
  if (stats.isSymbolicLink()) {
    if (rules.force) return; // The atomic write replaces the link itself, never what it points to.
    throw refuse('this is a symbolic link; name the file itself, or replace the link with --force');
  }
  if (!stats.isFile()) throw refuse(`this is not a regular file; the ${noun} goes to a file of its own`);
  if (rules.force) return;
  if (rules.kind === 'export') throw refuse('the file exists; replace it with --force, or choose another path');
  const found = recogniseFirstLine(firstLine(file));
  if (found === rules.kind) return;
  if (found === 'results') throw refuse("this holds the results of a real run, which the next run reads to resume; a dry run writes its plan to a file of its own. Choose another path, or replace it with --force");
  if (found === 'plan') throw refuse("this is a dry run's plan, not a results file; choose another path, or replace it with --force");
  throw refuse(`the file exists and is not a ${noun} of zcrmkit; choose another path, or replace it with --force`);
}
