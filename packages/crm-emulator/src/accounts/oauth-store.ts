import { mintClientId, mintClientSecret, mintToken } from '../core/formats.js';
import { EmulatorError } from '../core/emulator-error.js';
import type { Random } from '../core/random.js';
import type { ClientSpec, TokenRateLimit } from '../options.js';
import { DEFAULT_SCOPES } from '../options.js';
import { isWellFormedScope, parseScopes } from './scopes.js';

type ClientRecord = ClientSpec;

interface GrantCodeRecord {
  clientId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
}

interface RefreshTokenRecord {
  clientId: string;
  scopes: string[];
  revoked: boolean;
  /** Mint times of its access tokens, for Zoho's "10 per 10 minutes" throttle. */
  mintTimes: number[];
  /** Live access tokens, oldest first (Zoho keeps at most 15). */
  accessTokens: string[];
}

interface AccessTokenRecord {
  clientId: string;
  scopes: string[];
  refreshToken: string | undefined;
  expiresAt: number;
  revoked: boolean;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  scopes: string[];
  expiresInSeconds: number;
}

/** Zoho Accounts' error strings (answered with HTTP 200, as Zoho does). */
export type TokenErrorCode =
  | 'invalid_client'
  | 'invalid_client_secret'
  | 'invalid_code'
  | 'invalid_redirect_uri'
  | 'unsupported_grant_type'
  | 'throttled';

export type TokenResult = { ok: true; tokens: IssuedTokens } | { ok: false; error: TokenErrorCode };

export type AccessCheck =
  | { ok: true; scopes: string[] }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' };

const MAX_LIVE_ACCESS_TOKENS = 15;
/** Zoho: 20 refresh tokens per user per client; "creating the 21st deletes the first". */
const MAX_REFRESH_TOKENS_PER_CLIENT = 20;

/** Told about every token's life (the web inspector's Tokens view); receives raw tokens, so it must mask them. */
export interface OAuthObserver {
  refreshIssued(token: string, clientId: string): void;
  accessIssued(token: string, clientId: string, refreshToken: string | undefined, expiresAt: number): void;
  accessExpired(token: string): void;
  tokenRevoked(token: string, tokenType: 'refresh' | 'access', reason: string): void;
  accessDenied(refreshToken: string): void;
}

export interface OAuthStoreSettings {
  random: Random;
  clock: () => number;
  accessTokenTtlSeconds: number;
  grantCodeTtlSeconds: number;
  tokenRateLimit: TokenRateLimit | false;
  clients: ClientSpec[] | undefined;
  observer?: OAuthObserver;
}

/** Zoho Accounts in memory: clients, grant codes, refresh and access tokens. */
export class OAuthStore {
  private readonly clients = new Map<string, ClientRecord>();
  private readonly grantCodes = new Map<string, GrantCodeRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  /** Per client, its live refresh tokens, oldest first (the org has one user, so per client is per user). */
  private readonly refreshTokensOfClient = new Map<string, string[]>();
  readonly defaultClient: Readonly<ClientSpec>;

  constructor(private readonly settings: OAuthStoreSettings) {
    const specs = settings.clients && settings.clients.length > 0 ? settings.clients : undefined;
    if (specs) {
      for (const spec of specs) this.registerClient(spec);
      this.defaultClient = Object.freeze({ ...(specs[0] as ClientSpec) });
    } else {
      this.defaultClient = Object.freeze(this.registerClient());
    }
  }

  registerClient(spec: Partial<ClientSpec> = {}): ClientSpec {
    const client: ClientRecord = {
      clientId: spec.clientId ?? mintClientId(this.settings.random),
      clientSecret: spec.clientSecret ?? mintClientSecret(this.settings.random),
      ...(spec.redirectUri !== undefined ? { redirectUri: spec.redirectUri } : {}),
    };
    this.clients.set(client.clientId, client);
    return { ...client };
  }

  private requireClient(clientId: string | undefined): string {
    const id = clientId ?? this.defaultClient.clientId;
    if (!this.clients.has(id)) throw new EmulatorError('UNKNOWN_CLIENT', `unknown OAuth client ${id}`);
    return id;
  }

  private scopesOrDefault(scopes: string | readonly string[] | undefined): string[] {
    if (scopes === undefined) return [...DEFAULT_SCOPES];
    const parsed = parseScopes(scopes);
    // Zoho refuses malformed scopes when the grant is made; a typo here would only surface later as
    // a puzzling OAUTH_SCOPE_MISMATCH.
    const bad = parsed.find((scope) => !isWellFormedScope(scope));
    if (bad !== undefined) throw new EmulatorError('INVALID_SCOPE', `malformed scope "${bad}" (expected e.g. ZohoCRM.modules.ALL)`);
    return parsed;
  }

  mintGrantCode(input: { scopes?: string | readonly string[]; clientId?: string; ttlSeconds?: number } = {}): string {
    const clientId = this.requireClient(input.clientId);
    const code = mintToken(this.settings.random);
    const ttl = input.ttlSeconds ?? this.settings.grantCodeTtlSeconds;
    this.grantCodes.set(code, {
      clientId,
      scopes: this.scopesOrDefault(input.scopes),
      expiresAt: this.settings.clock() + ttl * 1000,
      used: false,
    });
    return code;
  }

  issueRefreshToken(input: { scopes?: string | readonly string[]; clientId?: string } = {}): string {
    const clientId = this.requireClient(input.clientId);
    return this.createRefreshToken(clientId, this.scopesOrDefault(input.scopes));
  }

  /** An access token without a refresh token behind it (for raw HTTP tests). */
  issueAccessToken(input: { scopes?: string | readonly string[]; clientId?: string; ttlSeconds?: number } = {}): string {
    const clientId = this.requireClient(input.clientId);
    const token = mintToken(this.settings.random);
    const ttl = input.ttlSeconds ?? this.settings.accessTokenTtlSeconds;
    this.accessTokens.set(token, {
      clientId,
      scopes: this.scopesOrDefault(input.scopes),
      refreshToken: undefined,
      expiresAt: this.settings.clock() + ttl * 1000,
      revoked: false,
    });
    this.settings.observer?.accessIssued(token, clientId, undefined, this.settings.clock() + ttl * 1000);
    return token;
  }

  private createRefreshToken(clientId: string, scopes: string[]): string {
    const token = mintToken(this.settings.random);
    this.refreshTokens.set(token, { clientId, scopes, revoked: false, mintTimes: [], accessTokens: [] });
    this.settings.observer?.refreshIssued(token, clientId);
    let live = this.refreshTokensOfClient.get(clientId);
    if (!live) this.refreshTokensOfClient.set(clientId, (live = []));
    live.push(token);
    while (live.length > MAX_REFRESH_TOKENS_PER_CLIENT) this.deleteRefreshToken(live.shift() as string);
    return token;
  }

  /**
   * What Zoho does to the oldest refresh token when a 21st is created: it is gone (a refresh with
   * it answers invalid_code, as for a token never issued) and so are the access tokens made from it.
   */
  private deleteRefreshToken(token: string): void {
    const record = this.refreshTokens.get(token);
    if (!record) return;
    this.refreshTokens.delete(token);
    const now = this.settings.clock();
    this.settings.observer?.tokenRevoked(token, 'refresh', '21st-refresh-token');
    for (const access of record.accessTokens) {
      const accessRecord = this.accessTokens.get(access);
      if (accessRecord && !accessRecord.revoked && accessRecord.expiresAt > now) this.settings.observer?.tokenRevoked(access, 'access', '21st-refresh-token');
      this.accessTokens.delete(access);
    }
  }

  /** A revoked refresh token no longer counts toward the client's 20. */
  private forgetLiveRefreshToken(token: string, clientId: string): void {
    const live = this.refreshTokensOfClient.get(clientId);
    const at = live?.indexOf(token) ?? -1;
    if (live && at >= 0) live.splice(at, 1);
  }

  private authenticateClient(clientId: string | undefined, clientSecret: string | undefined): TokenErrorCode | undefined {
    const client = clientId === undefined ? undefined : this.clients.get(clientId);
    if (!client) return 'invalid_client';
    if (client.clientSecret !== clientSecret) return 'invalid_client_secret';
    return undefined;
  }

  exchangeCode(input: { clientId?: string; clientSecret?: string; code?: string; redirectUri?: string }): TokenResult {
    const clientError = this.authenticateClient(input.clientId, input.clientSecret);
    if (clientError) return { ok: false, error: clientError };
    const client = this.clients.get(input.clientId as string) as ClientRecord;
    const grant = input.code === undefined ? undefined : this.grantCodes.get(input.code);
    if (!grant || grant.used || grant.clientId !== client.clientId || grant.expiresAt <= this.settings.clock()) {
      return { ok: false, error: 'invalid_code' };
    }
    if (client.redirectUri !== undefined && input.redirectUri !== client.redirectUri) {
      return { ok: false, error: 'invalid_redirect_uri' };
    }
    grant.used = true;
    const refreshToken = this.createRefreshToken(client.clientId, grant.scopes);
    const minted = this.mintFromRefresh(refreshToken);
    return { ok: true, tokens: { ...minted, refreshToken } };
  }

  refresh(input: { clientId?: string; clientSecret?: string; refreshToken?: string }): TokenResult {
    const clientError = this.authenticateClient(input.clientId, input.clientSecret);
    if (clientError) return { ok: false, error: clientError };
    const record = input.refreshToken === undefined ? undefined : this.refreshTokens.get(input.refreshToken);
    if (!record || record.revoked || record.clientId !== input.clientId) return { ok: false, error: 'invalid_code' };
    const limit = this.settings.tokenRateLimit;
    if (limit) {
      const windowStart = this.settings.clock() - limit.windowSeconds * 1000;
      record.mintTimes = record.mintTimes.filter((t) => t > windowStart);
      if (record.mintTimes.length >= limit.maxTokens) {
        this.settings.observer?.accessDenied(input.refreshToken as string);
        return { ok: false, error: 'throttled' };
      }
    }
    return { ok: true, tokens: this.mintFromRefresh(input.refreshToken as string) };
  }

  private mintFromRefresh(refreshToken: string): IssuedTokens {
    const record = this.refreshTokens.get(refreshToken) as RefreshTokenRecord;
    const now = this.settings.clock();
    const accessToken = mintToken(this.settings.random);
    this.accessTokens.set(accessToken, {
      clientId: record.clientId,
      scopes: record.scopes,
      refreshToken,
      expiresAt: now + this.settings.accessTokenTtlSeconds * 1000,
      revoked: false,
    });
    record.mintTimes.push(now);
    record.accessTokens.push(accessToken);
    this.settings.observer?.accessIssued(accessToken, record.clientId, refreshToken, now + this.settings.accessTokenTtlSeconds * 1000);
    // Zoho keeps 15 live access tokens per refresh token; the 16th silently kills the oldest.
    while (record.accessTokens.length > MAX_LIVE_ACCESS_TOKENS) {
      const oldest = record.accessTokens.shift() as string;
      const old = this.accessTokens.get(oldest);
      if (old) old.revoked = true;
      this.settings.observer?.tokenRevoked(oldest, 'access', '16th-token');
    }
    return { accessToken, scopes: [...record.scopes], expiresInSeconds: this.settings.accessTokenTtlSeconds };
  }

  checkAccessToken(token: string): AccessCheck {
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, reason: 'unknown' };
    if (record.revoked) return { ok: false, reason: 'revoked' };
    if (record.expiresAt <= this.settings.clock()) return { ok: false, reason: 'expired' };
    return { ok: true, scopes: record.scopes };
  }

  /** Expires one access token, or all of them. Returns how many were live before. */
  expireAccessTokens(token?: string): number {
    const now = this.settings.clock();
    let count = 0;
    for (const [value, record] of this.accessTokens) {
      if (token !== undefined && value !== token) continue;
      if (record.expiresAt > now && !record.revoked) {
        count++;
        this.settings.observer?.accessExpired(value);
      }
      record.expiresAt = Math.min(record.expiresAt, now);
    }
    return count;
  }

  /** Revokes an access token, or a refresh token together with its access tokens. */
  revokeToken(token: string): boolean {
    const refresh = this.refreshTokens.get(token);
    if (refresh) {
      refresh.revoked = true;
      this.forgetLiveRefreshToken(token, refresh.clientId);
      this.settings.observer?.tokenRevoked(token, 'refresh', 'revoke');
      for (const access of refresh.accessTokens) {
        const record = this.accessTokens.get(access);
        if (record && !record.revoked) this.settings.observer?.tokenRevoked(access, 'access', 'revoke');
        if (record) record.revoked = true;
      }
      return true;
    }
    const access = this.accessTokens.get(token);
    if (access) {
      access.revoked = true;
      this.settings.observer?.tokenRevoked(token, 'access', 'revoke');
      return true;
    }
    return false;
  }
}
