import type { ZohoConfig } from '@zcrmkit/config';
import type { SdkRun } from './call-boundary.js';
import type { ZohoSdk } from './load-sdk.js';
import type { CallPolicy } from './options.js';
import type { OAuthToken, TokenStore } from '@zohocrm/nodejs-sdk-8.0';

/** The SDK's OAuth token object for this configuration, named `signature` when one is known. */
export function sdkToken(sdk: ZohoSdk, config: ZohoConfig, policy: CallPolicy, signature: string | undefined): OAuthToken {
  const token = new sdk.OAuthBuilder().clientId(config.clientId).clientSecret(config.clientSecret).refreshToken(config.refreshToken as string).findUser(policy.findUser).build();
  if (signature) token.setUserSignature(new sdk.UserSignature(signature));
  return token;
}

/** The SDK's one-time initialisation, as a call (deadline, retries, hooks) like any other. */
export function initializeRun(sdk: ZohoSdk, config: ZohoConfig, policy: CallPolicy, token: OAuthToken, store: TokenStore.TokenStore, resourcePath: string): SdkRun<void> {
  return async () => {
    const builder = await new sdk.InitializeBuilder();
    await builder
      .environment(new sdk.Environment(config.apiUrl, config.tokenUrl, config.fileUploadUrl))
      .token(token)
      .store(store)
      // Never 0: without a timeout the SDK's HTTP client waits forever.
      .SDKConfig(new sdk.SDKConfigBuilder().timeout(policy.requestTimeoutMs).pickListValidation(false).autoRefreshFields(false).build())
      // A folder of this process's own, seeded from the shared caches (see sdk-resource-dir.ts).
      .resourcePath(resourcePath)
      // OFF: the SDK's lines reach crm-core's log through the bridge, not through a file of its own.
      .logger(new sdk.LogBuilder().level(sdk.Levels.OFF).filePath(null).build())
      .initialize();
  };
}
