import type { JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { json, type EmulatorResponse } from '../http/response.js';
import { CRM_ERROR_MESSAGES, zohoError } from './crm-errors.js';
import type { CrmState } from './crm-state.js';
import { DISCRETE_PAGINATION_LIMIT, paginationLimitExceeded } from './list-records.js';
import type { FieldDef, ModuleDef } from './metadata/field-defs.js';
import { parsePaging, renderRecord, sortRecords } from './read-records.js';
import type { ZohoRecord } from './record-store.js';
import { criteriaFields, CriteriaSyntaxError, MAX_CRITERIA, parseCriteria, type CriteriaCondition, type CriteriaNode } from './search-criteria.js';

/** What a record's value reads as in a comparison: lookups and owners by name or id, picklists by value. */
function comparable(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(comparable);
  if (isJsonObject(value)) return [value['id'], value['name']].filter((v): v is string => typeof v === 'string');
  return [String(value)];
}

function compareOrdered(field: FieldDef | undefined, a: string, b: string): number {
  const numeric = field && ['integer', 'double', 'currency', 'bigint', 'percent', 'decimal'].includes(field.dataType);
  if (numeric || (field === undefined && !Number.isNaN(Number(a)) && !Number.isNaN(Number(b)))) return Number(a) - Number(b);
  if (field && (field.dataType === 'date' || field.dataType === 'datetime')) return Date.parse(a) - Date.parse(b);
  return a.localeCompare(b);
}

/** Zoho compares text without regard to case. */
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function matchCondition(state: CrmState, module: ModuleDef, record: ZohoRecord, c: CriteriaCondition): boolean {
  const field = c.field === 'id' ? undefined : state.field(module, c.field);
  const have = c.field === 'id' ? [record.id] : comparable(record[c.field]);
  const [first = '', second = ''] = c.values;
  switch (c.operator) {
    case 'equals':
      return first.toLowerCase() === 'null' ? have.length === 0 || have.every((v) => v === '') : have.some((v) => same(v, first));
    case 'not_equal':
      return first.toLowerCase() === 'null' ? have.some((v) => v !== '') : !have.some((v) => same(v, first));
    case 'starts_with':
      return have.some((v) => v.toLowerCase().startsWith(first.toLowerCase()));
    case 'in':
      return have.some((v) => c.values.some((w) => same(v, w)));
    case 'not_in':
      return !have.some((v) => c.values.some((w) => same(v, w)));
    case 'greater_than':
      return have.some((v) => compareOrdered(field, v, first) > 0);
    case 'greater_equal':
      return have.some((v) => compareOrdered(field, v, first) >= 0);
    case 'less_than':
      return have.some((v) => compareOrdered(field, v, first) < 0);
    case 'less_equal':
      return have.some((v) => compareOrdered(field, v, first) <= 0);
    case 'between':
      return have.some((v) => compareOrdered(field, v, first) >= 0 && compareOrdered(field, v, second) <= 0);
  }
}

function matches(state: CrmState, module: ModuleDef, record: ZohoRecord, node: CriteriaNode): boolean {
  if (node.kind === 'condition') return matchCondition(state, module, record, node);
  return node.join === 'and' ? node.parts.every((p) => matches(state, module, record, p)) : node.parts.some((p) => matches(state, module, record, p));
}

const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'autonumber']);
const digits = (s: string): string => s.replace(/\D/g, '');

type Matcher = { ok: true; test: (r: ZohoRecord) => boolean } | { ok: false; response: EmulatorResponse };

/** One of criteria, email, phone, word — in that order of precedence when several are given. */
function matcherFor(state: CrmState, module: ModuleDef, query: URLSearchParams): Matcher {
  const criteria = query.get('criteria');
  if (criteria !== null && criteria !== '') {
    let parsed: { node: CriteriaNode; count: number };
    try {
      parsed = parseCriteria(criteria);
    } catch (error) {
      const details = error instanceof CriteriaSyntaxError ? error.details : {};
      return { ok: false, response: json(400, zohoError('INVALID_QUERY', CRM_ERROR_MESSAGES.INVALID_QUERY, { ...details })) };
    }
    if (parsed.count > MAX_CRITERIA) {
      return { ok: false, response: json(400, zohoError('LIMIT_EXCEEDED', CRM_ERROR_MESSAGES.LIMIT_EXCEEDED, { api_name: 'criteria', limit: MAX_CRITERIA })) };
    }
    const unknown = criteriaFields(parsed.node).find((f) => f !== 'id' && !state.field(module, f));
    if (unknown !== undefined) {
      return { ok: false, response: json(400, zohoError('INVALID_QUERY', CRM_ERROR_MESSAGES.INVALID_QUERY, { api_name: unknown, reason: 'the field does not exist' })) };
    }
    return { ok: true, test: (r) => matches(state, module, r, parsed.node) };
  }
  const email = query.get('email');
  if (email !== null && email !== '') {
    const fields = module.fields.filter((f) => f.dataType === 'email');
    return { ok: true, test: (r) => fields.some((f) => typeof r[f.apiName] === 'string' && same(r[f.apiName] as string, email)) };
  }
  const phone = query.get('phone');
  if (phone !== null && phone !== '') {
    const fields = module.fields.filter((f) => f.dataType === 'phone');
    const wanted = digits(phone);
    return { ok: true, test: (r) => wanted !== '' && fields.some((f) => typeof r[f.apiName] === 'string' && digits(r[f.apiName] as string) === wanted) };
  }
  const word = query.get('word');
  if (word !== null && word !== '') {
    const fields = module.fields.filter((f) => TEXT_TYPES.has(f.dataType));
    const needle = word.toLowerCase();
    return { ok: true, test: (r) => fields.some((f) => typeof r[f.apiName] === 'string' && (r[f.apiName] as string).toLowerCase().includes(needle)) };
  }
  return { ok: false, response: json(400, zohoError('REQUIRED_PARAM_MISSING', CRM_ERROR_MESSAGES.REQUIRED_PARAM_MISSING, { param_name: 'criteria' })) };
}

/**
 * `GET /crm/v8/{module}/search`: records matching `criteria`, `email`, `phone` or `word`, in id
 * order, `page`/`per_page` (≤ 200) up to the 2,000th match — search has no `page_token`.
 */
export function searchRecords(state: CrmState, module: ModuleDef, fields: string[] | undefined, query: URLSearchParams): EmulatorResponse {
  const matcher = matcherFor(state, module, query);
  if (!matcher.ok) return matcher.response;
  const paging = parsePaging(query);
  if (!paging.ok) return json(400, paging.error);
  const { page, perPage } = paging.value;
  if (page * perPage > DISCRETE_PAGINATION_LIMIT) return json(400, paginationLimitExceeded());
  const all = sortRecords(state.store.list(module.apiName).filter(matcher.test), paging.value);
  const slice = all.slice((page - 1) * perPage, page * perPage);
  if (slice.length === 0) return { status: 204 };
  return json(200, {
    data: slice.map((r) => renderRecord(state, module, r, fields)),
    info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < all.length },
  });
}
