import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';

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
 * A results file written as a run goes: rows are appended (in the order given) to a temporary
 * file beside the target as batches settle, and `commit` renames it into place — so memory does
 * not grow with the rows, and an interrupted run never leaves half a results file.
 */
export class ResultsWriter {
  readonly #file: string;
  readonly #tmp: string;
  #fd: number | undefined;

  private constructor(file: string) {
    this.#file = file;
    // Random and exclusive: never an existing file, never another run's temp file.
    this.#tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    this.#fd = openSync(this.#tmp, 'wx', 0o644);
    writeSync(this.#fd, `${COLUMNS.join(',')}\n`);
  }

  static open(file: string): ResultsWriter {
    return new ResultsWriter(file);
  }

  append(rows: readonly ResultRow[]): void {
    if (this.#fd === undefined) throw new Error('internal: results file already closed');
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) text += `${COLUMNS.map((c) => cell(row[c])).join(',')}\n`;
    writeSync(this.#fd, text);
  }

  commit(): void {
    if (this.#fd === undefined) return;
    const fd = this.#fd;
    this.#fd = undefined;
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(this.#tmp, this.#file);
  }

  /** Drops the temporary file (nothing is left behind). */
  discard(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    try {
      unlinkSync(this.#tmp);
    } catch {
      // Already gone.
    }
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
