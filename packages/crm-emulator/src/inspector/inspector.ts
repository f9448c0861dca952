import type { IncomingHttpHeaders } from 'node:http';
import type { JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import type { CrmState } from '../crm/crm-state.js';
import type { ZohoRecord } from '../crm/record-store.js';
import { encodeResponse, type EmulatorResponse } from '../http/response.js';
import type { ResolvedRoute } from '../http/routes.js';
import type { TokenRateLimit } from '../options.js';
import { RecordHistory, type FieldChange } from './record-history.js';
import { RequestJournal } from './request-journal.js';
import { maskAuthorization, maskSecretString } from './secret-mask.js';
import { TokenLedger } from './token-ledger.js';

/** Bodies kept across the journal; older requests lose theirs first. */
const JOURNAL_BODY_BYTES = 16 * 1024 * 1024;
const UNCHANGING = new Set(['Modified_Time', 'Modified_By']);
const ALL_AUTOMATION = ['workflow', 'approval', 'blueprint'];

/** One request as the inspector follows it through the server. */
export interface RequestTrace {
  resolved: ResolvedRoute;
  method: string;
  headers: Record<string, string>;
  module: string | null;
  recordIds: Set<string>;
  requestBody: Buffer | undefined;
  /** Parsed once, for writes only (their ids and trigger). */
  writeBody: JsonValue | null;
  /** The bytes answered; with a fault that replaced the answer, the answer the CRM computed. */
  payload: { bytes: Buffer; contentType: string } | undefined;
  computed: EmulatorResponse | undefined;
  before: Map<string, ZohoRecord | undefined>;
  automation: string[];
  changes: { id: string; action: 'created' | 'updated'; changes: Record<string, FieldChange> }[];
}

function pickHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'content-length', 'user-agent', 'x-zoho-sdk', 'authorization']) {
    const value = headers[name];
    if (typeof value !== 'string') continue;
    out[name] = name === 'authorization' ? maskAuthorization(value) : maskSecretString(value);
  }
  return out;
}

function parseJson(text: string): JsonValue | null {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return null;
  }
}

function idsIn(value: JsonValue | null, key: 'id' | 'details'): string[] {
  if (!isJsonObject(value) || !Array.isArray(value['data'])) return [];
  return value['data'].flatMap((entry) => {
    if (!isJsonObject(entry)) return [];
    const holder = key === 'details' ? entry['details'] : entry;
    const id = isJsonObject(holder) ? holder['id'] : undefined;
    return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
  });
}

function successIds(response: JsonValue | null): Set<string> {
  if (!isJsonObject(response) || !Array.isArray(response['data'])) return new Set();
  return new Set(
    response['data'].flatMap((entry) => {
      if (!isJsonObject(entry) || entry['status'] !== 'success' || !isJsonObject(entry['details'])) return [];
      const id = entry['details']['id'];
      return typeof id === 'string' ? [id] : [];
    }),
  );
}

function diff(before: ZohoRecord | undefined, after: ZohoRecord): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) {
    if (UNCHANGING.has(key) || key === 'id') continue;
    const from = before?.[key] ?? null;
    const to = after[key] ?? null;
    // An update copies the record and keeps untouched values by reference: most fields stop here.
    if (from === to) continue;
    if (typeof from !== 'object' || typeof to !== 'object' || JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/**
 * The web inspector's memory: request details (bodies with secrets masked), per-record update
 * history and the token ledger. The server feeds it; the inspector's admin routes read it.
 */
export class Inspector {
  readonly tokens: TokenLedger;
  readonly journal: RequestJournal;
  readonly history = new RecordHistory();

  /** @param recording false when nothing can read it (adminApi: false): requests then cost nothing extra. */
  constructor(clock: () => number, rateLimit: TokenRateLimit | false, logLimit: number, private readonly recording = true) {
    this.tokens = new TokenLedger(clock, rateLimit);
    this.journal = new RequestJournal({ entries: logLimit, bodyBytes: JOURNAL_BODY_BYTES });
  }

  begin(method: string, resolved: ResolvedRoute, headers: IncomingHttpHeaders): RequestTrace {
    const { route } = resolved;
    const module = route.kind === 'records' || route.kind === 'record' || route.kind === 'search' ? route.module : null;
    const trace: RequestTrace = {
      resolved,
      method,
      headers: this.recording ? pickHeaders(headers) : {},
      module,
      recordIds: new Set(route.kind === 'record' ? [route.id] : []),
      requestBody: undefined,
      writeBody: null,
      payload: undefined,
      computed: undefined,
      before: new Map(),
      automation: [],
      changes: [],
    };
    return trace;
  }

  /** The request body arrived; for a write, the records it names are remembered as they were. */
  received(trace: RequestTrace, body: Buffer, query: URLSearchParams, crm: CrmState): void {
    if (!this.recording) return;
    const { route } = trace.resolved;
    for (const id of (query.get('ids') ?? '').split(',')) if (/^\d{1,19}$/.test(id)) trace.recordIds.add(id);
    trace.requestBody = body;
    const write = (route.kind === 'records' || route.kind === 'record') && (trace.method === 'PUT' || trace.method === 'POST');
    if (!write || trace.module === null) return;
    trace.writeBody = parseJson(body.toString('utf8'));
    for (const id of idsIn(trace.writeBody, 'id')) trace.recordIds.add(id);
    const module = crm.module(trace.module);
    if (!module) return;
    // No copy needed: a write stores a new record object and never mutates the one it replaces.
    for (const id of trace.recordIds) trace.before.set(id, crm.store.get(module.apiName, id));
    const trigger = isJsonObject(trace.writeBody) ? trace.writeBody['trigger'] : undefined;
    trace.automation = Array.isArray(trigger) ? trigger.filter((t): t is string => typeof t === 'string') : [...ALL_AUTOMATION];
  }

  /** The CRM answered (the write, if any, has landed, whatever a fault does to the answer next). */
  answered(trace: RequestTrace, response: EmulatorResponse, crm: CrmState): void {
    if (!this.recording) return;
    trace.computed = response;
    const module = trace.module === null ? undefined : crm.module(trace.module);
    if (!module) return;
    // Writes answer ids under details; reads and searches answer the records themselves.
    const answeredIds = idsIn(response.body ?? null, trace.method === 'GET' ? 'id' : 'details');
    for (const id of answeredIds) trace.recordIds.add(id);
    if (trace.method !== 'PUT' && trace.method !== 'POST') return;
    for (const id of successIds(response.body ?? null)) {
      const after = crm.store.get(module.apiName, id);
      if (!after) continue;
      const before = trace.before.get(id);
      trace.changes.push({ id, action: before ? 'updated' : 'created', changes: diff(before, after) });
    }
  }

  /** The answer went out as these bytes (the usual case; a fault after the operation skips this). */
  sent(trace: RequestTrace, bytes: Buffer, contentType: string): void {
    if (!this.recording) return;
    trace.payload = { bytes, contentType };
  }

  /** The request is over and logged as `seq`. */
  finish(trace: RequestTrace, seq: number, time: string): void {
    if (!this.recording) return;
    const { route } = trace.resolved;
    if (!trace.payload && trace.computed) {
      // A fault replaced the answer (the operation ran): keep what the CRM had computed.
      const encoded = encodeResponse(trace.computed);
      trace.payload = { bytes: encoded.payload, contentType: encoded.headers['content-type'] ?? '' };
    }
    this.journal.add({
      seq,
      module: trace.module,
      recordIds: [...trace.recordIds],
      requestHeaders: trace.headers,
      form: route.kind === 'token' || route.kind === 'revoke',
      requestBody: trace.requestBody,
      response: trace.payload,
      bytes: (trace.requestBody?.length ?? 0) + (trace.payload?.bytes.length ?? 0),
    });
    if (trace.module === null) return;
    for (const change of trace.changes) {
      this.history.add(trace.module, change.id, {
        seq,
        time,
        route: trace.resolved.key,
        action: change.action,
        changes: change.changes,
        automation: trace.automation,
      });
    }
  }

  /** With the emulator's reset: records are regenerated, so their history goes too. Tokens stay (as in Accounts). */
  reset(): void {
    this.journal.clear();
    this.history.clear();
  }
}
