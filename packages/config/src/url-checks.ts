import { DATA_CENTERS, UNSUPPORTED_ACCOUNTS_HOSTS, findDataCenterByHost, type DataCenter } from './data-centers.js';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const KNOWN_HOSTS = DATA_CENTERS.map((dc) => `${dc.accountsHost} (${dc.id})`).join(', ');

function parseUrl(raw: string): URL | undefined {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The data center an ACCOUNTS_URL belongs to. The host must be one of Zoho's accounts hosts exactly
 * (case-insensitive); a path or trailing slash is tolerated, anything that could send the client
 * secret somewhere else (other host, plain http, user info, port) is not.
 */
export function checkAccountsUrl(raw: string): Checked<DataCenter> {
  const url = parseUrl(raw);
  if (!url) return { ok: false, message: `is not a URL; expected e.g. https://accounts.zoho.eu (known hosts: ${KNOWN_HOSTS})` };
  if (url.username || url.password) {
    return { ok: false, message: 'must not contain user info (user:password@); expected e.g. https://accounts.zoho.eu' };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, message: `must use https (got ${url.protocol.replace(':', '')}): the client secret and refresh token would travel in clear text` };
  }
  if (url.port) return { ok: false, message: `must not name a port (got ${url.port}); expected e.g. https://accounts.zoho.eu` };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const unsupported = UNSUPPORTED_ACCOUNTS_HOSTS[host];
  if (unsupported) {
    return {
      ok: false,
      message: `${host} is Zoho's ${unsupported} data center, which is not supported by the Zoho SDK yet; use an account in a supported data center (${KNOWN_HOSTS})`,
    };
  }
  const dc = findDataCenterByHost(host);
  if (!dc) return { ok: false, message: `host "${host}" is not a Zoho accounts host; known hosts: ${KNOWN_HOSTS}` };
  return { ok: true, value: dc };
}

function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * A custom endpoint (emulator, proxy): https anywhere, plain http only to a loopback address.
 * Returns the URL's origin plus path, without a trailing slash.
 */
export function checkCustomEndpoint(raw: string): Checked<string> {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? parseUrl(raw) : undefined;
  if (!url) return { ok: false, message: 'is not an absolute URL; expected e.g. https://crm-proxy.example.com or http://127.0.0.1:4010' };
  if (url.username || url.password) return { ok: false, message: 'must not contain user info (user:password@)' };
  if (url.search || url.hash) return { ok: false, message: 'must not contain a query string or fragment' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      ok: false,
      message: `plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1]); "${url.hostname}" would receive the client secret and refresh token in clear text — use https`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `must use https (got ${url.protocol.replace(':', '')})` };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, value: `${url.protocol}//${url.host}${path}` };
}
