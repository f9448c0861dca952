import { inspect } from 'node:util';
import type { StoreRow } from './store-format.js';

type Value = string | null | undefined;

/** The SDK's UserSignature as far as a store needs it. */
export interface UserSignatureLike {
  getName(): Value;
}

/**
 * The parts of the SDK's OAuthToken a token store uses (the SDK's FileStore uses the same).
 * `expiresIn` is the expiry in epoch ms, as a string.
 */
export interface SdkTokenLike {
  getId(): Value;
  setId(id: Value): void;
  getUserSignature(): UserSignatureLike | null | undefined;
  setUserSignature(signature: unknown): void;
  getClientId(): Value;
  setClientId(clientId: Value): void;
  getClientSecret(): Value;
  setClientSecret(clientSecret: Value): void;
  getRefreshToken(): Value;
  setRefreshToken(refreshToken: Value): void;
  getAccessToken(): Value;
  setAccessToken(accessToken: Value): void;
  getGrantToken(): Value;
  setGrantToken(grantToken: Value): void;
  getExpiresIn(): string | number | null | undefined;
  setExpiresIn(expiresIn: Value): void;
  getRedirectURL(): Value;
  setRedirectURL(redirectUrl: Value): void;
  getAPIDomain(): Value;
  setAPIDomain(apiDomain: Value): void;
}

const METHODS = ['getId', 'setId', 'getRefreshToken', 'getAccessToken', 'setAccessToken', 'getExpiresIn', 'setExpiresIn', 'getClientId'] as const;

/** Whether a value looks enough like the SDK's OAuthToken to be stored. */
export function isSdkTokenLike(value: unknown): value is SdkTokenLike {
  if (value === null || typeof value !== 'object') return false;
  const record = value as Record<string, unknown>;
  return METHODS.every((m) => typeof record[m] === 'function');
}

/** Name of a token's user signature, or undefined. */
export function userNameOf(token: SdkTokenLike): string | undefined {
  const signature = typeof token.getUserSignature === 'function' ? token.getUserSignature() : undefined;
  const name = signature && typeof signature.getName === 'function' ? signature.getName() : undefined;
  return name ? name : undefined;
}

/** A plain user signature for tokens this package creates itself. */
export class StoredUserSignature implements UserSignatureLike {
  constructor(readonly name: string) {}
  getName(): string {
    return this.name;
  }
}

/**
 * An SDK-free token with the OAuthToken accessors: what getTokens()/findTokenById() return when no
 * `createSdkToken` factory is given. Secrets live in private fields, out of `console.log`'s sight.
 */
export class StoredToken implements SdkTokenLike {
  #id: Value = null;
  #signature: UserSignatureLike | null = null;
  #clientId: Value = null;
  #clientSecret: Value = null;
  #refreshToken: Value = null;
  #accessToken: Value = null;
  #grantToken: Value = null;
  #expiresIn: Value = null;
  #redirectUrl: Value = null;
  #apiDomain: Value = null;

  getId(): Value {
    return this.#id;
  }
  setId(id: Value): void {
    this.#id = id;
  }
  getUserSignature(): UserSignatureLike | null {
    return this.#signature;
  }
  setUserSignature(signature: unknown): void {
    this.#signature = signature && typeof (signature as UserSignatureLike).getName === 'function' ? (signature as UserSignatureLike) : null;
  }
  getClientId(): Value {
    return this.#clientId;
  }
  setClientId(clientId: Value): void {
    this.#clientId = clientId;
  }
  getClientSecret(): Value {
    return this.#clientSecret;
  }
  setClientSecret(clientSecret: Value): void {
    this.#clientSecret = clientSecret;
  }
  getRefreshToken(): Value {
    return this.#refreshToken;
  }
  setRefreshToken(refreshToken: Value): void {
    this.#refreshToken = refreshToken;
  }
  getAccessToken(): Value {
    return this.#accessToken;
  }
  setAccessToken(accessToken: Value): void {
    this.#accessToken = accessToken;
  }
  getGrantToken(): Value {
    return this.#grantToken;
  }
  setGrantToken(grantToken: Value): void {
    this.#grantToken = grantToken;
  }
  getExpiresIn(): Value {
    return this.#expiresIn;
  }
  setExpiresIn(expiresIn: Value): void {
    this.#expiresIn = expiresIn;
  }
  getRedirectURL(): Value {
    return this.#redirectUrl;
  }
  setRedirectURL(redirectUrl: Value): void {
    this.#redirectUrl = redirectUrl;
  }
  getAPIDomain(): Value {
    return this.#apiDomain;
  }
  setAPIDomain(apiDomain: Value): void {
    this.#apiDomain = apiDomain;
  }

  [inspect.custom](): string {
    return `StoredToken { id: ${JSON.stringify(this.#id)}, user: ${JSON.stringify(this.#signature?.getName() ?? null)} }`;
  }
}

const orNull = (value: string): string | null => (value === '' ? null : value);
const text = (value: string | number | null | undefined): string => (value === null || value === undefined ? '' : String(value));

/** The row a token is saved as. The client secret is never written: the SDK's token carries its own. */
export function tokenToRow(token: SdkTokenLike): StoreRow {
  return {
    id: text(token.getId()),
    userName: userNameOf(token) ?? '',
    clientId: text(token.getClientId()),
    clientSecret: '',
    refreshToken: text(token.getRefreshToken()),
    accessToken: text(token.getAccessToken()),
    grantToken: text(token.getGrantToken()),
    expiryTime: text(token.getExpiresIn()),
    redirectUrl: text(token.getRedirectURL()),
    apiDomain: text(token.getAPIDomain()),
  };
}

/**
 * Fills the token's absent values from a row, like the SDK FileStore's setMergeData; the values in
 * `overwrite` replace whatever the token holds.
 */
export function mergeRowIntoToken(
  token: SdkTokenLike,
  row: StoreRow,
  createUserSignature: ((name: string) => unknown) | undefined,
  overwrite: ReadonlySet<'accessToken' | 'expiryTime' | 'apiDomain'> = new Set(),
): void {
  const absent = (value: unknown) => value === null || value === undefined;
  if (absent(token.getId())) token.setId(orNull(row.id));
  if (row.userName !== '' && userNameOf(token) === undefined && createUserSignature) token.setUserSignature(createUserSignature(row.userName));
  if (absent(token.getClientId())) token.setClientId(orNull(row.clientId));
  if (absent(token.getClientSecret()) && row.clientSecret !== '') token.setClientSecret(row.clientSecret);
  if (absent(token.getRefreshToken())) token.setRefreshToken(orNull(row.refreshToken));
  if (overwrite.has('accessToken') || absent(token.getAccessToken())) token.setAccessToken(orNull(row.accessToken));
  if (absent(token.getGrantToken())) token.setGrantToken(orNull(row.grantToken));
  if (overwrite.has('expiryTime') || absent(token.getExpiresIn())) token.setExpiresIn(orNull(row.expiryTime));
  if (absent(token.getRedirectURL())) token.setRedirectURL(orNull(row.redirectUrl));
  if ((overwrite.has('apiDomain') && row.apiDomain !== '') || absent(token.getAPIDomain())) token.setAPIDomain(orNull(row.apiDomain));
}

/**
 * Whether a row is the one the SDK FileStore would pick for this token (its checkCondition):
 * by user name, else by access token alone, else by grant or refresh token.
 */
export function rowMatchesToken(token: SdkTokenLike, row: StoreRow): boolean {
  const name = userNameOf(token);
  if (name !== undefined) return row.userName !== '' && row.userName === name;
  const access = token.getAccessToken();
  if (access && !token.getClientId() && !token.getClientSecret()) return row.accessToken !== '' && row.accessToken === access;
  const refresh = token.getRefreshToken();
  const grant = token.getGrantToken();
  if (!refresh && !(grant && token.getClientId() && token.getClientSecret())) return false;
  if (grant && row.grantToken !== '' && row.grantToken === grant) return true;
  return !!refresh && row.refreshToken !== '' && row.refreshToken === refresh;
}
