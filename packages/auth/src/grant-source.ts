import type { TokenGrant } from './token-response.js';

/** What the token store asks a grant source for when its access token must be replaced. */
export interface GrantRequest {
  /**
   * The access token the store holds and wants replaced (expiring, expired, or refused by Zoho);
   * undefined when it holds none. A source that already has a different, usable token returns it.
   */
  seenAccessToken: string | undefined;
  /** True when Zoho answered INVALID_TOKEN to `seenAccessToken` although it had not expired. */
  forced: boolean;
  /** Sends exactly one refresh_token request to Zoho's token endpoint. */
  request(): Promise<TokenGrant>;
}

/**
 * Where the token store gets a new access token. By default it calls `request()` itself; a shared
 * source (e.g. @zcrmkit/fleet's Redis store) hands out a token another process already got, and
 * calls `request()` at most once for many processes. Called under the store's file lock.
 */
export interface GrantSource {
  obtain(request: GrantRequest): Promise<TokenGrant>;
}
