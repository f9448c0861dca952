import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { BulkError } from '../bulk-error.js';
import { readChunks } from './read-chunks.js';

// csv-parse's own messages quote the offending cell raw (control characters, any length): say
// what is wrong in our words instead.
const CSV_ERRORS: Record<string, string> = {
  CSV_INVALID_CLOSING_QUOTE: 'a quoted cell has characters after its closing quote (write a quote inside a quoted cell as "")',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'a line has a different number of cells than the header',
  CSV_QUOTE_NOT_CLOSED: 'a quote is opened and never closed',
  INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
  CSV_INVALID_OPENING_QUOTE: 'a quote appears inside an unquoted cell (quote the whole cell and double the quote)',
};

const NOT_UTF8 = 'the file is not UTF-8 text; save it as "CSV UTF-8" and try again';

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

function inputInvalid(file: string, message: string, line?: number): BulkError {
  return new BulkError('INPUT_INVALID', `${file}: ${message}`, { problems: [{ ...(line !== undefined ? { line } : {}), message }] });
}

/** The file's text, chunk by chunk; invalid bytes end it with the line they are on. */
async function* utf8Chunks(file: string, handle: FileHandle): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let linesBefore = 0;
  try {
    // From the start of the descriptor the caller opened (and checked), never by path again.
    for await (const chunk of readChunks(handle)) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw inputInvalid(file, NOT_UTF8, linesBefore + firstNonUtf8Line(chunk));
      }
      linesBefore += countLines(chunk);
      yield text;
    }
    try {
      yield decoder.decode();
    } catch {
      throw inputInvalid(file, NOT_UTF8, linesBefore + 1);
    }
  } catch (err) {
    if (err instanceof BulkError) throw err;
    throw inputInvalid(file, `cannot read it (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
}

/**
 * The records of a CSV (arrays of trimmed cells, the header first), streamed from an open file:
 * memory does not grow with the file. Errors are INPUT_INVALID naming the line.
 */
export async function* csvRecords(file: string, handle: FileHandle): AsyncGenerator<string[]> {
  const source = Readable.from(utf8Chunks(file, handle), { objectMode: false });
  const parser = parse({ bom: true, relax_column_count: false, skip_empty_lines: true, trim: true });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<string[]>) yield record;
  } catch (err) {
    if (err instanceof BulkError) throw err;
    const e = err as { lines?: number; code?: string };
    throw inputInvalid(file, `not valid CSV: ${CSV_ERRORS[e.code ?? ''] ?? `the CSV reader stopped (${e.code ?? 'unknown error'})`}`, e.lines);
  } finally {
    source.destroy();
    parser.destroy();
  }
}
