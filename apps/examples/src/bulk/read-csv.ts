import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { quoteValue } from '@zcrmkit/config';
import { DuplicateIdFinder } from './duplicate-ids.js';

// csv-parse's own messages quote the offending cell raw (control characters, any length): say
// what is wrong in our words instead.
const CSV_ERRORS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has characters after its closing quote (write a quote inside a quoted cell as "")',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a line has a different number of cells than the header',
  CSV_QUOTE_NOT_CLOSED: 'a quote is opened and never closed',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
};

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

export type CsvCheckResult = { ok: true; columns: string[]; rowCount: number } | { ok: false; problems: CsvProblem[] };
export type CsvReadResult = { ok: true; columns: string[]; rows: CsvRow[] } | { ok: false; problems: CsvProblem[] };

const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const ZOHO_ID = /^[1-9]\d{5,19}$/;
/** Problems listed one by one; past this many only their number is reported. */
export const MAX_LISTED_PROBLEMS = 1_000;

/** A file that cannot be read as CSV at all (I/O, encoding, syntax). */
class CsvFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

function countLines(bytes: Uint8Array): number {
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}

function firstNonUtf8Line(bytes: Uint8Array): number {
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

/** The file as UTF-8 text, chunk by chunk; invalid bytes end it with the line they are on. */
async function* utf8Chunks(file: string): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  let stream;
  try {
    stream = createReadStream(file);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new CsvFileError('the file is not UTF-8 text; save it as "CSV UTF-8" and try again', linesBefore + firstNonUtf8Line(chunk));
      }
      linesBefore += countLines(chunk);
      yield text;
    }
    try {
      yield decoder.decode();
    } catch {
      throw new CsvFileError('the file is not UTF-8 text; save it as "CSV UTF-8" and try again', linesBefore + 1);
    }
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new CsvFileError(`cannot read ${file} (${code === 'ENOENT' ? 'no such file' : (code ?? String(err))})`);
  } finally {
    stream?.destroy();
  }
}

/** Parsed records (arrays of trimmed cells), streamed: memory does not grow with the file. */
async function* csvRecords(file: string): AsyncGenerator<string[]> {
  const source = Readable.from(utf8Chunks(file), { objectMode: false });
  const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true, trim: true });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (err) {
    if (err instanceof CsvFileError) throw err;
    const e = err as { lines?: number; code?: string };
    throw new CsvFileError(`not valid CSV: ${CSV_ERRORS[e.code ?? ''] ?? `the CSV reader stopped (${e.code ?? 'unknown error'})`}`, e.lines);
  } finally {
    source.destroy();
    parser.destroy();
  }
}

interface Header {
  columns: string[];
  idIndex: number;
}

function checkHeader(header: string[]): { header: Header; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const columns = header.map((c) => c.trim());
  const idIndex = columns.findIndex((c) => c.toLowerCase() === 'id');
  if (idIndex < 0) problems.push({ line: 1, message: `no "id" column; the header has: ${columns.length === 0 ? '(nothing)' : quoteValue(columns.join(', '))}` });
  const seenCols = new Set<string>();
  columns.forEach((c, i) => {
    if (i === idIndex) return;
    if (!API_NAME.test(c)) problems.push({ line: 1, message: `column ${quoteValue(c)} is not a field API name (letters, digits and _; e.g. Mobile)` });
    if (seenCols.has(c)) problems.push({ line: 1, message: `column ${quoteValue(c)} appears twice` });
    seenCols.add(c);
  });
  if (columns.length < 2 && idIndex >= 0) problems.push({ line: 1, message: 'no field columns next to "id": nothing to update' });
  return { header: { columns, idIndex }, problems };
}

/** Whether a row changes anything (an empty cell leaves its field alone), without building it. */
function hasChange(header: Header, cells: string[]): boolean {
  return header.columns.some((_, ci) => ci !== header.idIndex && (cells[ci] ?? '') !== '');
}

/** An empty cell means "leave unchanged"; the literal `null` clears the field. */
function rowOf(header: Header, cells: string[], line: number): CsvRow {
  const changes: Record<string, string | null> = {};
  header.columns.forEach((c, ci) => {
    if (ci === header.idIndex) return;
    const value = cells[ci] ?? '';
    if (value === '') return;
    changes[c] = value === 'null' ? null : value;
  });
  return { line, id: cells[header.idIndex] ?? '', changes };
}

/**
 * First pass over a bulk-update CSV: encoding, header, ids, duplicate ids, rows with nothing to
 * update. Streams the file and keeps only the ids, 8 bytes each (duplicates are found by sorting
 * them once the pass is done), so it works on files of any size. Every problem is listed (up to MAX_LISTED_PROBLEMS); no row is accepted from a file that has one.
 */
export async function checkLeadsCsv(file: string): Promise<CsvCheckResult> {
  // Problems found while reading, in line order; duplicates are only known once every id is in.
  const problems: CsvProblem[] = [];
  let unlisted = 0;
  const problem = (p: CsvProblem) => (problems.length < MAX_LISTED_PROBLEMS ? problems.push(p) : unlisted++);
  let header: Header | undefined;
  const ids = new DuplicateIdFinder();
  let index = -1;
  try {
    for await (const cells of csvRecords(file)) {
      index++;
      if (index === 0) {
        const checked = checkHeader(cells);
        if (checked.problems.length > 0) return { ok: false, problems: checked.problems };
        header = checked.header;
        continue;
      }
      const h = header as Header;
      // Line numbers count records (empty lines skipped), as spreadsheet users see them.
      const line = index + 1;
      const id = cells[h.idIndex] ?? '';
      if (!ZOHO_ID.test(id)) {
        ids.add(undefined);
        problem({ line, message: `id ${quoteValue(id)} is not a Zoho record id (digits only, e.g. 6051205000000123456)` });
        continue;
      }
      ids.add(id);
      if (!hasChange(h, cells)) problem({ line, message: `record ${id} has no value to update` });
    }
  } catch (err) {
    if (!(err instanceof CsvFileError)) throw err;
    return { ok: false, problems: [{ ...(err.line !== undefined ? { line: err.line } : {}), message: err.message }] };
  }
  if (!header) return { ok: false, problems: [{ message: 'the file is empty; expected a header line with an "id" column and one column per field API name' }] };
  const duplicates = ids.duplicates(MAX_LISTED_PROBLEMS);
  // Data row r is on line r + 2 (line 1 is the header).
  const duplicateProblems = duplicates.listed.map((d) => ({ line: d.row + 2, message: `id ${d.id} already appears on line ${d.firstRow + 2}; put all changes for a record on one line` }));
  const listed = mergeByLine(problems, duplicateProblems, MAX_LISTED_PROBLEMS);
  unlisted += problems.length + duplicates.total - listed.length;
  if (index === 0) listed.push({ message: 'the file has a header but no rows' });
  if (unlisted > 0) listed.push({ message: `… and ${unlisted} more problem${unlisted === 1 ? '' : 's'}` });
  if (listed.length > 0) return { ok: false, problems: listed };
  return { ok: true, columns: header.columns.filter((_, i) => i !== header!.idIndex), rowCount: index };
}

/** The first `limit` of two lists that are each in line order, in line order. */
function mergeByLine(a: CsvProblem[], b: CsvProblem[], limit: number): CsvProblem[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => (x.line ?? 0) - (y.line ?? 0)).slice(0, limit);
}

/**
 * The rows of a file that `checkLeadsCsv` accepted, `size` at a time, streamed: only one group
 * is in memory at once.
 */
export async function* readLeadsCsvRows(file: string, size: number): AsyncGenerator<CsvRow[]> {
  let header: Header | undefined;
  let group: CsvRow[] = [];
  let index = -1;
  for await (const cells of csvRecords(file)) {
    index++;
    if (index === 0) {
      header = checkHeader(cells).header;
      continue;
    }
    group.push(rowOf(header as Header, cells, index + 1));
    if (group.length >= size) {
      yield group;
      group = [];
    }
  }
  if (group.length > 0) yield group;
}

/** Checks and reads a whole (small) file at once: `checkLeadsCsv`, then every row. */
export async function readLeadsCsv(file: string): Promise<CsvReadResult> {
  const check = await checkLeadsCsv(file);
  if (!check.ok) return check;
  const rows: CsvRow[] = [];
  for await (const group of readLeadsCsvRows(file, 1_000)) rows.push(...group);
  return { ok: true, columns: check.columns, rows };
}
