import type { OAuthStore } from '../accounts/oauth-store.js';
import type { RequiredScope } from '../accounts/scopes.js';
import { scopesAllow } from '../accounts/scopes.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject, requestJson } from '../core/json.js';
import { json, noContent, type EmulatorResponse } from '../http/response.js';
import type { Route } from '../http/routes.js';
import { CRM_ERROR_MESSAGES, invalidData, mandatoryNotFound, zohoError, type ZohoError } from './crm-errors.js';
import type { CrmState } from './crm-state.js';
import type { ModuleDef } from './metadata/field-defs.js';
import { USERS, CURRENT_USER, orgJson, userJson } from './org-users.js';
import { listRecords } from './list-records.js';
import { parseFieldsParam, parseIdsParam, renderRecord } from './read-records.js';
import { searchRecords } from './search-records.js';
import { createRecord, successEntry, updateRecord, type WriteOutcome } from './write-records.js';
import { triggersOf } from './automation-log.js';

export interface CrmRequest {
  method: string;
  route: Route;
  query: URLSearchParams;
  authorization: string | undefined;
  /** The If-Modified-Since header, when sent. */
  ifModifiedSince?: string | undefined;
  body: Buffer;
}

export interface CrmContext {
  state: CrmState;
  oauth: OAuthStore;
  now: () => number;
  /** Records one page-token walk may reach (null: no cap). Default Zoho's 100,000. */
  tokenPaginationLimit?: number | null;
}

const MAX_WRITE_RECORDS = 100;

const error = (status: number, body: ZohoError): EmulatorResponse => json(status, body);

function authenticate(ctx: CrmContext, authorization: string | undefined): { ok: true; scopes: string[] } | { ok: false; response: EmulatorResponse } {
  const match = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) {
    return { ok: false, response: error(401, zohoError('AUTHENTICATION_FAILURE', CRM_ERROR_MESSAGES.AUTHENTICATION_FAILURE)) };
  }
  const check = ctx.oauth.checkAccessToken(match[1] as string);
  if (!check.ok) return { ok: false, response: error(401, zohoError('INVALID_TOKEN', CRM_ERROR_MESSAGES.INVALID_TOKEN)) };
  return { ok: true, scopes: check.scopes };
}

function requiredScope(route: Route, method: string, module: ModuleDef | undefined): RequiredScope | undefined {
  switch (route.kind) {
    case 'users':
      return { group: 'users', operation: 'READ' };
    case 'org':
      return { group: 'org', operation: 'READ' };
    case 'settings-modules':
      return { group: 'settings', resource: 'modules', operation: 'READ' };
    case 'settings-fields':
      return { group: 'settings', resource: 'fields', operation: 'READ' };
    case 'settings-layouts':
      return { group: 'settings', resource: 'layouts', operation: 'READ' };
    case 'records':
    case 'record':
    case 'search':
      return {
        group: 'modules',
        resource: module?.apiName.toLowerCase() ?? '',
        operation: method === 'GET' ? 'READ' : method === 'POST' ? 'CREATE' : 'UPDATE',
      };
    default:
      return undefined;
  }
}

function moduleParam(ctx: CrmContext, query: URLSearchParams): { ok: true; module: ModuleDef } | { ok: false; response: EmulatorResponse } {
  const name = query.get('module');
  if (name === null || name === '') {
    return { ok: false, response: error(400, zohoError('REQUIRED_PARAM_MISSING', CRM_ERROR_MESSAGES.REQUIRED_PARAM_MISSING, { param_name: 'module' })) };
  }
  const module = ctx.state.module(name);
  if (!module) return { ok: false, response: error(400, zohoError('INVALID_MODULE', CRM_ERROR_MESSAGES.INVALID_MODULE, { api_name: 'module' })) };
  return { ok: true, module };
}

function getUsers(query: URLSearchParams): EmulatorResponse {
  const type = query.get('type') ?? 'AllUsers';
  const byType: Record<string, typeof USERS> = {
    AllUsers: USERS,
    ActiveUsers: USERS,
    ActiveConfirmedUsers: USERS,
    AdminUsers: [CURRENT_USER],
    ActiveConfirmedAdmins: [CURRENT_USER],
    CurrentUser: [CURRENT_USER],
  };
  const users = byType[type];
  if (!users) return error(400, invalidData({ param_name: 'type' }));
  return json(200, { users: users.map(userJson), info: { per_page: 200, count: users.length, page: 1, more_records: false } });
}

function parseBody(body: Buffer): { ok: true; value: JsonValue | undefined } | { ok: false; response: EmulatorResponse } {
  try {
    return { ok: true, value: requestJson(body) };
  } catch {
    return { ok: false, response: error(400, invalidData({}, CRM_ERROR_MESSAGES.INVALID_BODY)) };
  }
}

/** The `{data:[…], trigger?:[…]}` envelope of a write; answers a whole-request error when it is malformed. */
function writeEnvelope(body: Buffer): { ok: true; data: JsonValue[]; trigger: string[] | undefined } | { ok: false; response: EmulatorResponse } {
  const parsed = parseBody(body);
  if (!parsed.ok) return parsed;
  const envelope = parsed.value;
  if (!isJsonObject(envelope) || envelope['data'] === undefined || envelope['data'] === null) {
    return { ok: false, response: error(400, mandatoryNotFound('data', '$.data')) };
  }
  const data = envelope['data'];
  if (!Array.isArray(data) || data.length === 0) {
    return { ok: false, response: error(400, invalidData({ api_name: 'data', json_path: '$.data', expected_data_type: 'jsonarray' })) };
  }
  if (data.length > MAX_WRITE_RECORDS) {
    return {
      ok: false,
      response: error(400, zohoError('LIMIT_EXCEEDED', CRM_ERROR_MESSAGES.LIMIT_EXCEEDED, { api_name: 'data', json_path: '$.data', limit: MAX_WRITE_RECORDS })),
    };
  }
  const trigger = envelope['trigger'];
  if (trigger !== undefined && (!Array.isArray(trigger) || trigger.some((t) => typeof t !== 'string'))) {
    return { ok: false, response: error(400, invalidData({ api_name: 'trigger', json_path: '$.trigger', expected_data_type: 'jsonarray' })) };
  }
  return { ok: true, data, trigger: trigger as string[] | undefined };
}

/** Notes the automation each applied write set off. */
function noteAutomation(ctx: CrmContext, module: ModuleDef, outcomes: WriteOutcome[], trigger: string[] | undefined, operation: 'update' | 'create', now: number): WriteOutcome[] {
  const ids: string[] = [];
  for (const o of outcomes) if (o.ok) ids.push(o.record.id);
  ctx.state.automation.recordWrites(module.apiName, ids, triggersOf(trigger), operation, now);
  return outcomes;
}

/** 200 (or 201 for creates) when every record succeeded, 207 when some did, 400 when none did. */
function writeResponse(outcomes: WriteOutcome[], created: boolean): EmulatorResponse {
  const data: JsonObject[] = outcomes.map((o) => (o.ok ? successEntry(o.record, created) : o.error));
  const successes = outcomes.filter((o) => o.ok).length;
  const status = successes === outcomes.length ? (created ? 201 : 200) : successes === 0 ? 400 : 207;
  return json(status, { data });
}

function records(ctx: CrmContext, module: ModuleDef, req: CrmRequest): EmulatorResponse {
  const { state } = ctx;
  if (req.method === 'GET') {
    const fields = parseFieldsParam(state, module, req.query.get('fields'));
    if (!fields.ok) return error(400, fields.error);
    const idsParam = req.query.get('ids');
    if (idsParam !== null) {
      const ids = parseIdsParam(idsParam);
      if (!ids.ok) return error(400, ids.error);
      const found = ids.value.flatMap((id) => {
        const record = state.store.get(module.apiName, id);
        return record ? [renderRecord(state, module, record, fields.value)] : [];
      });
      if (found.length === 0) return noContent();
      return json(200, { data: found, info: { per_page: ids.value.length, count: found.length, page: 1, more_records: false } });
    }
    if (fields.value === undefined) {
      return error(400, zohoError('REQUIRED_PARAM_MISSING', CRM_ERROR_MESSAGES.REQUIRED_PARAM_MISSING, { param_name: 'fields' }));
    }
    return listRecords(state, module, fields.value, { query: req.query, ifModifiedSince: req.ifModifiedSince, now: ctx.now() }, ctx.tokenPaginationLimit);
  }
  const envelope = writeEnvelope(req.body);
  if (!envelope.ok) return envelope.response;
  const now = ctx.now();
  if (req.method === 'POST') {
    return writeResponse(noteAutomation(ctx, module, envelope.data.map((payload, i) => createRecord(state, module, payload, i, now)), envelope.trigger, 'create', now), true);
  }
  return writeResponse(noteAutomation(ctx, module, envelope.data.map((payload, i) => updateRecord(state, module, payload, i, now)), envelope.trigger, 'update', now), false);
}

function record(ctx: CrmContext, module: ModuleDef, id: string, req: CrmRequest): EmulatorResponse {
  const { state } = ctx;
  if (req.method === 'GET') {
    const fields = parseFieldsParam(state, module, req.query.get('fields'));
    if (!fields.ok) return error(400, fields.error);
    const found = state.store.get(module.apiName, id);
    return found ? json(200, { data: [renderRecord(state, module, found, fields.value)] }) : noContent();
  }
  const envelope = writeEnvelope(req.body);
  if (!envelope.ok) return envelope.response;
  // PUT /{module}/{id} updates the record in the URL with the first entry of data[].
  const now = ctx.now();
  return writeResponse(noteAutomation(ctx, module, [updateRecord(state, module, envelope.data[0], 0, now, id)], envelope.trigger, 'update', now), false);
}

/** Every `/crm/v8/…` request: authentication, scope, then the operation. */
export function handleCrm(ctx: CrmContext, req: CrmRequest): EmulatorResponse {
  const auth = authenticate(ctx, req.authorization);
  if (!auth.ok) return auth.response;
  const { route } = req;
  if (route.kind === 'crm-not-found' || route.kind === 'not-found') {
    return error(404, zohoError('INVALID_URL_PATTERN', CRM_ERROR_MESSAGES.INVALID_URL_PATTERN));
  }
  if (route.kind === 'method-not-allowed') {
    return error(405, zohoError('INVALID_REQUEST_METHOD', CRM_ERROR_MESSAGES.INVALID_REQUEST_METHOD));
  }
  let module: ModuleDef | undefined;
  if (route.kind === 'records' || route.kind === 'record' || route.kind === 'search') {
    module = ctx.state.module(route.module);
    if (!module) return error(400, zohoError('INVALID_MODULE', CRM_ERROR_MESSAGES.INVALID_MODULE));
  }
  const scope = requiredScope(route, req.method, module);
  if (scope && !scopesAllow(auth.scopes, scope)) {
    return error(401, zohoError('OAUTH_SCOPE_MISMATCH', CRM_ERROR_MESSAGES.OAUTH_SCOPE_MISMATCH));
  }
  switch (route.kind) {
    case 'users':
      return getUsers(req.query);
    case 'org':
      return json(200, { org: [orgJson()] });
    case 'settings-modules':
      return json(200, { modules: ctx.state.modulesJson() });
    case 'settings-fields': {
      const m = moduleParam(ctx, req.query);
      return m.ok ? json(200, { fields: ctx.state.fieldsJson(m.module) }) : m.response;
    }
    case 'settings-layouts': {
      const m = moduleParam(ctx, req.query);
      return m.ok ? json(200, { layouts: ctx.state.layoutsJson(m.module) }) : m.response;
    }
    case 'records':
      return records(ctx, module as ModuleDef, req);
    case 'record':
      return record(ctx, module as ModuleDef, route.id, req);
    case 'search': {
      const fields = parseFieldsParam(ctx.state, module as ModuleDef, req.query.get('fields'));
      return fields.ok ? searchRecords(ctx.state, module as ModuleDef, fields.value, req.query) : error(400, fields.error);
    }
    default:
      return error(404, zohoError('INVALID_URL_PATTERN', CRM_ERROR_MESSAGES.INVALID_URL_PATTERN));
  }
}
