import { Criteria, hasControlCharacter } from './criteria.js';
import { checkSignal, untilAborted } from './abort-wait.js';
import { fieldTypes } from './criteria-compare.js';
import { keepExactMatches } from './exact-search.js';
import { MAX_FIELDS_PER_CALL } from './limits.js';
import { checkFields, checkPerPage, PAGE_NUMBER_LIMIT } from './list-records.js';
import { cachedFields } from './metadata.js';
import type { CallPolicy } from './options.js';
import { fetchRecordPage } from './record-pages.js';
import { assertModule } from './records.js';
import type { Runtime } from './runtime.js';
import { searchCriteriaParam } from './search-criteria.js';
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
  /**
   * With `exact: true`: the criteria each record is tested against, and the caller's fields when
   * `fields` had to take the criteria's too (they are dropped again from what is yielded).
   */
  exact: { criteria: Criteria; asked: string[] | undefined } | undefined;
}

/** The fields an exact search reads: the caller's, and the criteria's, which the filter needs. */
function exactPlan(operation: string, criteria: Criteria, asked: string[]): { fields: string[]; exact: SearchPlan['exact'] } {
  const extra = criteria.fields.filter((f) => f !== 'id' && !asked.includes(f));
  if (extra.length === 0) return { fields: asked, exact: { criteria, asked: undefined } };
  const fields = [...asked, ...extra];
  if (fields.length > MAX_FIELDS_PER_CALL) {
    throw invalidInput(operation, `exact: true reads the criteria's fields too (${extra.join(', ')}): at most ${MAX_FIELDS_PER_CALL} fields per call, got ${fields.length}`);
  }
  return { fields, exact: { criteria, asked } };
}

export function planSearch(module: unknown, query: unknown, opts: unknown): SearchPlan {
  const operation = `searchRecords(${String(module)})`;
  assertModule(operation, module);
  if (opts === null || typeof opts !== 'object') throw invalidInput(operation, 'options with a fields array are required');
  const o = opts as SearchRecordsOptions;
  if (o.exact !== undefined && typeof o.exact !== 'boolean') throw invalidInput(operation, `exact must be a boolean, got ${JSON.stringify(o.exact)}`);
  const fields = checkFields(operation, o.fields);
  const base = { module: module as string, fields, perPage: checkPerPage(operation, o.perPage), signal: checkSignal(operation, o.signal), exact: undefined };
  if (query instanceof Criteria) {
    const value = searchCriteriaParam(operation, query);
    return { ...base, param: 'criteria', value, ...(o.exact === true ? exactPlan(operation, query, fields) : {}) };
  }
  if (o.exact === true) throw invalidInput(operation, 'exact: true applies to criteria made with where(), not to { email }, { phone } or { word }');
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
 * LIMIT_REACHED (Zoho's code for a search page past 2,000) after the 2,000th instead of ending as if that were all. With
 * `exact`, the records Zoho returned are tested with the criteria and the module's field types
 * (from the metadata cache): the same pages are read, the 2,000 cap counts Zoho's records.
 */
export async function* iterateSearch(ready: () => Promise<Runtime>, policy: CallPolicy, plan: SearchPlan): AsyncGenerator<RecordData, void, undefined> {
  if (plan.exact === undefined) {
    yield* searchPages(ready, policy, plan);
    return;
  }
  const operation = `searchRecords(${plan.module})`;
  plan.signal?.throwIfAborted();
  const rt = await ready();
  const types = fieldTypes(await untilAborted(cachedFields(rt, policy, plan.module), plan.signal, operation));
  yield* keepExactMatches(searchPages(ready, policy, plan), plan.exact.criteria, types, plan.exact.asked);
}

async function* searchPages(ready: () => Promise<Runtime>, policy: CallPolicy, plan: SearchPlan): AsyncGenerator<RecordData, void, undefined> {
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
        code: 'LIMIT_REACHED',
        message: `${operation}: more than ${PAGE_NUMBER_LIMIT} records match; Zoho's search returns at most ${PAGE_NUMBER_LIMIT}`,
        operation,
        hint: 'narrow the criteria, or use listRecords() (page_token, up to 100,000 records) and keep the records for which criteria.matches(record) is true',
      });
    }
  }
}
