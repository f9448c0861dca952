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
export function openTokenStore(config: ZohoConfig, log: CoreLog, grantSource: GrantSource | undefined, sdkOf: () => ZohoSdk): TokenStart {
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
  return { store, headStart, settled: (maxMs) => settledWithin(headStart, maxMs) };
}

export interface TokenStart {
  store: ZohoTokenStore;
  /** The first access token: read from the store, or fetched. */
  headStart: Promise<unknown>;
  /**
   * Resolves once the first token is settled (read, or fetched and stored), or after `maxMs`: what
   * the SDK import waits for before it starts. Begun beside the import, the store's reads queued
   * behind the SDK's ~1,700 module files in the I/O threads and the token request went out only once
   * the SDK had loaded; begun before it but not waited for, the store's cross-process lock was held
   * while the import kept the event loop busy, and with a dozen processes starting on one data
   * directory, locks were lost. The token comes first: a cold start then costs the token's round
   * trip plus the import, as a plain SDK script's does.
   */
  settled(maxMs: number): Promise<void>;
}

async function settledWithin(headStart: Promise<unknown>, maxMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
  try {
    await Promise.race([headStart.then(noop, noop), bound]);
  } finally {
    clearTimeout(timer);
  }
}

function noop(): void {
  // settled either way: the import may start
}
