import type { IncomingHttpHeaders } from 'node:http';
import { isIP } from 'node:net';
import { json, type EmulatorResponse } from '../http/response.js';
import type { AdminToken } from './admin-token.js';

// The rules every request under /__emulator/ passes before any admin route (or page) sees it.
// The admin API hands out the client secret and mints tokens. From this machine it needs no
// secret; two browser attacks could still reach it from a web page: DNS rebinding (a page on
// evil.example re-resolves its name to 127.0.0.1, so the browser sends `Host: evil.example` to
// us) and cross-site "simple" requests (a form or fetch POSTing text/plain without a preflight).
// The Host check stops the first, requiring JSON the second. From other machines (an emulator
// started with allowRemote) the Host header proves nothing — the client writes it — so a request
// whose TCP peer is not loopback must also carry the admin token (guardAdminPeer).

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
  const name = hostname.replace(/^\[(.*)\]$/, '$1');
  // Rebinding needs a name the attacker's DNS answers for; a page whose origin is an IP address
  // was served by whatever listens there. So an emulator other machines may reach takes any
  // address as Host (its own interfaces, a NAT's or a container host's), and such a request still
  // needs the admin token unless it comes from this machine.
  if (!isLoopbackHost(configured) && isIP(name) !== 0) return true;
  if (configured === '' || configured === '0.0.0.0' || configured === '::') return false;
  return name === configured;
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
    return refused(403, 'the admin API answers only requests whose Host is a loopback address (127.0.0.1, localhost, [::1]) or the address the emulator was started on (any IP address when it was started with allowRemote)');
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

/** Where a request came from and what it showed, for guardAdminPeer. */
export interface AdminPeer {
  /** The TCP peer (`req.socket.remoteAddress`): unlike a header, the client cannot choose it. */
  remoteAddress: string | undefined;
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

const UI_PATH = /^\/__emulator\/ui(?:\/[a-z.]*)?\/?$/;
const TOKEN_HELP = 'The emulator prints its admin token in its banner when it listens beyond loopback; choose one with --admin-token or ZCRMKIT_EMULATOR_ADMIN_TOKEN (adminToken in JavaScript).';

function unauthorized(error: string): EmulatorResponse {
  return json(401, { error }, { 'www-authenticate': 'Bearer realm="zcrmkit-emulator admin API"', 'cache-control': 'no-store' });
}

/** The token a request shows: a Bearer header, or `admin_token=` on a GET of the inspector page and its files. */
function presentedToken(peer: AdminPeer): string | undefined {
  const bearer = /^Bearer[ ]+(\S+)\s*$/i.exec(peer.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  // Only the page takes it in the URL: a browser cannot add a header to the address it opens.
  if (peer.method === 'GET' && UI_PATH.test(peer.url.pathname)) return peer.url.searchParams.get('admin_token') ?? undefined;
  return undefined;
}

/**
 * Undefined when the request may go on; a 401 when its TCP peer is another machine and it does not
 * show the admin token. Loopback peers need no token. The answer never repeats what was sent.
 */
export function guardAdminPeer(peer: AdminPeer, token: AdminToken | undefined): EmulatorResponse | undefined {
  if (peer.remoteAddress !== undefined && isLoopbackHost(peer.remoteAddress)) return undefined;
  const shown = presentedToken(peer);
  if (shown === undefined) {
    return unauthorized(`requests to /__emulator/ from other machines need the emulator's admin token: send the header "Authorization: Bearer <token>" (or open the inspector at /__emulator/ui?admin_token=<token>). ${TOKEN_HELP}`);
  }
  if (!token) return unauthorized(`this emulator has no admin token, so /__emulator/ answers only this machine; restart it with --admin-token (adminToken) to reach it from others.`);
  if (!token.matches(shown)) return unauthorized(`the admin token sent does not match this emulator's. ${TOKEN_HELP}`);
  return undefined;
}
