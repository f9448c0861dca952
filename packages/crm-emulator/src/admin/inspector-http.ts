import { readFileSync } from 'node:fs';
import type { JsonObject, JsonValue } from '../core/json.js';
import type { EmulatorCore } from '../emulator-core.js';
import { json, type EmulatorResponse } from '../http/response.js';
import { maskJson } from '../inspector/secret-mask.js';
import { createEmulatorAdmin } from './emulator-admin.js';

/** The page's own files: src/ui, copied to dist/ui by the build, so the same path fits both. */
const UI_DIR = new URL('../ui/', import.meta.url);
const UI_FILES: Record<string, string> = {
  '': 'text/html;charset=UTF-8',
  'inspector.js': 'text/javascript;charset=UTF-8',
  'inspector.css': 'text/css;charset=UTF-8',
};
const UI_HEADERS = {
  // Same origin only: the page loads and talks to nothing but this emulator.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const COLUMN_COUNT = 6;
/** The fields a bulk update usually touches, shown first in the Records table when a module has them. */
const PREFERRED_COLUMNS = ['Company', 'Account_Name', 'Email', 'Mobile', 'Phone', 'Lead_Status'];
const PAGE_LIMIT = 500;

const assetCache = new Map<string, string>();

/**
 * @param adminToken the admin token the page was opened with (already checked), or undefined: the
 * page's script and style sheet then carry it too, since a browser loads them without headers.
 */
function asset(name: string, adminToken: string | undefined): EmulatorResponse {
  const contentType = UI_FILES[name];
  if (contentType === undefined) return json(404, { error: `no inspector file ${name}` });
  let text = assetCache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(name === '' ? 'index.html' : name, UI_DIR), 'utf8');
    assetCache.set(name, text);
  }
  if (name === '' && adminToken !== undefined) {
    const query = `?admin_token=${encodeURIComponent(adminToken)}`;
    text = text.replace(/(["'])(\/__emulator\/ui\/[a-z.]+)\1/g, (_, quote: string, path: string) => `${quote}${path}${query}${quote}`);
  }
  return { status: 200, raw: { contentType, text }, headers: UI_HEADERS };
}

/** The page's `admin_token` query value when it is the emulator's admin token; undefined otherwise. */
function pageToken(core: EmulatorCore, url: URL): string | undefined {
  const shown = url.searchParams.get('admin_token');
  return shown !== null && core.adminToken?.matches(shown) === true ? shown : undefined;
}

function positiveInt(value: string | null, fallback: number, max: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? Math.min(n, max) : fallback;
}

function matches(record: JsonObject, needle: string): boolean {
  return Object.values(record).some((value) => {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    return text.toLowerCase().includes(needle);
  });
}

/**
 * Read-only routes of the web inspector (`/__emulator/ui`, `/__emulator/inspector/…`). Everything
 * here is masked: the page never sees a token or a client secret, not even the emulator's own.
 * The page's writes go through the ordinary admin routes.
 */
export function handleInspectorRequest(core: EmulatorCore, method: string, url: URL): EmulatorResponse | undefined {
  const path = url.pathname.slice('/__emulator'.length);
  const ui = /^\/ui(?:\/([a-z.]*))?\/?$/.exec(path);
  if (ui) return method === 'GET' ? asset(ui[1] ?? '', pageToken(core, url)) : json(405, { error: 'the inspector page is read-only (GET)' });
  if (!path.startsWith('/inspector/')) return undefined;
  if (method !== 'GET') return json(405, { error: `inspector routes are read-only; ${method} ${path} is not one` });
  const admin = createEmulatorAdmin(core);
  const rest = path.slice('/inspector'.length).replace(/\/+$/, '');

  if (rest === '/overview') {
    const log = core.log.list();
    return json(200, {
      url: core.url,
      counters: maskJson(admin.counters() as unknown as JsonValue),
      config: maskJson(admin.config() as unknown as JsonValue),
      inFlight: core.inFlight,
      lastSeq: log.length > 0 ? (log[log.length - 1]?.seq ?? 0) : 0,
      modules: core.crm.modules().map((m) => ({
        apiName: m.apiName,
        nameField: m.nameField,
        records: core.crm.store.list(m.apiName).length,
        fields: m.fields.map((f) => ({ apiName: f.apiName, label: f.label, readOnly: f.readOnly === true, systemMandatory: f.systemMandatory === true })),
      })),
    });
  }
  if (rest === '/tokens') return json(200, maskJson(core.inspector.tokens.snapshot() as unknown as JsonValue));
  if (rest === '/requests') {
    const after = positiveInt(url.searchParams.get('after'), 0, Number.MAX_SAFE_INTEGER);
    const requests = core.log
      .list()
      .filter((e) => e.seq > after)
      .map((e) => ({ ...e, ...(core.inspector.journal.summary(e.seq) ?? { module: null, recordIds: [] }) }));
    return json(200, maskJson({ requests } as unknown as JsonValue));
  }
  const request = /^\/requests\/(\d{1,12})$/.exec(rest);
  if (request) {
    const seq = Number(request[1]);
    const entry = core.log.list().find((e) => e.seq === seq);
    const detail = core.inspector.journal.get(seq);
    if (!entry || !detail) return json(404, { error: `request ${seq} is no longer in the log (it keeps the most recent requestLogLimit requests)` });
    return json(200, maskJson({ ...entry, ...detail } as unknown as JsonValue));
  }
  const records = /^\/records\/([A-Za-z0-9_]+)(?:\/(\d{1,19}))?$/.exec(rest);
  if (records) {
    const [, name = '', id] = records;
    const module = core.crm.module(name);
    if (!module) return json(404, { error: `no module ${name} (emulated: ${core.crm.modules().map((m) => m.apiName).join(', ')})` });
    if (id !== undefined) {
      const record = admin.getRecord(module.apiName, id);
      if (!record) return json(404, { error: `no ${module.apiName} record ${id}` });
      return json(200, maskJson({ module: module.apiName, record, history: core.inspector.history.of(module.apiName, id) } as unknown as JsonValue));
    }
    const needle = (url.searchParams.get('q') ?? '').trim().toLowerCase();
    const all = core.crm.store.list(module.apiName);
    const found = needle === '' ? all : all.filter((r) => matches(r, needle));
    const offset = positiveInt(url.searchParams.get('offset'), 0, found.length);
    const limit = positiveInt(url.searchParams.get('limit'), 100, PAGE_LIMIT);
    const present = (name: string): boolean => module.fields.some((f) => f.apiName === name);
    const preferred = PREFERRED_COLUMNS.filter(present);
    const others = module.fields.filter((f) => !f.readOnly && f.apiName !== 'Owner' && !preferred.includes(f.apiName)).map((f) => f.apiName);
    const columns = [...new Set([module.nameField, ...preferred, ...others])].slice(0, COLUMN_COUNT);
    return json(200, maskJson({
      module: module.apiName,
      total: found.length,
      offset,
      columns: [...columns, 'Modified_Time'],
      records: found.slice(offset, offset + limit).map((r) => Object.fromEntries([['id', r.id], ...columns.map((c) => [c, r[c] ?? null]), ['Modified_Time', r['Modified_Time'] ?? null]])),
    } as unknown as JsonValue));
  }
  return json(404, { error: `no inspector route GET ${path}` });
}
