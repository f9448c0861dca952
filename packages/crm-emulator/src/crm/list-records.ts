import type { JsonObject } from '../core/json.js';
import { json, type EmulatorResponse } from '../http/response.js';
import { CRM_ERROR_MESSAGES, invalidData, zohoError, type ZohoError } from './crm-errors.js';
import type { CrmState } from './crm-state.js';
import type { ModuleDef } from './metadata/field-defs.js';
import { formatZohoDateTime } from '../core/time.js';
import { PAGE_TOKEN_TTL_MS, PageTokens, type PageCursor } from './page-tokens.js';
import { parsePaging, renderRecord, sortRecords, type PageRequest } from './read-records.js';
import type { ZohoRecord } from './record-store.js';

/** Records reachable through `page`/`per_page`; past it Zoho wants `page_token`. */
export const DISCRETE_PAGINATION_LIMIT = 2000;

const tokensByState = new WeakMap<CrmState, PageTokens>();

/** The page tokens one emulator has issued (kept beside its state, not in it: they are not data). */
export function pageTokens(state: CrmState): PageTokens {
  let tokens = tokensByState.get(state);
  if (!tokens) {
    tokens = new PageTokens();
    tokensByState.set(state, tokens);
  }
  return tokens;
}

export const paginationLimitExceeded = (): ZohoError =>
  zohoError('DISCRETE_PAGINATION_LIMIT_EXCEEDED', CRM_ERROR_MESSAGES.DISCRETE_PAGINATION_LIMIT_EXCEEDED, { limit: DISCRETE_PAGINATION_LIMIT });

/** Epoch ms of an If-Modified-Since header (ISO 8601 as Zoho documents it, or an HTTP date). */
export function parseModifiedSince(raw: string | undefined): { ok: true; value: number | undefined } | { ok: false; error: ZohoError } {
  if (raw === undefined || raw.trim() === '') return { ok: true, value: undefined };
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) return { ok: false, error: invalidData({ param_name: 'If-Modified-Since', expected_data_type: 'datetime' }) };
  return { ok: true, value: ms };
}

export function modifiedAtOrAfter(records: ZohoRecord[], since: number | undefined): ZohoRecord[] {
  if (since === undefined) return records;
  return records.filter((r) => typeof r['Modified_Time'] === 'string' && Date.parse(r['Modified_Time']) >= since);
}

export interface ListRequest {
  query: URLSearchParams;
  ifModifiedSince: string | undefined;
  now: number;
}

/** Records one page-token walk may hand out, as Zoho caps it; `null` in the options lifts the cap. */
export const TOKEN_PAGINATION_LIMIT = 100_000;

/** What a page token is bound to: every query parameter but page and page_token, in a stable order. */
function bindingOf(req: ListRequest): string {
  const params = [...req.query].filter(([k]) => k !== '' && k !== 'page' && k !== 'page_token').sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1));
  return JSON.stringify(params);
}

/**
 * A token carries its walk's If-Modified-Since: a request with the token may leave the header out,
 * or repeat it; another instant is another listing. (Zoho binds a token to its parameters; whether
 * the header counts is not documented.)
 */
function sinceMismatch(req: ListRequest, cursorSince: number | undefined): boolean {
  if (req.ifModifiedSince === undefined || req.ifModifiedSince.trim() === '') return false;
  const since = parseModifiedSince(req.ifModifiedSince);
  return !since.ok || since.value !== cursorSince;
}

const tokenError = (code: 'TOKEN_BOUND_DATA_MISMATCH' | 'PAGINATION_LIMIT_EXCEEDED'): ZohoError => zohoError(code, CRM_ERROR_MESSAGES[code], { param_name: 'page_token' });

/**
 * `GET /crm/v8/{module}` without `ids`: `page`/`per_page` up to the 2,000th record, then
 * `page_token` (every answer's `info` carries `next_page_token`, `previous_page_token` and
 * `page_token_expiry`, null where there is none). A token is bound to the request's parameters and
 * If-Modified-Since (TOKEN_BOUND_DATA_MISMATCH otherwise), lives 24 h (EXPIRED_VALUE), cannot go
 * with `page` (AMBIGUITY_DURING_PROCESSING) and reaches at most 100,000 records
 * (PAGINATION_LIMIT_EXCEEDED). Every page of a walk reads the snapshot of ids its first page took.
 */
export function listRecords(state: CrmState, module: ModuleDef, fields: string[], req: ListRequest, tokenLimit: number | null = TOKEN_PAGINATION_LIMIT): EmulatorResponse {
  const paging = parsePaging(req.query);
  if (!paging.ok) return json(400, paging.error);
  const tokens = pageTokens(state);
  const rawToken = req.query.get('page_token');
  const binding = bindingOf(req);
  let cursor: Pick<PageCursor, 'sortBy' | 'sortOrder' | 'modifiedSince' | 'offset'> & { walk?: number; previous?: string | null };
  let fromToken = false;
  if (rawToken !== null && rawToken !== '') {
    if (req.query.has('page')) {
      return json(400, zohoError('AMBIGUITY_DURING_PROCESSING', CRM_ERROR_MESSAGES.AMBIGUITY_DURING_PROCESSING, { ambiguity_due_to: [{ param_name: 'page' }, { param_name: 'page_token' }] }));
    }
    const read = tokens.read(rawToken, req.now);
    if (read.ok && tokens.snapshot(read.cursor.walk) === undefined) {
      return json(400, zohoError('EXPIRED_VALUE', CRM_ERROR_MESSAGES.EXPIRED_VALUE, { api_name: 'page_token', json_path: '$.query.page_token' }));
    }
    if (!read.ok) {
      return json(400, read.reason === 'expired'
        ? zohoError('EXPIRED_VALUE', CRM_ERROR_MESSAGES.EXPIRED_VALUE, { api_name: 'page_token', json_path: '$.query.page_token' })
        : invalidData({ param_name: 'page_token' }));
    }
    if (read.cursor.module !== module.apiName) return json(400, invalidData({ param_name: 'page_token' }));
    if (read.cursor.binding !== binding || sinceMismatch(req, read.cursor.modifiedSince)) return json(400, tokenError('TOKEN_BOUND_DATA_MISMATCH'));
    if (tokenLimit !== null && read.cursor.offset >= tokenLimit) return json(400, tokenError('PAGINATION_LIMIT_EXCEEDED'));
    cursor = { ...read.cursor, previous: rawToken };
    fromToken = true;
  } else {
    const since = parseModifiedSince(req.ifModifiedSince);
    if (!since.ok) return json(400, since.error);
    const { page, perPage, sortBy, sortOrder } = paging.value;
    if (page * perPage > DISCRETE_PAGINATION_LIMIT) return json(400, paginationLimitExceeded());
    cursor = { sortBy, sortOrder, modifiedSince: since.value, offset: (page - 1) * perPage };
  }
  const perPage = paging.value.perPage;
  const order: PageRequest = { page: 1, perPage, sortBy: cursor.sortBy as PageRequest['sortBy'], sortOrder: cursor.sortOrder };
  // A walk's pages read the snapshot its first page took (a token whose snapshot was dropped expired above).
  let walk = cursor.walk;
  const ids = (walk === undefined ? undefined : tokens.snapshot(walk)) ?? sortRecords(modifiedAtOrAfter(state.store.list(module.apiName), cursor.modifiedSince), order).map((r) => r.id);
  // Nothing changed since If-Modified-Since: Zoho answers 304 with no body.
  if (cursor.modifiedSince !== undefined && ids.length === 0 && !fromToken) return { status: 304 };
  const pageIds = ids.slice(cursor.offset, cursor.offset + perPage);
  // A record deleted during the walk is left out of its page.
  const slice = pageIds.map((id) => state.store.get(module.apiName, id)).filter((r): r is ZohoRecord => r !== undefined);
  if (pageIds.length === 0) return { status: 204 };
  const end = cursor.offset + pageIds.length;
  const more = end < ids.length;
  const expiresAt = req.now + PAGE_TOKEN_TTL_MS;
  let next: string | null = null;
  if (more) {
    walk ??= tokens.startWalk(ids);
    next = tokens.issue({ module: module.apiName, sortBy: order.sortBy, sortOrder: order.sortOrder, modifiedSince: cursor.modifiedSince, offset: end, expiresAt, walk, binding, previous: cursor.previous ?? null });
  }
  const info: JsonObject = {
    per_page: perPage,
    count: slice.length,
    page: Math.floor(cursor.offset / perPage) + 1,
    sort_by: order.sortBy,
    sort_order: order.sortOrder,
    more_records: more,
    next_page_token: next,
    previous_page_token: cursor.previous ?? null,
    // The org's time, with its offset, as Zoho writes it (2022-11-11T15:08:14+05:30).
    page_token_expiry: next === null ? null : formatZohoDateTime(expiresAt),
  };
  return json(200, { data: slice.map((r) => renderRecord(state, module, r, fields)), info });
}
