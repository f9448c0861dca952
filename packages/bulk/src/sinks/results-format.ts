import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';
import { BulkError } from '../bulk-error.js';
import { csvLine, decodeCell } from '../cells.js';
import type { BulkResult } from '../types.js';

/** The columns of a results file; a plan (a dry run's file) adds the payload a real run would send. */
export const RESULT_COLUMNS = ['line', 'id', 'state', 'code', 'message', 'fields'] as const;
export const PLAN_COLUMNS = [...RESULT_COLUMNS, 'payload'] as const;

/** The first line of a JSON Lines results file or plan: what makes it recognisably ours. */
export const JSONL_FORMAT = { results: 'zcrmkit-bulk-results', plan: 'zcrmkit-bulk-plan' } as const;
export const JSONL_VERSION = 1;

export type OutputKind = 'results' | 'plan';

/** The header line of a CSV results file or plan. */
export function csvHeader(kind: OutputKind): string {
  return `${(kind === 'plan' ? PLAN_COLUMNS : RESULT_COLUMNS).join(',')}\n`;
}

export function jsonlHeader(kind: OutputKind): string {
  return `${JSON.stringify({ format: JSONL_FORMAT[kind], version: JSONL_VERSION })}\n`;
}

/** Which of our files a first line starts, if any. */
export function recogniseFirstLine(line: string): OutputKind | undefined {
  const text = line.replace(/\r$/, '');
  if (text === csvHeader('results').trimEnd()) return 'results';
  if (text === csvHeader('plan').trimEnd()) return 'plan';
  try {
    const head = JSON.parse(text) as { format?: unknown; version?: unknown };
    if (head.format === JSONL_FORMAT.results) return 'results';
    if (head.format === JSONL_FORMAT.plan) return 'plan';
  } catch {
    // Not JSON: not one of ours.
  }
  return undefined;
}

/** One result as a CSV line; a plan's carries the payload as JSON. */
export function resultCsvLine(r: BulkResult, kind: OutputKind): string {
  const cells = [String(r.line), r.id, r.state, r.code, r.message, r.reincluded.join(' ')];
  if (kind === 'plan') cells.push(r.payload ? JSON.stringify(r.payload) : '');
  return csvLine(cells);
}

/** One result as a JSON line (the payload and diff only in plans). */
export function resultJsonLine(r: BulkResult, kind: OutputKind): string {
  const { payload, diff, ...rest } = r;
  return `${JSON.stringify(kind === 'plan' ? { ...rest, ...(payload ? { payload } : {}), ...(diff ? { diff } : {}) } : rest)}\n`;
}

/**
 * The id and state of every row of an earlier results file (CSV or JSON Lines), streamed. Throws
 * RESULTS_PATH_REFUSED when the file is not a results file of this package.
 */
export async function* readResults(file: string): AsyncGenerator<{ id: string; state: string }> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let first: string | undefined;
  try {
    for await (const line of lines) {
      first = line;
      break;
    }
  } finally {
    lines.close();
  }
  if (first === undefined) return;
  const kind = recogniseFirstLine(first);
  const json = first.trimStart().startsWith('{');
  if (kind !== 'results') {
    throw new BulkError('RESULTS_PATH_REFUSED', `${file} is not a results file of zcrmkit (${kind === 'plan' ? 'it is a dry run\'s plan' : 'its first line is not a results header'}); name another results file, or remove it`);
  }
  if (json) {
    const rows = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    let header = true;
    for await (const line of rows) {
      if (header || line.trim() === '') {
        header = false;
        continue;
      }
      const r = JSON.parse(line) as { id?: unknown; state?: unknown };
      yield { id: String(r.id ?? ''), state: String(r.state ?? '') };
    }
    return;
  }
  const parser = createReadStream(file).pipe(parse({ columns: true, skip_empty_lines: true }));
  for await (const r of parser as AsyncIterable<Record<string, string>>) {
    yield { id: decodeCell(r['id'] ?? ''), state: decodeCell(r['state'] ?? '') };
  }
}
