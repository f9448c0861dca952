import { createHash } from 'node:crypto';
import type { JsonValue } from '../core/json.js';
import { CLIENT_SECRET_PATTERN, TOKEN_PATTERN } from '../core/formats.js';
import { SECRET_PARAMS } from '../observe/redact.js';

/** Form and header names whose values are secrets, beyond the OAuth query parameters the request log blanks. */
const SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_PARAMS, 'authorization', 'clientsecret', 'refreshtoken', 'accesstoken', 'id_token']);
/** In JSON bodies `code` is Zoho's status code (SUCCESS, INVALID_DATA), not a grant code: grant codes are caught by shape. */
const JSON_SECRET_KEYS: ReadonlySet<string> = new Set([...SECRET_KEYS].filter((k) => k !== 'code'));

// Anything shaped like a token or a client secret is masked wherever it sits, so a secret under an
// unexpected key (an echoed field value, a custom client) still never leaves the emulator.
const TOKEN_ANYWHERE = /1000\.[a-f0-9]{32}\.[a-f0-9]{32}/g;
const MASKED = /^(?:[^ ]+ )?(?:1000\.)?…#[0-9a-f]{8}$/;

/**
 * A token as the inspector shows it: its prefix and a short hash. The hash tells two tokens apart
 * across views without revealing a single character of the secret part.
 */
export function maskToken(token: string): string {
  // Idempotent: the routes mask whole answers again, over values masked when they were recorded.
  if (MASKED.test(token)) return token;
  const fingerprint = createHash('sha256').update(token).digest('hex').slice(0, 8);
  return `${token.startsWith('1000.') ? '1000.' : ''}…#${fingerprint}`;
}

export function maskSecretString(value: string): string {
  if (TOKEN_PATTERN.test(value) || CLIENT_SECRET_PATTERN.test(value)) return maskToken(value);
  return value.replace(TOKEN_ANYWHERE, (token) => maskToken(token));
}

function isSecretKey(key: string, keys = SECRET_KEYS): boolean {
  return keys.has(key.toLowerCase());
}


/**
 * A deep copy of a JSON value with every secret masked: strings under a secret key, and anything
 * token-shaped anywhere. Numbers under such keys are counts (`tokenRequests.refresh_token`), not secrets.
 */
export function maskJson(value: JsonValue): JsonValue {
  if (typeof value === 'string') return maskSecretString(value);
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k, JSON_SECRET_KEYS) && typeof v === 'string' ? maskToken(v) : maskJson(v)]));
  }
  return value;
}

/** Form fields (token requests) with secret values masked. */
export function maskForm(fields: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries([...fields].map(([k, v]) => [k, isSecretKey(k) ? maskToken(v) : maskSecretString(v)]));
}

/** `Zoho-oauthtoken <token>` → `Zoho-oauthtoken 1000.…#hash`. */
export function maskAuthorization(header: string): string {
  const space = header.indexOf(' ');
  return space === -1 ? maskToken(header) : `${header.slice(0, space)} ${maskToken(header.slice(space + 1).trim())}`;
}
