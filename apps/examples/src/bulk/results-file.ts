import { statSync } from 'node:fs';
import path from 'node:path';
import { openAtomicFileSync, type AtomicFileSync } from '@zcrmkit/auth';
import { ZcrmkitError } from '@zcrmkit/config';
import type { CsvRow } from './read-csv.js';

export interface ResultRow {
  line: number;
  id: string;
  state: string;
  code: string;
  message: string;
  fields: string;
}

const COLUMNS: (keyof ResultRow)[] = ['line', 'id', 'state', 'code', 'message', 'fields'];

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
 * A results file written as a run goes: rows are appended (in the order given) as batches settle,
 * through auth's one atomic write (random temp name created with O_EXCL | O_NOFOLLOW, fsync,
 * rename), and `commit` renames it into place — so memory does not grow with the rows, no planted
 * name redirects the write, and an interrupted run never leaves half a results file.
 */
export class ResultsWriter {
  #out: AtomicFileSync | undefined;

  private constructor(file: string) {
    // Results hold record ids and field names, not secrets: readable like the input CSV.
    this.#out = openAtomicFileSync(file, 0o644);
    this.#out.write(`${COLUMNS.join(',')}\n`);
  }

  static open(file: string): ResultsWriter {
    return new ResultsWriter(file);
  }

  append(rows: readonly ResultRow[]): void {
    if (this.#out === undefined) throw new ZcrmkitError('INTERNAL', 'internal: results file already closed');
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) text += `${COLUMNS.map((c) => cell(row[c])).join(',')}\n`;
    this.#out.write(text);
  }

  commit(): void {
    const out = this.#out;
    if (out === undefined) return;
    this.#out = undefined;
    out.commit();
  }

  /** Drops the temporary file (nothing is left behind). */
  discard(): void {
    const out = this.#out;
    if (out === undefined) return;
    this.#out = undefined;
    out.abort();
  }
}

/** Writes a whole results file at once (small runs, tests). */
export function writeResultsFile(file: string, rows: ResultRow[]): void {
  const writer = ResultsWriter.open(file);
  try {
    writer.append([...rows].sort((a, b) => a.line - b.line));
    writer.commit();
  } catch (err) {
    writer.discard();
    throw err;
  }
}

/** The result of a row whose update call was under way when the run stopped: never "failed" as if refused. */
export function abandonedRow(row: CsvRow): ResultRow {
  return {
    line: row.line,
    id: row.id,
    state: 'failed',
    code: 'OUTCOME_UNKNOWN',
    message: 'the run stopped while this row may have been on its way to Zoho: it may or may not have been applied; check the record before sending it again',
    fields: '',
  };
}
