import { checkSignal } from './abort-wait.js';
import { assertApiName } from './ids.js';
import { MAX_FIELDS_PER_CALL } from './limits.js';
import type { CallPolicy } from './options.js';
import { fetchRecordPage } from './record-pages.js';
import { assertModule } from './records.js';
import type { Runtime } from './runtime.js';
import type { ListRecordsOptions, RecordData } from './types.js';
import { invalidInput, ZohoApiError } from './zoho-api-error.js';

/** Records Zoho serves through `page`/`per_page`; further ones need `page_token`. */
export const PAGE_NUMBER_LIMIT = 2000;
/** Zoho's largest `per_page`. */
export const MAX_PER_PAGE = 200;

const SORT_BY = ['id', 'Created_Time', 'Modified_Time'] as const;

export interface ListPlan {
  module: string;
  fields: string[];
  sortBy: (typeof SORT_BY)[number] | undefined;
  sortOrder: 'asc' | 'desc' | undefined;
  modifiedSince: Date | undefined;
  perPage: number;
  signal: AbortSignal | undefined;
}

export function checkFields(operation: string, fields: unknown): string[] {
  if (!Array.isArray(fields) || fields.length === 0) throw invalidInput(operation, 'fields must be a non-empty array of field API names (Zoho requires the list)');
  const names = [...new Set(fields.map((f) => assertApiName(operation, f)))];
  if (names.length > MAX_FIELDS_PER_CALL) throw invalidInput(operation, `at most ${MAX_FIELDS_PER_CALL} fields per call, got ${names.length}`);
  return names;
}

export function checkPerPage(operation: string, perPage: unknown): number {
  if (perPage === undefined) return MAX_PER_PAGE;
  if (typeof perPage !== 'number' || !Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw invalidInput(operation, `perPage must be an integer from 1 to ${MAX_PER_PAGE}, got ${String(perPage)}`);
  }
  return perPage;
}

/** Checks everything before the first request, so bad input fails at the call, not mid-iteration. */
export function planList(module: unknown, opts: unknown): ListPlan {
  const operation = `listRecords(${String(module)})`;
  assertModule(operation, module);
  if (opts === null || typeof opts !== 'object') throw invalidInput(operation, 'options with a fields array are required');
  const o = opts as ListRecordsOptions;
  const fields = checkFields(operation, o.fields);
  if (o.sortBy !== undefined && !(SORT_BY as readonly string[]).includes(o.sortBy)) throw invalidInput(operation, `sortBy must be one of ${SORT_BY.join(', ')}, got ${JSON.stringify(o.sortBy)}`);
  if (o.sortOrder !== undefined && o.sortOrder !== 'asc' && o.sortOrder !== 'desc') throw invalidInput(operation, `sortOrder must be 'asc' or 'desc', got ${JSON.stringify(o.sortOrder)}`);
  let modifiedSince: Date | undefined;
  if (o.modifiedSince !== undefined) {
    const ms = o.modifiedSince instanceof Date ? o.modifiedSince.getTime() : typeof o.modifiedSince === 'string' ? Date.parse(o.modifiedSince) : NaN;
    if (Number.isNaN(ms)) throw invalidInput(operation, 'modifiedSince must be a Date or ISO 8601 text such as 2026-11-01T00:00:00Z');
    modifiedSince = new Date(ms);
  }
  return { module: module as string, fields, sortBy: o.sortBy, sortOrder: o.sortOrder, modifiedSince, perPage: checkPerPage(operation, o.perPage), signal: checkSignal(operation, o.signal) };
}

/**
 * Every record of a module, page by page: `page` while the page ends within Zoho's first 2,000
 * records, then `page_token` from the last answer. One page is held at a time and the next is
 * fetched only when the consumer asks for it, so `break` or an aborted signal sends nothing more.
 */
export async function* iterateList(ready: () => Promise<Runtime>, policy: CallPolicy, plan: ListPlan): AsyncGenerator<RecordData, void, undefined> {
  const operation = `listRecords(${plan.module})`;
  const { signal } = plan;
  let page = 1;
  let pageToken: string | undefined;
  for (;;) {
    signal?.throwIfAborted();
    const rt = await ready();
    const token = pageToken;
    const number = page;
    const result = await fetchRecordPage(
      rt,
      policy,
      plan.module,
      operation,
      async (params) => {
        const P = rt.sdk.Record.GetRecordsParam;
        await params.add(P.FIELDS, plan.fields.join(','));
        await params.add(P.PER_PAGE, plan.perPage);
        if (token !== undefined) await params.add(P.PAGE_TOKEN, token);
        else await params.add(P.PAGE, number);
        if (plan.sortBy !== undefined) await params.add(P.SORT_BY, plan.sortBy);
        if (plan.sortOrder !== undefined) await params.add(P.SORT_ORDER, plan.sortOrder);
      },
      async (sdkRt, params) => {
        let headers = null;
        // A token carries the listing's If-Modified-Since; only the first request sends it.
        if (plan.modifiedSince !== undefined && token === undefined) {
          headers = new sdkRt.sdk.HeaderMap();
          await headers.add(sdkRt.sdk.Record.GetRecordsHeader.IF_MODIFIED_SINCE, plan.modifiedSince);
        }
        return new sdkRt.sdk.Record.RecordOperations(plan.module).getRecords(params, headers);
      },
      signal,
      // Zoho counts a sorted list against its sub-concurrency.
      plan.sortBy !== undefined,
    );
    signal?.throwIfAborted();
    for (const record of result.records) {
      yield record;
      signal?.throwIfAborted();
    }
    if (!result.more || result.records.length === 0) return;
    if (token === undefined && (page + 1) * plan.perPage <= PAGE_NUMBER_LIMIT) {
      page++;
      continue;
    }
    if (result.nextPageToken === undefined) {
      throw new ZohoApiError({ code: 'BAD_RESPONSE', message: `${operation}: Zoho said more records follow but sent no next_page_token`, operation });
    }
    pageToken = result.nextPageToken;
  }
}
