import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { json, type EmulatorResponse } from '../http/response.js';
import { CRM_ERROR_MESSAGES, invalidData, zohoError } from './crm-errors.js';
import type { CrmState } from './crm-state.js';
import type { FieldDataType, ModuleDef } from './metadata/field-defs.js';
import { parsePaging, renderRecord, type ParamResult } from './read-records.js';
import type { ZohoRecord } from './record-store.js';
import { criteriaFields, CriteriaSyntaxError, MAX_CRITERIA, MAX_IN_VALUES, parseCriteria, type CriteriaCondition, type CriteriaNode } from './search-criteria.js';
import { CONTAINS_TYPES, operatorAllowed } from './search-operators.js';

/** Records one search can reach through `page` × `per_page`. */
export const SEARCH_LIMIT = 2000;

/** What a record's value reads as in a comparison: lookups and owners by name or id, picklists by value. */
function comparable(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(comparable);
  if (isJsonObject(value)) return [value['id'], value['name']].filter((v): v is string => typeof v === 'string');
  return [String(value)];
}

/** Ids and big integers compare exactly (19-digit ids are past a double's precision). */
function compareDigits(a: string, b: string): number {
  if (!/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return a.localeCompare(b);
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareOrdered(type: FieldDataType | 'id', a: string, b: string): number {
  switch (type) {
    case 'id':
    case 'bigint':
      return compareDigits(a, b);
    case 'integer':
    case 'double':
    case 'currency':
      return Number(a) - Number(b);
    case 'date':
    case 'datetime':
      return Date.parse(a) - Date.parse(b);
    default:
      return a.localeCompare(b);
  }
}

/** Zoho compares text without regard to case. */
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function typeOf(state: CrmState, module: ModuleDef, field: string): FieldDataType | 'id' | undefined {
  return field === 'id' ? 'id' : state.field(module, field)?.dataType;
}

function matchCondition(state: CrmState, module: ModuleDef, record: ZohoRecord, c: CriteriaCondition): boolean {
  const type = typeOf(state, module, c.field) as FieldDataType | 'id';
  // An empty field matches no condition, not_equal included: Zoho's search cannot find empty
  // values, and `null` in a value is the text "null".
  const have = (c.field === 'id' ? [record.id] : comparable(record[c.field])).filter((v) => v !== '');
  if (have.length === 0) return false;
  const [first = '', second = ''] = c.values;
  switch (c.operator) {
    case 'equals':
      // On text-like fields Zoho's equals "behaves like contains": (Company:equals:ABC) finds "ABC Inc.".
      return type !== 'id' && CONTAINS_TYPES.has(type) ? have.some((v) => v.toLowerCase().includes(first.toLowerCase())) : have.some((v) => (type === 'id' || type === 'bigint' ? compareDigits(v, first) === 0 : same(v, first)));
    case 'not_equal':
      return !have.some((v) => same(v, first));
    case 'starts_with':
      return have.some((v) => v.toLowerCase().startsWith(first.toLowerCase()));
    case 'in':
      return have.some((v) => c.values.some((w) => (type === 'id' || type === 'bigint' ? compareDigits(v, w) === 0 : same(v, w))));
    case 'greater_than':
      return have.some((v) => compareOrdered(type, v, first) > 0);
    case 'greater_equal':
      return have.some((v) => compareOrdered(type, v, first) >= 0);
    case 'less_than':
      return have.some((v) => compareOrdered(type, v, first) < 0);
    case 'less_equal':
      return have.some((v) => compareOrdered(type, v, first) <= 0);
    case 'between':
      return have.some((v) => compareOrdered(type, v, first) >= 0 && compareOrdered(type, v, second) <= 0);
  }
}

/** Every condition of a criteria tree, in order. */
function conditionsOf(node: CriteriaNode): CriteriaCondition[] {
  return node.kind === 'condition' ? [node] : node.parts.flatMap(conditionsOf);
}

function matches(state: CrmState, module: ModuleDef, record: ZohoRecord, node: CriteriaNode): boolean {
  if (node.kind === 'condition') return matchCondition(state, module, record, node);
  return node.join === 'and' ? node.parts.every((p) => matches(state, module, record, p)) : node.parts.some((p) => matches(state, module, record, p));
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'autonumber']);
/** The search parameters, in Zoho's order of precedence. */
const SEARCH_PARAMS = ['criteria', 'email', 'phone', 'word'];
const digits = (s: string): string => s.replace(/\D/g, '');

type Matcher = { ok: true; criteria: boolean; test: (r: ZohoRecord) => boolean } | { ok: false; response: EmulatorResponse };

/** One of criteria, email, phone, word — in that order of precedence when several are given. */
function matcherFor(state: CrmState, module: ModuleDef, query: URLSearchParams): Matcher {
  const criteria = query.get('criteria');
  if (criteria !== null && criteria !== '') {
    let parsed: { node: CriteriaNode; count: number };
    try {
      parsed = parseCriteria(criteria);
    } catch (error) {
      const details = error instanceof CriteriaSyntaxError ? error.details : {};
      const message = details.operator !== undefined ? CRM_ERROR_MESSAGES.INVALID_OPERATOR : CRM_ERROR_MESSAGES.INVALID_QUERY;
      return { ok: false, response: json(400, zohoError('INVALID_QUERY', message, { ...details })) };
    }
    if (parsed.count > MAX_CRITERIA) return { ok: false, response: json(400, zohoError('CRITERIA_LIMIT_EXCEEDED', CRM_ERROR_MESSAGES.CRITERIA_LIMIT_EXCEEDED, {})) };
    const unknown = criteriaFields(parsed.node).find((f) => f !== 'id' && !state.field(module, f));
    if (unknown !== undefined) {
      return { ok: false, response: json(400, zohoError('INVALID_QUERY', CRM_ERROR_MESSAGES.INVALID_QUERY, { api_name: unknown, reason: 'the field does not exist' })) };
    }
    for (const c of conditionsOf(parsed.node)) {
      if (!operatorAllowed(typeOf(state, module, c.field) as FieldDataType | 'id', c.operator)) {
        return { ok: false, response: json(400, zohoError('INVALID_QUERY', CRM_ERROR_MESSAGES.INVALID_OPERATOR, { operator: c.operator, reason: 'The operator is not valid for the field type', api_name: c.field })) };
      }
      if (c.operator === 'in' && c.values.length > MAX_IN_VALUES) return { ok: false, response: json(400, zohoError('INVALID_QUERY', CRM_ERROR_MESSAGES.IN_LIMIT, { api_name: c.field })) };
    }
    return { ok: true, criteria: true, test: (r) => matches(state, module, r, parsed.node) };
  }
  const email = query.get('email');
  if (email !== null && email !== '') {
    // Partial addresses match ("@company.com"), as Zoho documents.
    const fields = module.fields.filter((f) => f.dataType === 'email');
    const needle = email.toLowerCase();
    return { ok: true, criteria: false, test: (r) => fields.some((f) => typeof r[f.apiName] === 'string' && (r[f.apiName] as string).toLowerCase().includes(needle)) };
  }
  const phone = query.get('phone');
  if (phone !== null && phone !== '') {
    const wanted = digits(phone);
    if (wanted.length < 3) return { ok: false, response: json(400, invalidData({ param_name: 'phone' }, CRM_ERROR_MESSAGES.SHORT_PHONE)) };
    const fields = module.fields.filter((f) => f.dataType === 'phone');
    return { ok: true, criteria: false, test: (r) => fields.some((f) => typeof r[f.apiName] === 'string' && digits(r[f.apiName] as string).includes(wanted)) };
  }
  const word = query.get('word');
  if (word !== null && word !== '') {
    if (word.trim().length < 2) return { ok: false, response: json(400, invalidData({ param_name: 'word' }, CRM_ERROR_MESSAGES.SHORT_WORD)) };
    const fields = module.fields.filter((f) => TEXT_TYPES.has(f.dataType));
    const needle = word.toLowerCase();
    return { ok: true, criteria: false, test: (r) => fields.some((f) => typeof r[f.apiName] === 'string' && (r[f.apiName] as string).toLowerCase().includes(needle)) };
  }
  return { ok: false, response: json(400, zohoError('EXPECTED_PARAM_MISSING', CRM_ERROR_MESSAGES.EXPECTED_PARAM_MISSING, { param_names: [...SEARCH_PARAMS] })) };
}

/** Search sorts by any field of the module (or id), newest id first unless told otherwise. */
function searchSort(state: CrmState, module: ModuleDef, query: URLSearchParams): ParamResult<{ sortBy: string; sortOrder: 'asc' | 'desc' }> {
  const sortBy = query.get('sort_by') || 'id';
  if (sortBy !== 'id' && !state.field(module, sortBy)) return { ok: false, error: invalidData({ param_name: 'sort_by' }) };
  const sortOrder = query.get('sort_order') || 'desc';
  if (sortOrder !== 'asc' && sortOrder !== 'desc') return { ok: false, error: invalidData({ param_name: 'sort_order' }) };
  return { ok: true, value: { sortBy, sortOrder } };
}

function sortForSearch(state: CrmState, module: ModuleDef, records: ZohoRecord[], sortBy: string, sortOrder: 'asc' | 'desc'): ZohoRecord[] {
  const type = typeOf(state, module, sortBy) as FieldDataType | 'id';
  const keyed = records.map((record) => ({ record, key: sortBy === 'id' ? record.id : (comparable(record[sortBy])[0] ?? '') }));
  keyed.sort((a, b) => {
    // Records without a value go last either way.
    if (a.key === '' || b.key === '') return a.key === b.key ? compareDigits(a.record.id, b.record.id) : a.key === '' ? 1 : -1;
    const order = compareOrdered(type, a.key, b.key) || compareDigits(a.record.id, b.record.id);
    return sortOrder === 'asc' ? order : -order;
  });
  return keyed.map((k) => k.record);
}

/**
 * `GET /crm/v8/{module}/search`: records matching `criteria`, `email`, `phone` or `word` (in that
 * order of precedence), sorted by `sort_by` (default id) `sort_order` (default desc),
 * `page`/`per_page` (≤ 200) up to the 2,000th match (then LIMIT_REACHED) — search has no `page_token`.
 */
export function searchRecords(state: CrmState, module: ModuleDef, fields: string[] | undefined, query: URLSearchParams): EmulatorResponse {
  const matcher = matcherFor(state, module, query);
  if (!matcher.ok) return matcher.response;
  const paging = parsePaging(new URLSearchParams([...query].filter(([k]) => k === 'page' || k === 'per_page')));
  if (!paging.ok) return json(400, paging.error);
  const sort = searchSort(state, module, query);
  if (!sort.ok) return json(400, sort.error);
  const { page, perPage } = paging.value;
  if (page * perPage > SEARCH_LIMIT) return json(400, zohoError('LIMIT_REACHED', CRM_ERROR_MESSAGES.LIMIT_REACHED, { limit: String(SEARCH_LIMIT) }));
  const all = sortForSearch(state, module, state.store.list(module.apiName).filter(matcher.test), sort.value.sortBy, sort.value.sortOrder);
  const slice = all.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  // Zoho names the order in `info` for criteria searches only.
  const order: JsonObject = matcher.criteria ? { sort_by: sort.value.sortBy, sort_order: sort.value.sortOrder } : {};
  return json(200, {
    data: slice.map((r) => renderRecord(state, module, r, fields)),
    info: { per_page: perPage, count: slice.length, page, ...order, more_records: page * perPage < all.length },
  });
}
