import { ZohoTokenStore, type AuthLogger, type GrantSource } from '@zcrmkit/auth';
import type { ZohoConfig } from '@zcrmkit/config';
import type { CoreLog } from './core-log.js';
import type { ZohoSdk } from './load-sdk.js';
import { tokenFetch } from './token-transport.js';

function authLogger(log: CoreLog): AuthLogger {
  return {
    debug: (m, meta) => log.debug(m, { source: 'auth', ...meta }),
    info: (m, meta) => log.info(m, { source: 'auth', ...meta }),
    warn: (m, meta) => log.warn(m, { source: 'auth', ...meta }),
    error: (m, meta) => log.error(m, { source: 'auth', ...meta }),
  };
}

/**
 * The token store, and the access token the SDK's initialisation will ask for, fetched (or read
 * from the store) while the SDK loads instead of after. Same store, lock and single flight as any
 * refresh; the SDK's first findToken takes this outcome, its error included, so nothing is
 * requested twice. `sdkOf` is called only when the SDK asks the store for tokens, after the import.
 */
export function openTokenStore(config: ZohoConfig, log: CoreLog, grantSource: GrantSource | undefined, sdkOf: () => ZohoSdk): { store: ZohoTokenStore; headStart: Promise<unknown> } {
  const store = ZohoTokenStore.fromConfig(config, {
    logger: authLogger(log),
    createSdkToken: () => new (sdkOf().OAuthToken)(),
    createUserSignature: (name) => new (sdkOf().UserSignature)(name),
    // node:http(s) rather than the global fetch, whose first use costs a cold start ~30–60 ms.
    fetch: tokenFetch,
    ...(grantSource ? { grantSource } : {}),
  });
  const headStart = store.getAccessToken();
  headStart.catch(() => undefined);
  return { store, headStart };
}
