// The one CSV cell codec of every file a bulk run reads or writes: the input CSV, the results and
// plan files, and exports. Two rules meet here:
//  - OWASP's CSV-injection guidance: a cell a spreadsheet could run as a formula (beginning with
//    =, +, -, @, tab, CR, or NUL) is prefixed with an apostrophe, which spreadsheets take as "text".
//  - Round trip: reading a cell back restores the exact value, so export → unedited re-import
//    changes nothing. A leading apostrophe therefore always means "a literal value follows" and is
//    dropped on reading; a value that itself begins with one gets a second.
// Cells with no value stay empty ("leave the field alone" on import), and the bare word `null`
// clears a field; the text "null" and the empty text are written `'null` and `'`.
import type { JsonValue } from '@zcrmkit/crm-core';

/** The first characters a spreadsheet may evaluate, plus the apostrophe that marks a literal. */
const NEEDS_APOSTROPHE = /^[=+\-@\t\r\0']/;
/** Cells CSV itself needs quoted: quotes, separators, line breaks, and edge whitespace (the reader trims). */
const NEEDS_QUOTES = /[",\n\r]|^\s|\s$/;

/** The word that clears a field on import. */
export const CLEAR_CELL = 'null';

/** CSV quoting of a finished cell text: a neutralised cell is quoted too, as OWASP advises. */
function quoted(cell: string): string {
  return NEEDS_QUOTES.test(cell) || cell.startsWith("'") ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/**
 * A text as a CSV cell of a file this package writes (results, plans): neutralised when a
 * spreadsheet could run it, quoted where CSV needs it. `decodeCell` reads it back.
 */
export function encodeCell(text: string): string {
  return quoted(NEEDS_APOSTROPHE.test(text) ? `'${text}` : text);
}

/** A cell of a file this package wrote (results, plans), back to its text. */
export function decodeCell(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/**
 * A record's value as an export cell that `cellToChange` reads back to the same value: no value is
 * an empty cell; the empty text and the text "null" are escaped, so that they read as themselves
 * rather than as "leave alone" and "clear".
 */
export function valueToCell(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return quoted(text === '' || text === CLEAR_CELL || NEEDS_APOSTROPHE.test(text) ? `'${text}` : text);
}

/**
 * What an input cell asks for: `undefined` leaves the field alone (an empty cell), `null` clears it
 * (the bare word null), anything else is the new value, with one leading apostrophe removed.
 */
export function cellToChange(cell: string): string | null | undefined {
  if (cell === '') return undefined;
  if (cell === CLEAR_CELL) return null;
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** One CSV line (with its newline) of plain texts, each through `encodeCell`. */
export function csvLine(texts: readonly string[]): string {
  let line = '';
  for (let i = 0; i < texts.length; i++) line += (i === 0 ? '' : ',') + encodeCell(texts[i] as string);
  return `${line}\n`;
}
