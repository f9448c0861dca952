import { openAtomicFileSync } from '@zcrmkit/safe-fs';
import type { Criteria, FieldMeta, ZohoClient } from '@zcrmkit/crm-core';
import { suggestNames } from '@zcrmkit/crm-leads';
import { BulkError, type BulkProblem } from '../bulk-error.js';
import { csvLine, valueToCell } from '../cells.js';
import { matchingRecords } from '../input/matching-records.js';
import { checkOutputPath } from '../sinks/output-path.js';

export interface ExportOptions {
  client: ZohoClient;
  /** Default `'Leads'`. */
  module?: string;
  /** Field API names, one column each after `id`. Only fields a bulk run can write back are taken. */
  fields: readonly string[];
  /** Only records matching these (crm-core's `where(…)`). Default: every record. */
  criteria?: Criteria;
  /** The CSV file to write. */
  out: string;
  /** Replace `out` if it exists. Never a `.env` file. Default false. */
  force?: boolean;
  /** Stops the export: nothing is written (the temporary file is removed). */
  signal?: AbortSignal;
}

export interface ExportResult {
  /** Records written. */
  rows: number;
  file: string;
}

/** Field types whose values survive export → `csvFileSource` unchanged. */
const ROUND_TRIP_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'integer', 'bigint', 'double', 'currency', 'decimal', 'percent', 'date']);

/** Why a field cannot be exported for re-import, or undefined when it can. */
function exportProblem(module: string, name: string, meta: ReadonlyMap<string, FieldMeta>): string | undefined {
  const field = meta.get(name);
  if (!field) {
    const hints = suggestNames(name, meta.keys());
    return `${module} has no field ${name}${hints.length > 0 ? `; did you mean ${hints.join(' or ')}?` : ''}`;
  }
  if (field.readOnly) return `${name} is read-only; a bulk update could not write it back`;
  if (!ROUND_TRIP_TYPES.has(field.dataType)) return `${name} is a ${field.dataType} field; an export takes only text, picklist, number and date fields (which read back unchanged)`;
  return undefined;
}

/**
 * Streams records to a CSV that `csvFileSource` reads back to the same values: `id` plus one
 * column per field, one page in memory at a time. Safe to open in a spreadsheet: a value that
 * begins with `=`, `+`, `-`, `@`, tab or CR is written with a leading apostrophe (OWASP's advice),
 * which the bulk reader drops again — so export → unedited re-import sends nothing, for `"null"`,
 * `"-2+3"`, `"=A1"`, leading apostrophes and empty text alike. The file (0600: it holds customer
 * data) appears under its name only when complete.
 */
export async function exportRecords(options: ExportOptions): Promise<ExportResult> {
  const { client, out } = options;
  const module = options.module ?? 'Leads';
  if (!client || typeof client.listRecords !== 'function') throw new BulkError('INVALID_OPTIONS', 'exportRecords needs a crm-core client');
  if (!Array.isArray(options.fields) || options.fields.length === 0) throw new BulkError('INVALID_OPTIONS', 'exportRecords needs at least one field');
  const fields = [...new Set(options.fields)];
  checkOutputPath(out, { kind: 'export', force: options.force === true });
  const meta = new Map((await client.getFields(module, options.signal ? { signal: options.signal } : {})).map((f) => [f.apiName, f]));
  const problems: BulkProblem[] = fields.flatMap((f) => {
    const message = exportProblem(module, f, meta);
    return message === undefined ? [] : [{ field: f, message }];
  });
  if (problems.length > 0) throw new BulkError('EXPORT_REFUSED', `${problems.length === 1 ? 'a field' : `${problems.length} fields`} cannot be exported for re-import; nothing was written`, { problems });

  const file = openAtomicFileSync(out, 0o600);
  let rows = 0;
  try {
    file.write(csvLine(['id', ...fields]));
    let buffer = '';
    for await (const record of matchingRecords(client, module, options.criteria, fields, options.signal)) {
      buffer += csvLine([record.id]).slice(0, -1);
      for (const f of fields) buffer += `,${valueToCell(record[f])}`;
      buffer += '\n';
      rows++;
      if (buffer.length >= 1 << 16) {
        file.write(buffer);
        buffer = '';
      }
    }
    if (options.signal?.aborted) throw options.signal.reason;
    file.write(buffer);
    file.commit();
  } catch (err) {
    file.abort();
    throw err;
  }
  return { rows, file: out };
}
