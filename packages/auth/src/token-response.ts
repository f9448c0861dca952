import { AuthError, type AuthOperation } from './auth-error.js';
import { INVALID_CLIENT_HINT, THROTTLED_HINT, UNEXPECTED_RESPONSE_HINT, invalidCodeHint } from './hints.js';
import { redact } from './sanitize.js';

/** A token endpoint's successful answer. */
export interface TokenGrant {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  expiresInSeconds: number;
  /** The API base URL Zoho says this account lives on, if it said so. */
  apiDomain: string | undefined;
  /** The scopes granted, if the answer lists them. */
  scopes: string[] | undefined;
}

/** The answer to an authorization_code exchange: a grant plus the refresh token. */
export interface CodeGrant extends TokenGrant {
  refreshToken: string;
}

interface Context {
  operation: AuthOperation;
  status: number;
  secrets: readonly (string | undefined)[];
}

function unexpected(ctx: Context, what: string): AuthError {
  return new AuthError('UNEXPECTED_RESPONSE', `${ctx.operation} failed: ${what} (HTTP ${ctx.status})`, {
    hint: UNEXPECTED_RESPONSE_HINT,
    operation: ctx.operation,
    status: ctx.status,
  });
}

/** Zoho answers most errors with HTTP 200 and `{"error": "..."}`; this maps them to one AuthError. */
export function zohoErrorToAuthError(error: string, description: unknown, ctx: Context): AuthError {
  const zohoError = redact(error, ctx.secrets).slice(0, 100);
  const common = { operation: ctx.operation, status: ctx.status, zohoError };
  const lower = error.toLowerCase();
  const text = typeof description === 'string' ? description.toLowerCase() : '';
  if (lower === 'invalid_code') {
    const what = ctx.operation === 'exchange' ? 'the grant code is invalid, expired or already used' : 'the refresh token is invalid or revoked';
    return new AuthError('INVALID_CODE', `${ctx.operation} failed: ${what} (invalid_code)`, { ...common, hint: invalidCodeHint(ctx.operation) });
  }
  if (lower === 'invalid_client' || lower === 'invalid_client_secret') {
    return new AuthError('INVALID_CLIENT', `${ctx.operation} failed: unknown client or wrong client secret (${zohoError})`, { ...common, hint: INVALID_CLIENT_HINT });
  }
  if (lower === 'access denied' || lower === 'access_denied' || text.includes('too many requests')) {
    return new AuthError('THROTTLED', `${ctx.operation} failed: Zoho throttled the token request (${zohoError})`, { ...common, hint: THROTTLED_HINT });
  }
  return new AuthError('UNEXPECTED_RESPONSE', `${ctx.operation} failed: Zoho answered error "${zohoError}" (HTTP ${ctx.status})`, {
    ...common,
    hint: UNEXPECTED_RESPONSE_HINT,
  });
}

function parseBody(body: string, ctx: Context): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw unexpected(ctx, 'the answer is not JSON');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw unexpected(ctx, 'the answer is not a JSON object');
  return json as Record<string, unknown>;
}

function checkStatus(status: number, json: Record<string, unknown> | undefined, ctx: Context): void {
  if (json && typeof json.error === 'string' && json.error !== '') throw zohoErrorToAuthError(json.error, json.error_description, ctx);
  if (status === 429) {
    throw new AuthError('THROTTLED', `${ctx.operation} failed: Zoho throttled the token request (HTTP 429)`, {
      hint: THROTTLED_HINT,
      operation: ctx.operation,
      status,
    });
  }
  if (status < 200 || status >= 300) throw unexpected(ctx, 'the token endpoint answered with an error status');
}

function parseScopes(value: unknown): string[] | undefined {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((s) => s !== '');
  if (Array.isArray(value) && value.every((s) => typeof s === 'string')) return value as string[];
  return undefined;
}

/** Parses a refresh_token or authorization_code answer; `now` is when the request was sent. */
export function parseTokenResponse(status: number, body: string, ctx: Omit<Context, 'status'>, now: number): TokenGrant {
  const c = { ...ctx, status };
  const json = body.trim() === '' ? undefined : parseBody(body, c);
  checkStatus(status, json, c);
  if (!json) throw unexpected(c, 'the answer is empty');
  const accessToken = json.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') throw unexpected(c, 'the answer has no access_token');
  // Older Zoho answers carried `expires_in_sec` and `expires_in` in milliseconds.
  const seconds = json.expires_in_sec !== undefined ? Number(json.expires_in_sec) : Number(json.expires_in);
  if (!Number.isFinite(seconds) || seconds <= 0) throw unexpected(c, 'the answer has no valid expires_in');
  const apiDomain = typeof json.api_domain === 'string' && json.api_domain !== '' ? json.api_domain : undefined;
  return { accessToken, expiresAt: now + seconds * 1000, expiresInSeconds: seconds, apiDomain, scopes: parseScopes(json.scope ?? json.scopes) };
}

export function parseCodeResponse(status: number, body: string, ctx: Omit<Context, 'status'>, now: number): CodeGrant {
  const grant = parseTokenResponse(status, body, ctx, now);
  const refreshToken = (JSON.parse(body) as Record<string, unknown>).refresh_token;
  if (typeof refreshToken !== 'string' || refreshToken === '') throw unexpected({ ...ctx, status }, 'the answer has no refresh_token');
  return { ...grant, refreshToken };
}

/** Revoke answers carry no token; anything but an error or a failure status counts as done. */
export function parseRevokeResponse(status: number, body: string, ctx: Omit<Context, 'status'>): void {
  const c = { ...ctx, status };
  const json = body.trim() === '' ? undefined : parseBody(body, c);
  checkStatus(status, json, c);
  if (json && typeof json.status === 'string' && json.status.toLowerCase() !== 'success') throw unexpected(c, `revoke answered status "${redact(json.status, ctx.secrets).slice(0, 40)}"`);
}
