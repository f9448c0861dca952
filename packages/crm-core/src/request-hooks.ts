import type { CoreLog } from './core-log.js';
import { invalidOption } from './zoho-api-error.js';

/** What every hook event says about one HTTP request: never headers, tokens, query values or bodies. */
export interface RequestEvent {
  /** `GET`, `PUT` … */
  method: string;
  /** The path without its query, record ids as `{id}`: `/crm/v8/Leads/{id}`. */
  route: string;
  /** crm-core's operation, e.g. `updateRecords(Leads)`, `getFields(Leads)`, `init`. */
  operation: string;
  /** The module the operation is about, when it is about one. */
  module: string | undefined;
  /** 1 for the call's first request to this route; each retry counts up. */
  attempt: number;
  /** crm-core's id of the call (shared by its retries), as in its log lines and errors. */
  requestId: string;
}

export interface ResponseEvent extends RequestEvent {
  status: number;
  /** From the request's start to the response's headers. */
  durationMs: number;
  /** Zoho's `x-request-id` response header, when it sent one. */
  zohoRequestId: string | undefined;
}

export interface RequestErrorEvent extends RequestEvent {
  /** From the request's start to its failure. */
  durationMs: number;
  /** The transport's code (`ECONNRESET`, `ETIMEDOUT` …), or `ABORTED` / `TIMEOUT` when crm-core cut the request. */
  code: string;
}

/**
 * Called once per HTTP request crm-core's calls make to the CRM API (token-endpoint requests are
 * not reported): `onRequest` when it starts, then `onResponse` or `onError`. Synchronous: a
 * returned promise is not awaited. A hook that throws is logged at warn and the call goes on.
 */
export interface RequestHooks {
  onRequest?(event: RequestEvent): void;
  onResponse?(event: ResponseEvent): void;
  onError?(event: RequestErrorEvent): void;
}

const HOOK_NAMES = ['onRequest', 'onResponse', 'onError'] as const;

/** `hooks` as given, checked; undefined when no hook is set, so nothing is built per request. */
export function checkRequestHooks(value: unknown): RequestHooks | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') {
    throw invalidOption('createZohoClient', '[@zcrmkit/crm-core] hooks option must be an object with onRequest, onResponse and/or onError functions');
  }
  const hooks: RequestHooks = {};
  for (const name of HOOK_NAMES) {
    const fn = (value as Record<string, unknown>)[name];
    if (fn === undefined) continue;
    if (typeof fn !== 'function') throw invalidOption('createZohoClient', `[@zcrmkit/crm-core] hooks.${name} must be a function, got ${typeof fn}`);
    hooks[name] = fn.bind(value) as never;
  }
  return hooks.onRequest || hooks.onResponse || hooks.onError ? hooks : undefined;
}

const ID_SEGMENT = /\/\d+(?=\/|$)/g;

/** The path without query values, ids templated, so an event never carries what a query held. */
export function routeOf(path: string): string {
  const q = path.indexOf('?');
  return (q < 0 ? path : path.slice(0, q)).replace(ID_SEGMENT, '/{id}');
}

const MODULE_OF = /\(([A-Za-z][A-Za-z0-9_]*)\)$/;

export function moduleOf(operation: string): string | undefined {
  return MODULE_OF.exec(operation)?.[1];
}

/** Calls one hook; what it throws (or rejects with) is logged, redacted, and goes no further. */
export function emitHook<E>(log: CoreLog, name: string, hook: ((event: E) => void) | undefined, event: E): void {
  if (!hook) return;
  const warn = (error: unknown) => log.warn(`hooks.${name} threw; the call goes on: ${error instanceof Error ? error.message : String(error)}`, { hook: name });
  try {
    const returned = hook(event) as unknown;
    if (returned !== null && typeof returned === 'object' && typeof (returned as Promise<unknown>).then === 'function') (returned as Promise<unknown>).then(undefined, warn);
  } catch (error) {
    warn(error);
  }
}
