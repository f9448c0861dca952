import { Criteria, hasControlCharacter } from './criteria.js';
import { checkSignal } from './abort-wait.js';
import { checkFields, checkPerPage, PAGE_NUMBER_LIMIT } from './list-records.js';
import type { CallPolicy } from './options.js';
import { fetchRecordPage } from './record-pages.js';
import { assertModule } from './records.js';
import type { Runtime } from './runtime.js';
import type { RecordData, SearchRecordsOptions } from './types.js';
import { invalidInput, ZohoApiError } from './zoho-api-error.js';

export type { SearchQuery } from './search-query.js';

export interface SearchPlan {
  module: string;
  param: 'criteria' | 'email' | 'phone' | 'word';
  value: string;
  fields: string[];
  perPage: number;
  signal: AbortSignal | undefined;
}

export function planSearch(module: unknown, query: unknown, opts: unknown): SearchPlan {
  const operation = `searchRecords(${String(module)})`;
  assertModule(operation, module);
  if (opts === null || typeof opts !== 'object') throw invalidInput(operation, 'options with a fields array are required');
  const o = opts as SearchRecordsOptions;
  const base = { module: module as string, fields: checkFields(operation, o.fields), perPage: checkPerPage(operation, o.perPage), signal: checkSignal(operation, o.signal) };
  if (query instanceof Criteria) return { ...base, param: 'criteria', value: query.toString() };
  if (query !== null && typeof query === 'object') {
    const keys = Object.keys(query);
    const key = keys[0];
    const value = key === undefined ? undefined : (query as Record<string, unknown>)[key];
    if (keys.length === 1 && (key === 'email' || key === 'phone' || key === 'word') && typeof value === 'string' && value.trim() !== '') {
      if (hasControlCharacter(value)) throw invalidInput(operation, `${key} contains a control character`);
      return { ...base, param: key, value };
    }
  }
  throw invalidInput(operation, "search by criteria made with where(), or by exactly one of { email }, { phone }, { word } with non-empty text");
}

/**
 * The records a search matches, page by page (lazily, like listRecords). Zoho's search has no
 * page_token and stops at 2,000 records: when more match, the iterator throws
 * DISCRETE_PAGINATION_LIMIT_EXCEEDED after the 2,000th instead of ending as if that were all.
 */
export async function* iterateSearch(ready: () => Promise<Runtime>, policy: CallPolicy, plan: SearchPlan): AsyncGenerator<RecordData, void, undefined> {
  const operation = `searchRecords(${plan.module})`;
  const { signal } = plan;
  for (let page = 1; ; page++) {
    signal?.throwIfAborted();
    const rt = await ready();
    const result = await fetchRecordPage(
      rt,
      policy,
      plan.module,
      operation,
      async (params) => {
        const P = rt.sdk.Record.SearchRecordsParam;
        const which = { criteria: P.CRITERIA, email: P.EMAIL, phone: P.PHONE, word: P.WORD }[plan.param];
        await params.add(which, plan.value);
        await params.add(P.FIELDS, plan.fields.join(','));
        await params.add(P.PER_PAGE, plan.perPage);
        await params.add(P.PAGE, page);
      },
      (sdkRt, params) => new sdkRt.sdk.Record.RecordOperations(plan.module).searchRecords(params),
      signal,
    );
    signal?.throwIfAborted();
    for (const record of result.records) {
      yield record;
      signal?.throwIfAborted();
    }
    if (!result.more || result.records.length === 0) return;
    if ((page + 1) * plan.perPage > PAGE_NUMBER_LIMIT) {
      throw new ZohoApiError({
        code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        message: `${operation}: more than ${PAGE_NUMBER_LIMIT} records match; Zoho's search returns at most ${PAGE_NUMBER_LIMIT}`,
        operation,
        hint: 'narrow the criteria, or use listRecords() (page_token, no cap) and keep the records for which criteria.matches(record) is true',
      });
    }
  }
}
