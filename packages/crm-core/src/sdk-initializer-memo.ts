import type { ZohoSdk } from './load-sdk.js';
import { versionOf, type VersionedMap } from './sdk-file-name-memo.js';
import { ZohoApiError } from './zoho-api-error.js';

// `Initializer.getInitializer()` is how every SDK step finds the current configuration; the
// converter's `valueChecker` alone calls it for every field of every record written. Each call
// builds a new Initializer and base64-encodes the token's key byte by byte to look it up in
// `Initializer.LOCAL`, though the answer changes only when the current configuration, its token's
// key or that registry does. This memo (SDK 2.0.0, pinned) returns the last answer while all three
// are the same: the current Initializer object, the registry object and its change count (every
// set/delete/clear, see sdk-file-name-memo.ts), and the token's key read afresh through the same
// getters the SDK uses. Anything else (no registry entries, a token that is not an OAuthToken, a
// configuration without environment) is the SDK's own method.

interface TokenLike {
  getUserSignature(): { getName(): string } | null;
  getRefreshToken(): string | null;
  getAccessToken(): string | null;
}
interface InitializerLike {
  getToken(): unknown;
  getEnvironment(): { getUrl(): string } | null;
}
interface InitializerClass {
  initializer?: InitializerLike | null;
  LOCAL?: VersionedMap;
  getInitializer: () => Promise<unknown>;
  [PATCHED]?: InitializerMemo;
}

export interface InitializerMemoStats {
  /** Calls answered by the SDK's own method. */
  derived: number;
  /** Calls answered from the memo. */
  hits: number;
}

export interface InitializerMemo {
  stats: InitializerMemoStats;
  /** The SDK's own method, for comparison. */
  original: () => Promise<unknown>;
  /**
   * The answer `getInitializer()` would give now, without awaiting, where it is known (no registry
   * entries, or the memo's answer still holds); undefined where only the async call can tell.
   */
  peek(): { readonly answer: unknown } | undefined;
}

const PATCHED = Symbol.for('@zcrmkit/crm-core.sdk-initializer-memo');

/**
 * What the SDK keys `LOCAL` with (the user signature's name, else the last 32 characters of the
 * refresh token, else of the access token): here the whole name or token, which fixes the key;
 * undefined for the SDK to decide.
 */
interface TokenKey {
  kind: 's' | 'r' | 'a';
  source: string;
}

function tokenKey(config: InitializerLike, OAuthToken: abstract new (...args: never[]) => unknown): TokenKey | undefined {
  const token = config.getToken();
  if (!(token instanceof OAuthToken)) return undefined;
  const oauth = token as unknown as TokenLike;
  // The SDK reads the environment's URL while deriving the key (and fails without one).
  if (typeof config.getEnvironment()?.getUrl() !== 'string') return undefined;
  const signature = oauth.getUserSignature();
  if (signature != null) return { kind: 's', source: signature.getName() };
  const refresh = oauth.getRefreshToken();
  if (refresh != null && refresh.length > 0) return { kind: 'r', source: refresh };
  const access = oauth.getAccessToken();
  if (access != null && access.length > 0) return { kind: 'a', source: access };
  return undefined;
}

/** Whether `config`'s token has the key `key` was taken from; builds nothing (asked per field written). */
function hasTokenKey(config: InitializerLike, OAuthToken: abstract new (...args: never[]) => unknown, key: TokenKey): boolean {
  const token = config.getToken();
  if (!(token instanceof OAuthToken)) return false;
  const oauth = token as unknown as TokenLike;
  if (typeof config.getEnvironment()?.getUrl() !== 'string') return false;
  const signature = oauth.getUserSignature();
  if (signature != null) return key.kind === 's' && signature.getName() === key.source;
  const refresh = oauth.getRefreshToken();
  if (refresh != null && refresh.length > 0) return key.kind === 'r' && refresh === key.source;
  const access = oauth.getAccessToken();
  if (access != null && access.length > 0) return key.kind === 'a' && access === key.source;
  return false;
}

interface Entry {
  current: InitializerLike;
  local: VersionedMap;
  version: number;
  key: TokenKey;
  answer: unknown;
}

/** Installs the memo on `Initializer.getInitializer` (once). Returns counters for tests and diagnostics. */
export function memoiseSdkInitializer(sdk: ZohoSdk): InitializerMemo {
  const parts = sdk as unknown as { Initializer?: InitializerClass; OAuthToken?: abstract new (...args: never[]) => unknown };
  const init = parts.Initializer;
  const OAuthToken = parts.OAuthToken;
  if (!init || typeof init.getInitializer !== 'function' || typeof OAuthToken !== 'function') {
    throw new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: '[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 no longer exposes Initializer.getInitializer / OAuthToken; the initializer memo needs updating' });
  }
  const existing = init[PATCHED];
  if (existing) return existing;
  const original = init.getInitializer;
  const stats: InitializerMemoStats = { derived: 0, hits: 0 };
  let entry: Entry | undefined;

  const kept = (current: InitializerLike | null | undefined, local: VersionedMap | undefined, version: number | undefined): Entry | undefined =>
    entry && current && local && local.size > 0 && entry.current === current && entry.local === local && entry.version === version && hasTokenKey(current, OAuthToken, entry.key) ? entry : undefined;

  init.getInitializer = async function memoisedGetInitializer(this: unknown): Promise<unknown> {
    const current = init.initializer;
    const local = init.LOCAL;
    const version = versionOf(local);
    const hit = kept(current, local, version?.n);
    if (hit) {
      stats.hits++;
      return hit.answer;
    }
    entry = undefined;
    const key = current && local && local.size > 0 ? tokenKey(current, OAuthToken) : undefined;
    const answer = await original.call(this);
    stats.derived++;
    // Kept only if nothing it depends on changed while the SDK awaited.
    if (key !== undefined && current && local && init.initializer === current && init.LOCAL === local && versionOf(local)?.n === version?.n && hasTokenKey(current, OAuthToken, key)) {
      entry = { current, local, version: version!.n, key, answer };
    }
    return answer;
  };
  // Asked per field written: answers with an object it keeps (the entry itself), not a new one.
  let unregistered: { answer: unknown } = { answer: undefined };
  const peek = (): { readonly answer: unknown } | undefined => {
    const current = init.initializer;
    const local = init.LOCAL;
    if (!local) return undefined;
    // The SDK's own method answers the configuration itself when the registry is empty.
    if (local.size === 0) return unregistered.answer === current ? unregistered : (unregistered = { answer: current });
    const hit = kept(current, local, versionOf(local)?.n);
    if (!hit) return undefined;
    stats.hits++;
    return hit;
  };
  const memo: InitializerMemo = { stats, original, peek };
  Object.defineProperty(init, PATCHED, { value: memo });
  return memo;
}
