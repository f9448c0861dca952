import type { IncomingMessage } from 'node:http';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { EmulatorCore } from '../emulator-core.js';
import { readBody } from '../http/request-body.js';
import { json, type EmulatorResponse } from '../http/response.js';
import type { ClientSpec, FaultRule, LatencySpec, SeedRecordInput } from '../options.js';
import { createEmulatorAdmin } from './emulator-admin.js';
import { EmulatorError } from '../core/emulator-error.js';
import { handleInspectorRequest } from './inspector-http.js';
import { guardAdminPeer } from './admin-guard.js';

class AdminInputError extends EmulatorError {
  override readonly name = 'AdminInputError';
  constructor(message: string) {
    super('INVALID_ADMIN_INPUT', message);
  }
}

function str(body: JsonObject, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new AdminInputError(`${key} must be a string`);
  return value;
}

function num(body: JsonObject, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw new AdminInputError(`${key} must be a number`);
  return value;
}

function scopes(body: JsonObject): string | string[] | undefined {
  const value = body['scopes'];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value as string[];
  throw new AdminInputError('scopes must be a string or a list of strings');
}

function stringList(body: JsonObject, key: string): string[] {
  const value = body[key];
  if (!Array.isArray(value) || !value.every((s) => typeof s === 'string')) throw new AdminInputError(`${key} must be a list of strings`);
  return value as string[];
}

/**
 * `/__emulator/…`: the JS admin API over HTTP, for tests in other languages and for poking at a
 * running CLI emulator. Answers are JSON; inputs use the JS option names (camelCase).
 */
export async function handleAdminRequest(core: EmulatorCore, method: string, url: URL, req: IncomingMessage): Promise<EmulatorResponse> {
  // First, before the body is read: every admin route and the inspector's page and files are
  // behind it. (Here rather than in guardAdminRequest because only this handler sees the socket.)
  const stranger = guardAdminPeer({ remoteAddress: req.socket.remoteAddress, method, url, headers: req.headers }, core.adminToken);
  if (stranger) return stranger;
  const admin = createEmulatorAdmin(core);
  let body: JsonObject = {};
  try {
    const raw = (await readBody(req)).toString('utf8').trim();
    if (raw !== '') {
      const parsed = JSON.parse(raw) as JsonValue;
      if (!isJsonObject(parsed)) throw new AdminInputError('the body must be a JSON object');
      body = parsed;
    }
  } catch (err) {
    return json(400, { error: err instanceof AdminInputError ? err.message : 'the body is not valid JSON' });
  }
  const inspector = handleInspectorRequest(core, method, url);
  if (inspector) return inspector;
  const path = url.pathname.replace(/\/+$/, '');
  const route = `${method} ${path.slice('/__emulator'.length) || '/'}`;
  const records = /^\/records\/([A-Za-z0-9_]+)(?:\/(\d{1,19}))?$/.exec(path.slice('/__emulator'.length));
  try {
    if (records) {
      const [, module = '', id] = records;
      if (method === 'GET' && id !== undefined) {
        const record = admin.getRecord(module, id);
        return record ? json(200, { record }) : json(404, { error: `no ${module} record ${id}` });
      }
      if (method === 'GET') return json(200, { records: admin.listRecords(module) });
      if (method === 'POST' && id === undefined) {
        const list = body['records'];
        if (!Array.isArray(list) || !list.every(isJsonObject)) throw new AdminInputError('records must be a list of objects');
        const ids = admin.seedRecords(module, list as SeedRecordInput[], { replace: body['replace'] === true });
        return json(200, { ids });
      }
    }
    switch (route) {
      case 'GET /':
      case 'GET /health':
        return json(200, { status: 'ok', url: core.url, tokenUrl: `${core.url}/oauth/v2/token` });
      case 'GET /credentials':
        return json(200, {
          clientId: admin.defaultClient.clientId,
          clientSecret: admin.defaultClient.clientSecret,
          apiDomain: core.url,
          accountsUrl: core.url,
          tokenUrl: `${core.url}/oauth/v2/token`,
        });
      case 'POST /clients': {
        const spec: Partial<ClientSpec> = {};
        const clientId = str(body, 'clientId');
        const clientSecret = str(body, 'clientSecret');
        const redirectUri = str(body, 'redirectUri');
        if (clientId !== undefined) spec.clientId = clientId;
        if (clientSecret !== undefined) spec.clientSecret = clientSecret;
        if (redirectUri !== undefined) spec.redirectUri = redirectUri;
        return json(200, { ...admin.registerClient(spec) });
      }
      case 'POST /grant-codes': {
        const ttlSeconds = num(body, 'ttlSeconds');
        const clientId = str(body, 'clientId');
        const scope = scopes(body);
        const code = admin.mintGrantCode({
          ...(scope !== undefined ? { scopes: scope } : {}),
          ...(clientId !== undefined ? { clientId } : {}),
          ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
        });
        return json(200, { code, expiresIn: ttlSeconds ?? core.options.grantCodeTtlSeconds });
      }
      case 'POST /refresh-tokens': {
        const clientId = str(body, 'clientId');
        const scope = scopes(body);
        return json(200, { refreshToken: admin.issueRefreshToken({ ...(scope !== undefined ? { scopes: scope } : {}), ...(clientId !== undefined ? { clientId } : {}) }) });
      }
      case 'POST /access-tokens': {
        const clientId = str(body, 'clientId');
        const ttlSeconds = num(body, 'ttlSeconds');
        const scope = scopes(body);
        const accessToken = admin.issueAccessToken({
          ...(scope !== undefined ? { scopes: scope } : {}),
          ...(clientId !== undefined ? { clientId } : {}),
          ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
        });
        return json(200, { accessToken, expiresIn: ttlSeconds ?? core.options.accessTokenTtlSeconds });
      }
      case 'POST /tokens/expire':
        return json(200, { expired: admin.expireAccessTokens(str(body, 'token')) });
      case 'POST /tokens/revoke': {
        const token = str(body, 'token');
        if (token === undefined) throw new AdminInputError('token is required');
        return json(200, { revoked: admin.revokeToken(token) });
      }
      case 'GET /automation-runs': {
        const module = url.searchParams.get('module') ?? undefined;
        const trigger = url.searchParams.get('trigger') ?? 'workflow';
        return json(200, {
          runs: admin.automationRuns(module).map((r) => ({ ...r })) as unknown as JsonObject[],
          ...(module !== undefined ? { counts: admin.automationCounts(module, trigger), trigger } : {}),
        });
      }
      case 'DELETE /automation-runs':
        admin.clearAutomationRuns();
        return json(200, { ok: true });
      case 'GET /counters':
        return json(200, { ...admin.counters() });
      case 'POST /counters/reset':
        admin.resetCounters();
        return json(200, { ok: true });
      case 'GET /requests':
        return json(200, { requests: admin.requestLog().map((e) => ({ ...e })) });
      case 'DELETE /requests':
        admin.clearRequestLog();
        return json(200, { ok: true });
      case 'POST /reset':
        admin.reset();
        return json(200, { ok: true });
      case 'GET /config':
        return json(200, admin.config() as unknown as JsonObject);
      case 'PUT /strict-layout': {
        const module = str(body, 'module');
        if (module === undefined) throw new AdminInputError('module is required');
        const fields = body['fields'];
        admin.setStrictLayout(module, typeof fields === 'boolean' ? fields : stringList(body, 'fields'));
        return json(200, admin.config() as unknown as JsonObject);
      }
      case 'PUT /unique-fields': {
        const module = str(body, 'module');
        if (module === undefined) throw new AdminInputError('module is required');
        admin.setUniqueFields(module, stringList(body, 'fields'));
        return json(200, admin.config() as unknown as JsonObject);
      }
      case 'PUT /layout-required': {
        const module = str(body, 'module');
        if (module === undefined) throw new AdminInputError('module is required');
        admin.setLayoutRequired(module, stringList(body, 'fields'));
        return json(200, admin.config() as unknown as JsonObject);
      }
      case 'PUT /faults': {
        const rules = body['rules'];
        if (!Array.isArray(rules) || !rules.every(isJsonObject)) throw new AdminInputError('rules must be a list of fault rules');
        admin.setFaults(rules as unknown as FaultRule[]);
        return json(200, admin.config() as unknown as JsonObject);
      }
      case 'DELETE /faults':
        admin.setFaults([]);
        return json(200, admin.config() as unknown as JsonObject);
      case 'PUT /latency':
        admin.setLatency({ fixedMs: num(body, 'fixedMs') ?? 0, jitterMs: num(body, 'jitterMs') ?? 0 } satisfies LatencySpec);
        return json(200, admin.config() as unknown as JsonObject);
      case 'PUT /concurrency-cap': {
        const cap = body['cap'];
        if (cap !== null && typeof cap !== 'number') throw new AdminInputError('cap must be a number or null');
        const retry = body['retryAfterSeconds'];
        if (retry !== undefined && retry !== null && typeof retry !== 'number') throw new AdminInputError('retryAfterSeconds must be a number or null');
        admin.setConcurrencyCap(cap, retry);
        return json(200, admin.config() as unknown as JsonObject);
      }
    }
    return json(404, { error: `no admin route ${route}` });
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
}
