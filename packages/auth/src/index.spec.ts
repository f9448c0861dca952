import { describe, expect, it } from '@jest/globals';
import * as auth from './index.js';

describe('@zcrmkit/auth public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(auth).sort()).toEqual(
      [
        'AuthError',
        'DEFAULT_LOCK_STALE_MS',
        'DEFAULT_LOCK_TIMEOUT_MS',
        'DEFAULT_REFRESH_MARGIN_MS',
        'DEFAULT_REQUEST_TIMEOUT_MS',
        'EXIT_EXCHANGE_FAILED',
        'EXIT_OK',
        'EXIT_USAGE',
        'REQUIRED_SCOPES',
        'StoredToken',
        'StoredUserSignature',
        'TokenClient',
        'UnsafePathError',
        'ZohoTokenStore',
        'ensurePrivateDirectory',
        'openAtomicFileSync',
        'openOwnFileForAppendSync',
        'writeFileAtomic',
        'writeFileAtomicSync',
        'exchangeGrant',
        'isAuthError',
        'missingScopes',
        'runExchangeGrantCli',
        'silentLogger',
      ].sort(),
    );
    expect([auth.DEFAULT_REFRESH_MARGIN_MS, auth.DEFAULT_REQUEST_TIMEOUT_MS, auth.DEFAULT_LOCK_STALE_MS, auth.DEFAULT_LOCK_TIMEOUT_MS]).toEqual([300_000, 15_000, 10_000, 30_000]);
    expect([auth.EXIT_OK, auth.EXIT_EXCHANGE_FAILED, auth.EXIT_USAGE]).toEqual([0, 1, 2]);
  });
});
