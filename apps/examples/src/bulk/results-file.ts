import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
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

/** Writes the results atomically, so an interrupted run never leaves half a file. */
export function writeResultsFile(file: string, rows: ResultRow[]): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, `${COLUMNS.join(',')}\n`);
    for (const row of [...rows].sort((a, b) => a.line - b.line)) {
      writeSync(fd, `${COLUMNS.map((c) => cell(row[c])).join(',')}\n`);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}
