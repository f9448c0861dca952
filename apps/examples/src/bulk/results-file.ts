import { statSync } from 'node:fs';
import path from 'node:path';
import { openAtomicFileSync } from '@zcrmkit/auth';

export interface ResultRow {
  line: number;
  id: string;
  state: string;
  code: string;
  message: string;
  fields: string;
}

const COLUMNS: (keyof ResultRow)[] = ['line', 'id', 'state', 'code', 'message', 'fields'];

/** Results hold record ids and field names, not secrets; readable like the input CSV. */
const RESULTS_MODE = 0o644;

function cell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `leads.csv` → `leads.results.csv`, beside the input. */
export function resultsPathFor(input: string): string {
  const { dir, name } = path.parse(input);
  return path.join(dir, `${name}.results.csv`);
}

/**
 * Why `results` cannot be written for `input`, or undefined: the same path, or another name for
 * the same file (a link), would replace the input with the results.
 */
export function resultsPathProblem(input: string, results: string): string | undefined {
  const same = `--results ${results} is the input file itself; writing the results would replace the input. Choose another --results path (default: ${resultsPathFor(input)})`;
  if (path.resolve(input) === path.resolve(results)) return same;
  try {
    const a = statSync(input);
    const b = statSync(results);
    if (a.dev === b.dev && a.ino === b.ino) return same;
  } catch {
    // One of them does not exist yet: they cannot be the same file.
  }
  return undefined;
}

/**
 * Writes the results atomically (auth's one atomic write: random exclusive temp name, fsync,
 * rename), so an interrupted run never leaves half a file and no planted name redirects it.
 */
export function writeResultsFile(file: string, rows: ResultRow[]): void {
  const out = openAtomicFileSync(file, RESULTS_MODE);
  try {
    out.write(`${COLUMNS.join(',')}\n`);
    for (const row of [...rows].sort((a, b) => a.line - b.line)) {
      out.write(`${COLUMNS.map((c) => cell(row[c])).join(',')}\n`);
    }
  } catch (err) {
    out.abort();
    throw err;
  }
  out.commit();
}
