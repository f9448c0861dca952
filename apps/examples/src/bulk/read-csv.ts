import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { quoteValue } from '@zcrmkit/config';

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  id: string;
  changes: Record<string, string | null>;
}

export interface CsvProblem {
  line?: number;
  message: string;
}

export type CsvReadResult = { ok: true; columns: string[]; rows: CsvRow[] } | { ok: false; problems: CsvProblem[] };

// csv-parse's own messages quote the offending cell raw (control characters, any length): say
// what is wrong in our words instead.
const CSV_ERRORS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has characters after its closing quote (write a quote inside a quoted cell as "")',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a line has a different number of cells than the header',
  CSV_QUOTE_NOT_CLOSED: 'a quote is opened and never closed',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
};

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ZOHO_ID = /^[1-9]\d{5,19}$/;

/**
 * Reads and checks a bulk-update CSV as a whole: encoding, header, ids, duplicate ids, column
 * names. Every problem is listed; no row is accepted from a file that has one. An empty cell
 * means "leave unchanged"; the literal `null` clears the field.
 */
export function readLeadsCsv(file: string): CsvReadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { ok: false, problems: [{ message: `cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code})` }] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = firstNonUtf8Line(bytes);
    return { ok: false, problems: [{ line, message: 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again' }] };
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, problems: [{ message: 'the file is empty; expected a header line with an "id" column and one column per field API name' }] };

  let records: string[][];
  try {
    records = parse(text, { relax_column_count: false, skip_empty_lines: true, trim: true }) as string[][];
  } catch (err) {
    const e = err as { lines?: number; code?: string };
    return { ok: false, problems: [{ line: e.lines, message: `not valid CSV: ${CSV_ERRORS[e.code ?? ''] ?? `the CSV reader stopped (${e.code ?? 'unknown error'})`}` }] };
  }
  const [header, ...body] = records;
  const problems: CsvProblem[] = [];
  const columns = (header ?? []).map((c) => c.trim());
  const idIndex = columns.findIndex((c) => c.toLowerCase() === 'id');
  const listed = columns.join(', ');
  if (idIndex < 0) problems.push({ line: 1, message: `no "id" column; the header has: ${listed === '' ? '(nothing)' : quoteValue(listed)}` });
  const seenCols = new Set<string>();
  columns.forEach((c, i) => {
    if (i === idIndex) return;
    if (!API_NAME.test(c)) problems.push({ line: 1, message: `column ${quoteValue(c)} is not a field API name (letters, digits and _; e.g. Mobile)` });
    if (seenCols.has(c)) problems.push({ line: 1, message: `column ${quoteValue(c)} appears twice` });
    seenCols.add(c);
  });
  if (columns.length < 2 && idIndex >= 0) problems.push({ line: 1, message: 'no field columns next to "id": nothing to update' });
  if (body.length === 0) problems.push({ message: 'the file has a header but no rows' });
  if (problems.some((p) => p.line === 1)) return { ok: false, problems };

  const rows: CsvRow[] = [];
  const seenIds = new Map<string, number>();
  body.forEach((cells, i) => {
    const line = i + 2;
    const id = cells[idIndex] ?? '';
    if (!ZOHO_ID.test(id)) {
      problems.push({ line, message: `id ${quoteValue(id)} is not a Zoho record id (digits only, e.g. 6051205000000123456)` });
      return;
    }
    const first = seenIds.get(id);
    if (first !== undefined) {
      problems.push({ line, message: `id ${id} already appears on line ${first}; put all changes for a record on one line` });
      return;
    }
    seenIds.set(id, line);
    const changes: Record<string, string | null> = {};
    columns.forEach((c, ci) => {
      if (ci === idIndex) return;
      const value = cells[ci] ?? '';
      if (value === '') return;
      changes[c] = value === 'null' ? null : value;
    });
    if (Object.keys(changes).length === 0) problems.push({ line, message: `record ${id} has no value to update` });
    else rows.push({ line, id, changes });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, columns: columns.filter((_, i) => i !== idIndex), rows };
}

function firstNonUtf8Line(bytes: Buffer): number {
  let line = 1;
  let start = 0;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line++;
      start = i + 1;
    }
  }
  return line;
}
