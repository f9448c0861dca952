import type { IncomingHttpHeaders } from 'node:http';
import { json, type EmulatorResponse } from '../http/response.js';

// The rules every request under /__emulator/ passes before any admin route (or page) sees it.
// The admin API hands out the client secret and mints tokens, and has no authentication: what
// keeps it private is that only this machine can reach it. Two browser attacks get around that:
// DNS rebinding (a page on evil.example re-resolves its name to 127.0.0.1, so the browser sends
// `Host: evil.example` to us) and cross-site "simple" requests (a form or fetch POSTing
// text/plain without a preflight). The Host check stops the first, requiring JSON the second.

/** Methods that change state: they need `Content-Type: application/json`. */
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** True for a loopback host name or address, with or without brackets. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (h.startsWith('::ffff:')) return isLoopbackHost(h.slice('::ffff:'.length));
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The host name of a Host header value (`127.0.0.1:4010`, `[::1]:4010`), lower-cased. */
function hostnameOf(value: string): string | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(value.trim());
  return match?.[1]?.toLowerCase();
}

export interface AdminGuardOptions {
  /** The address the emulator was asked to bind; also accepted as Host unless it is a wildcard. */
  configuredHost: string;
}

/** The host names (besides loopback) that may appear in Host and Origin. */
function allowedName(hostname: string, options: AdminGuardOptions): boolean {
  if (isLoopbackHost(hostname)) return true;
  const configured = options.configuredHost.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (configured === '' || configured === '0.0.0.0' || configured === '::') return false;
  return hostname.replace(/^\[(.*)\]$/, '$1') === configured;
}

function refused(status: number, error: string): EmulatorResponse {
  return json(status, { error });
}

/**
 * Undefined when the request may reach the admin API; otherwise the answer to send instead
 * (403 for a foreign Host or Origin, 415 for a write without a JSON content type).
 */
export function guardAdminRequest(method: string, headers: IncomingHttpHeaders, options: AdminGuardOptions): EmulatorResponse | undefined {
  const host = typeof headers.host === 'string' ? hostnameOf(headers.host) : undefined;
  if (!host || !allowedName(host, options)) {
    return refused(403, 'the admin API answers only requests whose Host is a loopback address (127.0.0.1, localhost, [::1]) or the address the emulator was started on');
  }
  const origin = headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname.toLowerCase();
    } catch {
      originHost = undefined;
    }
    if (!originHost || !allowedName(originHost, options)) return refused(403, 'the admin API refuses requests from pages of other sites');
  } else if (origin === 'null' && WRITE_METHODS.has(method)) {
    return refused(403, 'the admin API refuses writes from sandboxed or file pages');
  }
  if (WRITE_METHODS.has(method)) {
    const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      return refused(415, 'admin writes need Content-Type: application/json (even with an empty body), so that no web page can send them');
    }
  }
  return undefined;
}
