import path from 'node:path';
import { quoteValue } from '@zcrmkit/config';
import { isApiName, isZohoId } from '@zcrmkit/crm-core';
import { codePointName, controlCharacterAt } from '@zcrmkit/crm-leads';
import { BulkError, type BulkProblem } from '../bulk-error.js';
import { cellToChange } from '../cells.js';
import type { BulkRow } from '../types.js';
import { CheckedFile, type BulkSource, type RowReader } from './checked-input.js';
import { csvRecords } from './csv-records.js';
import { identityOf, inputChanged, openRegularFile, sameIdentity } from './input-file.js';
import { ProblemList } from './problem-list.js';
import { RowLedger } from './row-ledger.js';

interface Header {
  columns: string[];
  idIndex: number;
}

/** Cells are fingerprinted joined by a character no checked cell holds. */
const SEPARATOR = '\u001f';

function checkHeader(header: string[]): { header: Header; problems: BulkProblem[] } {
  const problems: BulkProblem[] = [];
  const columns = header.map((c) => c.trim());
  const idIndex = columns.findIndex((c) => c.toLowerCase() === 'id');
  if (idIndex < 0) problems.push({ line: 1, message: `no "id" column; the header has: ${columns.length === 0 ? '(nothing)' : quoteValue(columns.join(', '))}` });
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    if (i === idIndex) return;
    if (!isApiName(c)) problems.push({ line: 1, message: `column ${quoteValue(c)} is not a field API name (letters, digits and _; e.g. Mobile)` });
    if (seen.has(c)) problems.push({ line: 1, field: c, message: `column ${quoteValue(c)} appears twice` });
    seen.add(c);
  });
  if (columns.length < 2 && idIndex >= 0) problems.push({ line: 1, message: 'no field columns next to "id": nothing to update' });
  return { header: { columns, idIndex }, problems };
}

/** An empty cell leaves its field alone, `null` clears it, a leading apostrophe marks a literal (see cells.ts). */
function rowOf(header: Header, cells: string[], line: number): BulkRow {
  const changes: Record<string, string | null> = {};
  header.columns.forEach((c, ci) => {
    if (ci === header.idIndex) return;
    const change = cellToChange(cells[ci] ?? '');
    if (change !== undefined) changes[c] = change;
  });
  return { line, id: cells[header.idIndex] ?? '', changes };
}

/** The problems of one data row, without building it. */
function rowProblems(header: Header, cells: string[], line: number, add: (p: BulkProblem) => void): string | undefined {
  const id = cells[header.idIndex] ?? '';
  if (!isZohoId(id)) {
    add({ line, message: `id ${quoteValue(id)} is not a Zoho record id (digits only, e.g. 6051205000000123456)` });
    return undefined;
  }
  let changes = 0;
  header.columns.forEach((c, ci) => {
    if (ci === header.idIndex) return;
    const cell = cells[ci] ?? '';
    if (cell !== '') changes++;
    const at = controlCharacterAt(cell);
    if (at >= 0) add({ line, field: c, message: `${c}: the value holds the control character ${codePointName(cell, at)} at position ${at + 1}; remove it (tab and line breaks are allowed)` });
  });
  if (changes === 0) add({ line, message: `record ${id} has no value to update` });
  return id;
}

/** Reads the rows of a CSV that passed the first pass (the header is checked again, not trusted). */
function csvRows(file: string): RowReader {
  return async function* (handle) {
    let header: Header | undefined;
    let index = -1;
    for await (const cells of csvRecords(file, handle)) {
      index++;
      if (index === 0) {
        header = checkHeader(cells).header;
        continue;
      }
      yield { text: cells.join(SEPARATOR), row: rowOf(header as Header, cells, index + 1) };
    }
  };
}

/**
 * Rows from a CSV file: a column `id` plus one column per field API name. An empty cell leaves its
 * field alone, `null` clears it, and a leading apostrophe marks a literal value (`'null` is the
 * text null; the apostrophe is dropped). Line numbers count records, as spreadsheet users see them.
 *
 * The first pass checks the whole file — encoding, header, ids, duplicate ids, rows with nothing to
 * change, control characters — keeping 16 bytes a row. Later passes read it again and stop with
 * INPUT_CHANGED at the first row, or the first change of size, mtime or inode, that differs.
 * A FIFO, device or folder is refused (INPUT_NOT_REGULAR).
 */
export function csvFileSource(file: string): BulkSource {
  if (typeof file !== 'string' || file === '') throw new BulkError('INVALID_OPTIONS', 'csvFileSource needs the path of a CSV file');
  return {
    description: path.basename(file),
    path: file,
    async open(context) {
      const { handle, identity } = await openRegularFile(file);
      const problems = new ProblemList();
      const ledger = new RowLedger(2);
      let header: Header | undefined;
      try {
        let index = -1;
        for await (const cells of csvRecords(file, handle)) {
          if (context.signal?.aborted) throw context.signal.reason;
          index++;
          if (index === 0) {
            const checked = checkHeader(cells);
            if (checked.problems.length > 0) throw new BulkError('INPUT_INVALID', `${file}: the header cannot be used; nothing was sent`, { problems: checked.problems });
            header = checked.header;
            continue;
          }
          // Line numbers count records (empty lines skipped), as spreadsheet users see them.
          const id = rowProblems(header as Header, cells, index + 1, (p) => problems.add(p));
          ledger.add(id, cells.join(SEPARATOR));
        }
        if (!sameIdentity(identityOf(await handle.stat()), identity)) throw inputChanged(file, 'it was written to while it was being checked');
      } finally {
        await handle.close();
      }
      if (!header) throw new BulkError('INPUT_INVALID', `${file}: the file is empty; expected a header line with an "id" column and one column per field API name`, { problems: [{ message: 'the file is empty' }] });
      const duplicates = ledger.duplicates(1_000);
      problems.merge(
        duplicates.listed.map((d) => ({ line: d.row + 2, message: `id ${d.id} already appears on line ${d.firstRow + 2}; put all changes for a record on one line` })),
        duplicates.total,
      );
      if (ledger.rows === 0) problems.add({ message: 'the file has a header but no rows' });
      if (problems.size > 0) {
        throw new BulkError('INPUT_INVALID', `${file}: ${problems.size} problem${problems.size === 1 ? '' : 's'}; nothing was sent`, { problems: problems.report() });
      }
      const fields = header.columns.filter((_, i) => i !== header!.idIndex);
      return new CheckedFile(file, identity, ledger, csvRows(file), fields, false);
    },
  };
}
