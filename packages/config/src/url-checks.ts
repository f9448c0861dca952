import { DATA_CENTERS, UNSUPPORTED_ACCOUNTS_HOSTS, findDataCenterByHost, type DataCenter } from './data-centers.js';
import { ENV_ALLOW_CUSTOM_HOSTS } from './env-vars.js';
import { showValue } from './show-value.js';

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
    return { ok: false, message: `must use https (got ${showValue(url.protocol.replace(':', ''))}): the client secret and refresh token would travel in clear text` };
  }
  if (url.port) return { ok: false, message: `must not name a port (got ${showValue(url.port)}); expected e.g. https://accounts.zoho.eu` };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  const unsupported = UNSUPPORTED_ACCOUNTS_HOSTS[host];
  if (unsupported) {
    return {
      ok: false,
      message: `${host} is Zoho's ${unsupported} data center, which is not supported by the Zoho SDK yet; use an account in a supported data center (${KNOWN_HOSTS})`,
    };
  }
  const dc = findDataCenterByHost(host);
  if (!dc) return { ok: false, message: `host ${showValue(host)} is not a Zoho accounts host; known hosts: ${KNOWN_HOSTS}` };
  return { ok: true, value: dc };
}

/** The registrable domains of every Zoho host we know (`zoho.com`, `zohoapis.eu`, …). */
const ZOHO_DOMAINS: readonly string[] = [
  ...new Set([...DATA_CENTERS.flatMap((dc) => [dc.accountsHost, dc.apiHost, dc.fileUploadHost]), ...Object.keys(UNSUPPORTED_ACCOUNTS_HOSTS)].map((h) => h.slice(h.indexOf('.') + 1))),
];

/** True for a host in one of Zoho's domains: `accounts.zoho.com`, not `accounts.zoho.com.evil.example`. */
export function isZohoHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return ZOHO_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export interface CustomEndpointRules {
  /** Accept an https host outside Zoho's domains (a proxy). Default: false. */
  allowCustomHosts?: boolean;
}

/**
 * A custom endpoint (emulator, proxy): a loopback address over http or https, a Zoho host over
 * https, any other https host only with `allowCustomHosts`. Returns the URL's origin plus path,
 * without a trailing slash.
 */
export function checkCustomEndpoint(raw: string, rules: CustomEndpointRules = {}): Checked<string> {
  const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? parseUrl(raw) : undefined;
  if (!url) return { ok: false, message: 'is not an absolute URL; expected e.g. https://crm-proxy.example.com or http://127.0.0.1:4010' };
  if (url.username || url.password) return { ok: false, message: 'must not contain user info (user:password@)' };
  if (url.search || url.hash) return { ok: false, message: 'must not contain a query string or fragment' };
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      ok: false,
      message: `plain http is only allowed to a loopback address (127.0.0.1, localhost, [::1]); ${showValue(url.hostname)} would receive the client secret and refresh token in clear text — use https`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, message: `must use https (got ${showValue(url.protocol.replace(':', ''))})` };
  }
  if (url.protocol === 'https:' && !isLoopback(url.hostname) && !isZohoHost(url.hostname) && !rules.allowCustomHosts) {
    return {
      ok: false,
      message: `host ${showValue(url.hostname)} is not one of Zoho's and would receive the client secret and refresh token; if it is your own proxy, set ${ENV_ALLOW_CUSTOM_HOSTS}=true`,
    };
  }
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, value: `${url.protocol}//${url.host}${path}` };
}
