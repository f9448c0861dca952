import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:http';
import { guardAdminRequest } from '../admin/admin-guard.js';
import { handleAdminRequest } from '../admin/admin-http.js';
import { handleRevokeRequest, handleTokenRequest } from '../accounts/token-endpoint.js';
import { CRM_ERROR_MESSAGES, zohoError } from '../crm/crm-errors.js';
import { handleCrm } from '../crm/crm-handler.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { RequestTrace } from '../inspector/inspector.js';
import { redactPath } from '../observe/redact.js';
import type { FaultKind, FaultRule } from '../options.js';
import { BodyTooLargeError, parseFormBody, readBody } from './request-body.js';
import { encodeResponse, json, type EmulatorResponse } from './response.js';
import { isCrmRoute, isKnownRoute, resolveRoute, type ResolvedRoute } from './routes.js';
import { isHeavyCall } from '../control/heavy-calls.js';

const ADMIN_PREFIX = '/__emulator';

/** `sent` receives the exact bytes answered (the inspector keeps them; a Buffer costs the GC nothing). */
function send(res: ServerResponse, response: EmulatorResponse, sent?: (payload: Buffer, contentType: string) => void): number {
  if (res.destroyed || res.writableEnded) return 0;
  const encoded = encodeResponse(response);
  sent?.(encoded.payload, encoded.headers['content-type'] ?? '');
  res.writeHead(encoded.status, encoded.headers);
  res.end(encoded.payload);
  return encoded.status;
}

function destroy(req: IncomingMessage): void {
  const socket = req.socket;
  // An RST rather than a FIN: clients see ECONNRESET, as with a dropped load balancer connection.
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

function tooManyRequests(retryAfterSeconds: number | null | undefined): EmulatorResponse {
  const headers = retryAfterSeconds !== null && retryAfterSeconds !== undefined ? { 'retry-after': String(retryAfterSeconds) } : undefined;
  return json(429, zohoError('TOO_MANY_REQUESTS', CRM_ERROR_MESSAGES.TOO_MANY_REQUESTS), headers);
}

function serverError(status = 500): EmulatorResponse {
  return json(status, zohoError('INTERNAL_ERROR', CRM_ERROR_MESSAGES.INTERNAL_ERROR));
}

function htmlError(status: number): EmulatorResponse {
  const text = `<html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>ZGS</center></body></html>`;
  return { status, raw: { contentType: 'text/html', text } };
}

async function dispatch(core: EmulatorCore, req: IncomingMessage, body: Buffer, resolved: ResolvedRoute, query: URLSearchParams, trace: RequestTrace): Promise<EmulatorResponse> {
  core.inspector.received(trace, body, query, core.crm);
  const { route } = resolved;
  if (route.kind === 'token' || route.kind === 'revoke') {
    const form = parseFormBody(body, req.headers['content-type']);
    return route.kind === 'token'
      ? handleTokenRequest(core.oauth, form, query, core.url, (g) => core.counters.tokenRequest(g), () => core.counters.accessDeniedAnswer())
      : handleRevokeRequest(core.oauth, form, query);
  }
  if (route.kind === 'method-not-allowed' && !route.crm) return json(405, { error: 'invalid_request' });
  if (route.kind === 'not-found') return json(404, zohoError('INVALID_URL_PATTERN', CRM_ERROR_MESSAGES.INVALID_URL_PATTERN));
  return handleCrm(
    { state: core.crm, oauth: core.oauth, now: core.options.clock, tokenPaginationLimit: core.options.tokenPaginationLimit },
    { method: req.method ?? 'GET', route, query, authorization: req.headers.authorization, ifModifiedSince: req.headers['if-modified-since'], body },
  );
}

interface Outcome {
  status: number;
  fault?: FaultKind;
}

/** Applies a fault that fires before (or instead of) the operation. Returns undefined to go on. */
async function faultBefore(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, fault: FaultRule): Promise<Outcome | undefined> {
  switch (fault.kind) {
    case 'delay':
      await core.sleep(fault.durationMs ?? 0);
      return undefined;
    case 'too-many-requests':
      return { status: send(res, tooManyRequests(fault.retryAfterSeconds ?? core.retryAfterSeconds)), fault: fault.kind };
    case 'stall':
      await (fault.durationMs !== undefined ? core.sleep(fault.durationMs) : core.untilStopped());
      destroy(req);
      return { status: 0, fault: fault.kind };
    case 'reset':
      if (fault.phase === 'after') return undefined;
      destroy(req);
      return { status: 0, fault: fault.kind };
    case 'error-json':
    case 'error-html':
      if (fault.phase === 'after') return undefined;
      return { status: send(res, fault.kind === 'error-json' ? serverError(fault.status) : htmlError(fault.status ?? 502)), fault: fault.kind };
    case 'truncate':
      return undefined;
  }
}

/** Applies a fault to an answer that was computed (so a write has landed). */
function faultAfter(req: IncomingMessage, res: ServerResponse, fault: FaultRule, response: EmulatorResponse): Outcome {
  switch (fault.kind) {
    case 'reset':
      destroy(req);
      return { status: 0, fault: fault.kind };
    case 'error-json':
      return { status: send(res, serverError(fault.status)), fault: fault.kind };
    case 'error-html':
      return { status: send(res, htmlError(fault.status ?? 502)), fault: fault.kind };
    default: {
      const encoded = encodeResponse(response);
      // Promise more bytes than we send, then drop the connection mid-body.
      res.writeHead(encoded.status, { ...encoded.headers, 'content-length': String(Math.max(encoded.payload.length, 2)) });
      res.write(encoded.payload.subarray(0, Math.floor(encoded.payload.length / 2)), () => destroy(req));
      return { status: encoded.status, fault: fault.kind };
    }
  }
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const arrived = new Date(core.options.clock()).toISOString();
  const method = req.method ?? 'GET';
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, 'http://emulator.invalid');
  if (core.options.adminApi && (url.pathname === ADMIN_PREFIX || url.pathname.startsWith(`${ADMIN_PREFIX}/`))) {
    // One gate for every admin route, so a route added later cannot forget the checks.
    send(res, guardAdminRequest(method, req.headers, { configuredHost: core.options.host }) ?? (await handleAdminRequest(core, method, url, req)));
    return;
  }
  const resolved = resolveRoute(method, url.pathname, (name) => core.crm.module(name)?.apiName);
  core.counters.hitRoute(resolved.key, isKnownRoute(resolved.route, (name) => core.crm.module(name) !== undefined));
  const trace = core.inspector.begin(method, resolved, req.headers);
  const crm = isCrmRoute(resolved.route);
  if (crm) core.counters.concurrentCalls(++core.inFlight);
  let outcome: Outcome = { status: 0 };
  let heavy = false;
  try {
    if (crm && core.concurrencyCap !== null && core.inFlight > core.concurrencyCap) {
      outcome = { status: send(res, tooManyRequests(core.retryAfterSeconds)) };
      return;
    }
    const body = await readBody(req);
    if (crm && isHeavyCall(method, resolved.route, url.searchParams, body)) {
      heavy = true;
      const cap = core.options.subConcurrencyCap;
      if (cap !== null && ++core.heavyInFlight > cap) {
        outcome = { status: send(res, tooManyRequests(core.retryAfterSeconds)) };
        return;
      }
    }
    // Each CRM call spends a credit of the rolling day; a call refused for want of one spends none.
    if (crm && !core.credits.trySpend()) {
      outcome = { status: send(res, tooManyRequests(core.retryAfterSeconds)) };
      return;
    }
    const delay = core.latency.next();
    if (delay > 0) await core.sleep(delay);
    const fault = core.faults.pick(resolved.key);
    if (fault) {
      core.counters.fault();
      const early = await faultBefore(core, req, res, fault);
      if (early) {
        outcome = early;
        return;
      }
    }
    if (core.stopped) {
      destroy(req);
      return;
    }
    const response = await dispatch(core, req, body, resolved, url.searchParams, trace);
    core.inspector.answered(trace, response, core.crm);
    const lateFault = fault && fault.kind !== 'delay' ? fault : undefined;
    outcome = lateFault ? faultAfter(req, res, lateFault, response) : { status: send(res, response, (payload, type) => core.inspector.sent(trace, payload, type)) };
  } catch (err) {
    outcome = { status: send(res, err instanceof BodyTooLargeError ? json(413, zohoError('INVALID_DATA', CRM_ERROR_MESSAGES.INVALID_BODY)) : serverError()) };
  } finally {
    if (crm) core.inFlight--;
    if (heavy && core.options.subConcurrencyCap !== null) core.heavyInFlight--;
    core.counters.answered(outcome.status);
    const seq = core.log.add({
      time: arrived,
      method,
      path: redactPath(rawUrl),
      route: resolved.key,
      status: outcome.status,
      durationMs: Math.round((performance.now() - started) * 1000) / 1000,
      ...(outcome.fault ? { fault: outcome.fault } : {}),
    });
    core.inspector.finish(trace, seq, arrived);
  }
}

export function createEmulatorServer(core: EmulatorCore): Server {
  const server = createServer({ keepAliveTimeout: 5_000 }, (req, res) => {
    handle(core, req, res).catch(() => {
      if (!res.headersSent) send(res, serverError());
    });
  });
  return server;
}
