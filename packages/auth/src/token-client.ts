import { inspect } from 'node:util';
import { AuthError, invalidOption, type AuthOperation } from './auth-error.js';
import { UNEXPECTED_RESPONSE_HINT, networkHint, timeoutHint } from './hints.js';
import { isErrorLike, redact } from './sanitize.js';
import { parseCodeResponse, parseRevokeResponse, parseTokenResponse, type CodeGrant, type TokenGrant } from './token-response.js';

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface TokenClientOptions {
  /** Zoho's token endpoint, `config.tokenUrl` (e.g. https://accounts.zoho.eu/oauth/v2/token). Required. */
  tokenUrl: string;
  /** Required. */
  clientId: string;
  /** Required. Sent in request bodies only; never logged or put in an error. */
  clientSecret: string;
  /** Deadline of each request, from sending to the last byte of the answer. Default: 15 000 ms. */
  timeoutMs?: number;
  /** The transport. Default: the global `fetch`. Tests pass a fake one. */
  fetch?: typeof fetch;
}

function requireString(options: TokenClientOptions, key: 'tokenUrl' | 'clientId' | 'clientSecret'): string {
  const value = options[key];
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(`${key} option is required`);
  return value;
}

/**
 * Talks to Zoho's OAuth token endpoint: refresh_token and authorization_code grants, and revoke.
 * Form-urlencoded bodies, one deadline per request, every failure mapped to an AuthError.
 */
export class TokenClient {
  readonly tokenUrl: string;
  readonly timeoutMs: number;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #fetch: typeof fetch;

  constructor(options: TokenClientOptions) {
    this.tokenUrl = requireString(options, 'tokenUrl');
    let url: URL;
    try {
      url = new URL(this.tokenUrl);
    } catch {
      throw invalidOption('tokenUrl option must be an absolute http(s) URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalidOption('tokenUrl option must be an absolute http(s) URL');
    this.#clientId = requireString(options, 'clientId');
    this.#clientSecret = requireString(options, 'clientSecret');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) throw invalidOption('timeoutMs option must be a positive number');
    this.#fetch = options.fetch ?? globalThis.fetch;
  }

  /** Gets a new access token for a refresh token. */
  async refresh(refreshToken: string): Promise<TokenGrant> {
    const secrets = [this.#clientSecret, refreshToken];
    const now = Date.now();
    const { status, body } = await this.#post('refresh', this.tokenUrl, { grant_type: 'refresh_token', refresh_token: refreshToken }, secrets);
    return parseTokenResponse(status, body, { operation: 'refresh', secrets: [...secrets, ...tokensIn(body)] }, now);
  }

  /** Exchanges a grant code for a refresh token (and a first access token). */
  async exchangeCode(code: string, redirectUri?: string): Promise<CodeGrant> {
    const secrets = [this.#clientSecret, code];
    const now = Date.now();
    const fields: Record<string, string> = { grant_type: 'authorization_code', code };
    if (redirectUri !== undefined) fields.redirect_uri = redirectUri;
    const { status, body } = await this.#post('exchange', this.tokenUrl, fields, secrets);
    return parseCodeResponse(status, body, { operation: 'exchange', secrets: [...secrets, ...tokensIn(body)] }, now);
  }

  /** Revokes a refresh token (and the access tokens made from it). */
  async revoke(token: string): Promise<void> {
    const secrets = [this.#clientSecret, token];
    const { status, body } = await this.#post('revoke', `${this.tokenUrl}/revoke`, { token }, secrets);
    parseRevokeResponse(status, body, { operation: 'revoke', secrets });
  }

  async #post(operation: AuthOperation, url: string, fields: Record<string, string>, secrets: readonly string[]): Promise<{ status: number; body: string }> {
    const host = new URL(url).host;
    // Revoking needs only the token, as in Zoho's own SDK; the client secret stays home.
    const form = new URLSearchParams(operation === 'revoke' ? fields : { client_id: this.#clientId, client_secret: this.#clientSecret, ...fields });
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.#fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        // A redirect would resend the secret to wherever it points.
        redirect: 'manual',
        signal,
      });
      const body = await response.text();
      if (response.status >= 300 && response.status < 400) {
        throw new AuthError('UNEXPECTED_RESPONSE', `${operation} failed: the token endpoint redirected (HTTP ${response.status})`, {
          hint: UNEXPECTED_RESPONSE_HINT,
          operation,
          status: response.status,
        });
      }
      return { status: response.status, body };
    } catch (err) {
      if (err instanceof AuthError) throw err;
      if (signal.aborted || isTimeout(err)) {
        throw new AuthError('TIMEOUT', `${operation} failed: no answer from ${host} within ${this.timeoutMs} ms`, {
          hint: timeoutHint(this.timeoutMs),
          operation,
          cause: err,
          secrets,
        });
      }
      throw new AuthError('NETWORK_ERROR', `${operation} failed: cannot reach ${host} (${redact(networkCode(err), secrets)})`, {
        hint: networkHint(host),
        operation,
        cause: err,
        secrets,
      });
    }
  }

  [inspect.custom](): string {
    return `TokenClient { tokenUrl: '${this.tokenUrl}', timeoutMs: ${this.timeoutMs} }`;
  }
}

function isTimeout(err: unknown): boolean {
  return isErrorLike(err) && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function networkCode(err: unknown): string {
  let current: unknown = err;
  for (let i = 0; i < 5 && isErrorLike(current); i++) {
    if (typeof current.code === 'string') return current.code;
    current = current.cause;
  }
  return isErrorLike(err) ? err.message : 'unknown error';
}

/** Token-looking values in an answer, so that an echo of them in an error is blanked as well. */
function tokensIn(body: string): string[] {
  return body.match(/\d{4}\.[A-Za-z0-9]{8,}\.[A-Za-z0-9]{8,}/g) ?? [];
}
