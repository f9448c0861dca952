import type { ZohoTokenStore } from '@zcrmkit/auth';
import type { OAuthToken, TokenStore } from '@zohocrm/nodejs-sdk-8.0';
import { invocationContext } from './call-context.js';
import type { ZohoSdk } from './load-sdk.js';
import type { Redactor } from './redact.js';

export interface StoreAdapterHooks {
  /** The API URL every token must point the SDK at (the configuration decides the data center and environment). */
  apiUrl: string;
  /** The user signature crm-core wants on the token (names the SDK's resource files). */
  userSignature(): string | undefined;
  /**
   * A token refresh started before the SDK was loaded (see runtime.ts). The first findToken waits
   * for it and, if it failed, throws its error — once, as auth's store would have thrown it there —
   * so a failed head start never costs a second token request.
   */
  headStart?: Promise<unknown>;
}

/**
 * The SDK's InitializeBuilder.store() accepts only an `instanceof TokenStore`; @zcrmkit/auth is
 * SDK-free. This subclass — defined once the SDK is loaded — delegates to auth's store, which
 * refreshes (single-flight, cross-process) before the SDK could, and then:
 *  - points the token at the configured API URL: the SDK maps a token's api_domain to its own
 *    data-center objects, which would turn a sandbox configuration into production;
 *  - sets crm-core's user signature, so resource file names never derive from the refresh token;
 *  - records the access token in the current call (for a targeted forced refresh on INVALID_TOKEN)
 *    and teaches it to the redactor.
 */
export function createSdkTokenStore(sdk: ZohoSdk, store: ZohoTokenStore, redactor: Redactor, hooks: StoreAdapterHooks): TokenStore.TokenStore {
  let headStart = hooks.headStart;
  const own = (token: OAuthToken | null): OAuthToken | null => {
    if (!token) return token;
    const accessToken = token.getAccessToken();
    redactor.addSecret(accessToken);
    const inv = invocationContext.getStore();
    if (inv && accessToken) inv.accessToken = accessToken;
    token.setAPIDomain(hooks.apiUrl);
    const signature = hooks.userSignature();
    if (signature && token.getUserSignature()?.getName() !== signature) token.setUserSignature(new sdk.UserSignature(signature));
    return token;
  };

  class ZcrmkitTokenStore extends sdk.TokenStore.TokenStore {
    override async findToken(token: OAuthToken): Promise<OAuthToken | null> {
      if (headStart) {
        const pending = headStart;
        headStart = undefined;
        await pending;
      }
      return own(await store.findToken(token));
    }
    override async findTokenById(id: string): Promise<OAuthToken> {
      // The SDK looks a saved token up by id on later calls: record it too, or a call that Zoho
      // refuses would not know which token was refused.
      return own((await store.findTokenById(id)) as unknown as OAuthToken) as OAuthToken;
    }
    override async saveToken(token: OAuthToken): Promise<void> {
      redactor.addSecret(token.getAccessToken());
      await store.saveToken(token);
    }
    override async deleteToken(id: string): Promise<void> {
      await store.deleteToken(id);
    }
    override async getTokens(): Promise<OAuthToken[]> {
      return (await store.getTokens()) as unknown as OAuthToken[];
    }
    override async deleteTokens(): Promise<void> {
      await store.deleteTokens();
    }
  }
  return new ZcrmkitTokenStore();
}
