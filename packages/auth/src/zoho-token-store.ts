import path from 'node:path';
import { inspect } from 'node:util';
import type { ZohoConfig } from '@zcrmkit/config';
import { AuthError, invalidOption } from './auth-error.js';
import { clearDenied, DEFAULT_ACCESS_DENIED_WAIT_MS, deniedUntil, recordDenied, refreshTokenKey } from './access-denied-file.js';
import { removeLeftoverTempFiles, type FileLockOptions } from '@zcrmkit/safe-fs';
import { TOKEN_NOT_FOUND_HINT } from './hints.js';
import { silentLogger, type AuthLogger } from './logger.js';
import { isSdkTokenLike, mergeRowIntoToken, rowMatchesToken, StoredToken, StoredUserSignature, tokenToRow, userNameOf, type SdkTokenLike } from './sdk-token.js';
import { readStoreFile, secureStoreLocation, writeStoreFile } from './store-file.js';
import { withStoreLock } from './store-lock.js';
import { expiryOf, nextId, type StoreRow } from './store-format.js';
import type { GrantSource } from './grant-source.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, TokenClient } from './token-client.js';
import type { TokenGrant } from './token-response.js';

export interface TokenStoreOptions {
  /** The store file (SDK FileStore CSV), usually `config.tokenStorePath`. Required. */
  path: string;
  /** Required. */
  clientId: string;
  /** Required. Used for refresh requests only; never written to the file. */
  clientSecret: string;
  /** The refresh token this store keeps an access token for. Required. */
  refreshToken: string;
  /** Zoho's token endpoint, `config.tokenUrl`. Required. */
  tokenUrl: string;
  /** The CRM user's email; names the stored row, as the SDK's user signature does. Default: none. */
  userEmail?: string;
  /** Refresh when the access token expires within this many ms. Default: 300 000 (5 minutes). */
  refreshMarginMs?: number;
  /** Deadline of each token request. Default: 15 000 ms. */
  requestTimeoutMs?: number;
  /** A lock not refreshed for this long is taken over as left by a dead process (at least 2 000). Default: 10 000 ms. */
  lockStaleMs?: number;
  /** How long to wait for another process holding the lock. Default: 30 000 ms. */
  lockTimeoutMs?: number;
  /** Default: logs nothing. */
  logger?: AuthLogger;
  /** Makes the token objects getTokens()/findTokenById() return (the SDK's OAuthToken). Default: StoredToken. */
  createSdkToken?: () => SdkTokenLike;
  /** Makes the SDK's UserSignature for a stored user name. Default: StoredUserSignature. */
  createUserSignature?: (name: string) => unknown;
  /** The transport of token requests. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Where new access tokens come from when the stored one must be replaced, e.g. a token shared by
   * many hosts (@zcrmkit/fleet). Default: one refresh request from this store.
   */
  grantSource?: GrantSource;
  /**
   * After Zoho answers a token request with Access Denied, every process sharing this store file
   * waits this long before the next one (each caller meanwhile gets THROTTLED with the time left).
   * Default: 600 000 ms, Zoho's window (`config.accessDeniedWaitMs` from ZOHO_ACCESS_DENIED_WAIT_MS).
   */
  accessDeniedWaitMs?: number;
}

/** An access token and when it expires. */
export interface AccessToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The API base URL Zoho gave with the token, if any. */
  apiDomain: string | undefined;
}

export const DEFAULT_REFRESH_MARGIN_MS = 300_000;
export const DEFAULT_LOCK_STALE_MS = 10_000;
export const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
/** A token someone else just refreshed is taken if it has this long left (the SDK wants > 5 s). */
const USABLE_FLOOR_MS = 10_000;

function requireText(options: TokenStoreOptions, key: 'path' | 'clientId' | 'clientSecret' | 'refreshToken' | 'tokenUrl'): string {
  const value = (options as unknown as Record<string, unknown> | undefined)?.[key];
  if (typeof value !== 'string' || value.trim() === '') throw invalidOption(`${key} option is required`);
  return value;
}

function nonNegative(value: number | undefined, fallback: number, key: string): number {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n < 0) throw invalidOption(`${key} option must be a non-negative number`);
  return n;
}

const OVERWRITE = new Set(['accessToken', 'expiryTime', 'apiDomain'] as const);

/**
 * A token store for Zoho's SDK that keeps its file private (0600 in a 0700 directory), writes it
 * atomically under a cross-process lock, and refreshes the access token itself — once per process
 * and once across processes sharing the file — before handing it to the SDK, so the SDK never
 * refreshes on its own. SDK-free: it implements the SDK's TokenStore methods duck-typed.
 */
export class ZohoTokenStore {
  readonly path: string;
  readonly #clientId: string;
  readonly #clientSecret: string;
  readonly #refreshToken: string;
  readonly #userEmail: string | undefined;
  readonly #logger: AuthLogger;
  readonly #lock: FileLockOptions;
  readonly #client: TokenClient;
  readonly #createSdkToken: () => SdkTokenLike;
  readonly #createUserSignature: (name: string) => unknown;
  readonly #grantSource: GrantSource | undefined;
  readonly #deniedWaitMs: number;
  readonly #deniedKey: string;
  #marginMs: number;
  #prepared: Promise<void> | undefined;
  #inflight: Promise<StoreRow> | undefined;
  #lastHandedOut: string | undefined;

  constructor(options: TokenStoreOptions) {
    this.path = path.resolve(requireText(options, 'path'));
    this.#clientId = requireText(options, 'clientId');
    this.#clientSecret = requireText(options, 'clientSecret');
    this.#refreshToken = requireText(options, 'refreshToken');
    this.#userEmail = options.userEmail || undefined;
    this.#logger = options.logger ?? silentLogger;
    this.#marginMs = nonNegative(options.refreshMarginMs, DEFAULT_REFRESH_MARGIN_MS, 'refreshMarginMs');
    this.#lock = {
      staleMs: nonNegative(options.lockStaleMs, DEFAULT_LOCK_STALE_MS, 'lockStaleMs'),
      timeoutMs: nonNegative(options.lockTimeoutMs, DEFAULT_LOCK_TIMEOUT_MS, 'lockTimeoutMs'),
      logger: this.#logger,
    };
    this.#client = new TokenClient({
      tokenUrl: requireText(options, 'tokenUrl'),
      clientId: this.#clientId,
      clientSecret: this.#clientSecret,
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
    this.#createSdkToken = options.createSdkToken ?? (() => new StoredToken());
    this.#createUserSignature = options.createUserSignature ?? ((name) => new StoredUserSignature(name));
    this.#grantSource = options.grantSource;
    this.#deniedWaitMs = nonNegative(options.accessDeniedWaitMs, DEFAULT_ACCESS_DENIED_WAIT_MS, 'accessDeniedWaitMs');
    this.#deniedKey = refreshTokenKey(this.#refreshToken);
  }

  /** A store for a loaded configuration; `options` override anything but the credentials. */
  static fromConfig(config: ZohoConfig, options: Partial<Omit<TokenStoreOptions, 'clientId' | 'clientSecret' | 'refreshToken'>> = {}): ZohoTokenStore {
    if (!config.refreshToken) throw invalidOption('the configuration has no REFRESH_TOKEN; get one with zcrmkit-exchange-grant');
    return new ZohoTokenStore({
      path: config.tokenStorePath,
      tokenUrl: config.tokenUrl,
      ...(config.userEmail ? { userEmail: config.userEmail } : {}),
      ...(config.accessDeniedWaitMs !== undefined ? { accessDeniedWaitMs: config.accessDeniedWaitMs } : {}),
      ...options,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      refreshToken: config.refreshToken,
    });
  }

  /**
   * An access token valid for more than the refresh margin, refreshed first if needed. Concurrent
   * callers share one refresh; processes sharing the file refresh once between them.
   */
  async getAccessToken(): Promise<AccessToken> {
    return toAccessToken(await this.#freshRow());
  }

  /**
   * Gets a new access token even though the stored one has not expired (Zoho answered
   * INVALID_TOKEN). If the stored token already differs from `staleAccessToken` (default: the last
   * one this store handed out), someone refreshed meanwhile and that token is returned without a request.
   */
  async forceRefresh(staleAccessToken?: string): Promise<AccessToken> {
    await this.#prepare();
    const stale = staleAccessToken ?? this.#lastHandedOut;
    const running = this.#inflight;
    if (running) {
      const row = await running.catch(() => undefined);
      if (row && row.accessToken !== stale) return toAccessToken(this.#handOut(row));
    }
    return toAccessToken(this.#handOut(await this.#singleFlight(() => this.#refreshLocked(stale, true))));
  }

  // ---- The SDK's TokenStore contract (duck-typed on its OAuthToken) ----

  /**
   * The SDK calls this before every request. For this store's own token (same refresh token, or
   * its user) the stored values are merged in after refreshing if needed, so the SDK finds a fresh
   * access token; any other token is looked up like the SDK's FileStore does.
   */
  async findToken<T>(token: T): Promise<T | null> {
    if (!isSdkTokenLike(token)) return token;
    if (this.#isOwnToken(token)) {
      const row = await this.#freshRow();
      mergeRowIntoToken(token, row, this.#createUserSignature, OVERWRITE);
      return token;
    }
    await this.#prepare();
    const { rows } = await readStoreFile(this.path);
    const row = rows.find((r) => rowMatchesToken(token, r));
    if (!row) return null;
    mergeRowIntoToken(token, row, this.#createUserSignature);
    return token;
  }

  /** The stored token with this id; this store's own token is refreshed first if needed. */
  async findTokenById(id: string): Promise<SdkTokenLike> {
    await this.#prepare();
    const { rows } = await readStoreFile(this.path);
    let row = rows.find((r) => r.id === String(id));
    if (!row) throw this.#notFound(id);
    if (this.#isOwnRow(row)) row = await this.#freshRow(rows);
    return this.#rowToToken(row);
  }

  /** Saves a token as the SDK's FileStore does (matched by id, else by user, access, grant or refresh token). */
  async saveToken(token: SdkTokenLike): Promise<void> {
    if (!isSdkTokenLike(token)) return;
    await this.#prepare();
    await withStoreLock(this.path, this.#lock, async (lock) => {
      const { rows } = await readStoreFile(this.path);
      const id = token.getId();
      const index = id ? rows.findIndex((r) => r.id === String(id)) : rows.findIndex((r) => rowMatchesToken(token, r));
      const existing = index >= 0 ? rows[index] : undefined;
      if (existing) {
        mergeRowIntoToken(token, existing, this.#createUserSignature);
        rows[index] = tokenToRow(token);
      } else {
        if (!token.getRefreshToken() && !token.getGrantToken() && !token.getAccessToken()) {
          throw invalidOption('saveToken: the token has no refresh, grant or access token');
        }
        if (!id) token.setId(nextId(rows));
        rows.push(tokenToRow(token));
      }
      await this.#write(rows, lock.assertHeld);
    });
  }

  async deleteToken(id: string): Promise<void> {
    await this.#prepare();
    await withStoreLock(this.path, this.#lock, async (lock) => {
      const { rows } = await readStoreFile(this.path);
      const kept = rows.filter((r) => r.id !== String(id));
      if (kept.length === rows.length) throw this.#notFound(id);
      await this.#write(kept, lock.assertHeld);
    });
  }

  async getTokens(): Promise<SdkTokenLike[]> {
    await this.#prepare();
    const { rows } = await readStoreFile(this.path);
    return rows.map((r) => this.#rowToToken(r));
  }

  async deleteTokens(): Promise<void> {
    await this.#prepare();
    await withStoreLock(this.path, this.#lock, async (lock) => {
      // Reading first refuses a corrupt file, which is never overwritten, not even to empty it.
      await readStoreFile(this.path);
      await this.#write([], lock.assertHeld);
    });
  }

  [inspect.custom](): string {
    return `ZohoTokenStore { path: '${this.path}' }`;
  }

  // ---- internals ----

  /** `rows`: the store as just read by the caller, so the SDK's per-request look-up reads the file once. */
  async #freshRow(rows?: StoreRow[]): Promise<StoreRow> {
    await this.#prepare();
    const seen = this.#ownRow(rows ?? (await readStoreFile(this.path)).rows);
    if (seen && this.#isFresh(seen)) return this.#handOut(seen);
    return this.#handOut(await this.#singleFlight(() => this.#refreshLocked(seen?.accessToken || undefined, false)));
  }

  #singleFlight(run: () => Promise<StoreRow>): Promise<StoreRow> {
    if (!this.#inflight) {
      const flight = run();
      this.#inflight = flight;
      flight
        .finally(() => {
          if (this.#inflight === flight) this.#inflight = undefined;
        })
        .catch(() => undefined);
    }
    return this.#inflight;
  }

  /**
   * Under the lock, re-reads the file and refreshes only if still needed: another process may
   * have refreshed between our read and getting the lock (then the stored token differs from the
   * one we saw). Forced, only a stored token that differs from the stale one avoids the request.
   */
  #refreshLocked(seenAccessToken: string | undefined, forced: boolean): Promise<StoreRow> {
    return withStoreLock(this.path, this.#lock, async (lock) => {
      const { rows } = await readStoreFile(this.path);
      const row = this.#ownRow(rows);
      if (row && row.accessToken !== '') {
        const changed = row.accessToken !== seenAccessToken;
        const reuse = forced ? seenAccessToken !== undefined && changed && this.#isUsable(row) : this.#isFresh(row) || (changed && this.#isUsable(row));
        if (reuse) {
          this.#logger.debug('using the access token another caller refreshed', { path: this.path });
          return row;
        }
      }
      // Zoho said Access Denied to one of us: nobody asks again until its window is over.
      const until = await deniedUntil(this.path, this.#deniedKey);
      if (until !== undefined) throw this.#throttled(until);
      const request = async () => {
        try {
          return await this.#client.refresh(this.#refreshToken);
        } catch (err) {
          if (err instanceof AuthError && err.code === 'THROTTLED') {
            lock.assertHeld();
            await recordDenied(this.path, this.#deniedKey, Date.now() + this.#deniedWaitMs);
            this.#logger.warn(`Zoho answered Access Denied; no process sharing this store asks again for ${Math.round(this.#deniedWaitMs / 1000)} s`, { path: this.path });
          }
          throw err;
        }
      };
      const grant = this.#grantSource
        ? await this.#grantSource.obtain({ seenAccessToken: (forced ? seenAccessToken : row?.accessToken) || undefined, forced, request })
        : await request();
      await clearDenied(this.path, this.#deniedKey);
      this.#learnLifetime(grant);
      const updated = this.#upsertOwnRow(rows, row, grant);
      await this.#write(rows, lock.assertHeld);
      this.#logger.info(forced ? 'refreshed the access token (forced)' : 'refreshed the access token', {
        path: this.path,
        expiresInSeconds: grant.expiresInSeconds,
      });
      return updated;
    });
  }

  #throttled(until: number): AuthError {
    const seconds = Math.ceil((until - Date.now()) / 1000);
    return new AuthError('THROTTLED', `Zoho answered a token request for this refresh token with Access Denied; every process sharing ${this.path} waits out its window: the next token request goes out in ${seconds} s (nothing was sent)`, {
      hint: 'Zoho allows 10 access tokens per refresh token per 10 minutes; wait, then run again. If it keeps happening, find what keeps invalidating access tokens (several stores or fleets on one refresh token?)',
      operation: 'refresh',
    });
  }

  async #write(rows: StoreRow[], assertHeld: () => void): Promise<void> {
    // Holding the lock, no live writer owns a temp file: any left is a killed writer's.
    await removeLeftoverTempFiles(this.path);
    assertHeld();
    await writeStoreFile(this.path, rows);
  }

  #prepare(): Promise<void> {
    this.#prepared ??= (async () => {
      const exists = await secureStoreLocation(this.path, this.#logger);
      if (exists) return;
      await withStoreLock(this.path, this.#lock, async (lock) => {
        if (!(await readStoreFile(this.path)).exists) await this.#write([], lock.assertHeld);
      });
    })().catch((err: unknown) => {
      this.#prepared = undefined;
      throw err;
    });
    return this.#prepared;
  }

  #isFresh(row: StoreRow): boolean {
    return row.accessToken !== '' && expiryOf(row) - Date.now() > this.#marginMs;
  }

  #isUsable(row: StoreRow): boolean {
    return row.accessToken !== '' && expiryOf(row) - Date.now() > Math.min(this.#marginMs, USABLE_FLOOR_MS);
  }

  /** A margin as long as the token's lifetime would refresh on every call; halve the lifetime instead. */
  #learnLifetime(grant: TokenGrant): void {
    const lifetimeMs = grant.expiresInSeconds * 1000;
    if (lifetimeMs > this.#marginMs) return;
    const margin = Math.floor(lifetimeMs / 2);
    this.#logger.warn(`refreshMarginMs (${this.#marginMs} ms) is not shorter than the access token lifetime (${lifetimeMs} ms); using ${margin} ms`, {
      path: this.path,
    });
    this.#marginMs = margin;
  }

  #ownRow(rows: readonly StoreRow[]): StoreRow | undefined {
    return rows.find((r) => this.#isOwnRow(r));
  }

  #isOwnRow(row: StoreRow): boolean {
    return row.refreshToken === this.#refreshToken && (row.clientId === '' || row.clientId === this.#clientId);
  }

  #isOwnToken(token: SdkTokenLike): boolean {
    const refreshToken = token.getRefreshToken();
    if (refreshToken) return refreshToken === this.#refreshToken;
    const name = userNameOf(token);
    const clientId = token.getClientId();
    return !!name && !!this.#userEmail && name.toLowerCase() === this.#userEmail.toLowerCase() && (!clientId || clientId === this.#clientId);
  }

  /** Updates this store's row; a row of the same user with an older refresh token is replaced, not duplicated. */
  #upsertOwnRow(rows: StoreRow[], existing: StoreRow | undefined, grant: TokenGrant): StoreRow {
    let index = existing ? rows.indexOf(existing) : -1;
    const email = this.#userEmail?.toLowerCase();
    if (index < 0 && email) index = rows.findIndex((r) => r.userName.toLowerCase() === email && (r.clientId === '' || r.clientId === this.#clientId));
    const base = index >= 0 ? rows[index] : undefined;
    const row: StoreRow = {
      id: base?.id || nextId(rows),
      userName: base?.userName || this.#userEmail || '',
      clientId: this.#clientId,
      clientSecret: '',
      refreshToken: this.#refreshToken,
      accessToken: grant.accessToken,
      grantToken: '',
      expiryTime: String(grant.expiresAt),
      redirectUrl: base?.redirectUrl ?? '',
      apiDomain: grant.apiDomain ?? base?.apiDomain ?? '',
    };
    if (index >= 0) rows[index] = row;
    else rows.push(row);
    return row;
  }

  #rowToToken(row: StoreRow): SdkTokenLike {
    const token = this.#createSdkToken();
    mergeRowIntoToken(token, row, this.#createUserSignature);
    // The file never holds the secret; the SDK needs it on its token should it ever refresh.
    if (this.#isOwnRow(row) && !token.getClientSecret()) token.setClientSecret(this.#clientSecret);
    return token;
  }

  #handOut(row: StoreRow): StoreRow {
    this.#lastHandedOut = row.accessToken;
    return row;
  }

  #notFound(id: string): AuthError {
    return new AuthError('TOKEN_NOT_FOUND', `no stored token has id ${JSON.stringify(String(id)).slice(0, 40)}`, { hint: TOKEN_NOT_FOUND_HINT, operation: 'store' });
  }
}

function toAccessToken(row: StoreRow): AccessToken {
  return { accessToken: row.accessToken, expiresAt: expiryOf(row), apiDomain: row.apiDomain || undefined };
}
