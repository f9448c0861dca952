import { isJsonObject, requestJson } from '../core/json.js';
import type { Route } from '../http/routes.js';

/** Records a write may carry before Zoho counts it among the heavy calls. */
const LIGHT_WRITE_RECORDS = 10;

/**
 * Whether Zoho counts a call against its sub-concurrency (10 at once on every edition): a Get
 * Records sorted (`sort_by`) or by custom view (`cvid`), or a write of more than 10 records.
 */
export function isHeavyCall(method: string, route: Route, query: URLSearchParams, body: Buffer): boolean {
  if (route.kind !== 'records') return false;
  if (method === 'GET') return query.has('sort_by') || query.has('cvid');
  if (method !== 'PUT' && method !== 'POST' && method !== 'PATCH') return false;
  try {
    const parsed = requestJson(body);
    const data = isJsonObject(parsed) ? parsed['data'] : undefined;
    return Array.isArray(data) && data.length > LIGHT_WRITE_RECORDS;
  } catch {
    return false;
  }
}
