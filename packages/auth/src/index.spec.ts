import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as auth from './index.js';

describe('@zcrmkit/auth public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(auth).sort()).toEqual(
      [
        'AuthError',
        'DEFAULT_ACCESS_DENIED_WAIT_MS',
        'DEFAULT_LOCK_STALE_MS',
        'DEFAULT_LOCK_TIMEOUT_MS',
        'DEFAULT_REFRESH_MARGIN_MS',
        'DEFAULT_REQUEST_TIMEOUT_MS',
        'REQUIRED_SCOPES',
        'StoredToken',
        'StoredUserSignature',
        'TokenClient',
        'UnsafePathError',
        'ZohoTokenStore',
        'ensurePrivateDirectory',
        'openAtomicFileSync',
        'openOwnFileForAppendSync',
        'withFileLock',
        'writeFileAtomic',
        'writeFileAtomicSync',
        'exchangeGrant',
        'isAuthError',
        'missingScopes',
        'silentLogger',
      ].sort(),
    );
    expect([auth.DEFAULT_REFRESH_MARGIN_MS, auth.DEFAULT_REQUEST_TIMEOUT_MS, auth.DEFAULT_LOCK_STALE_MS, auth.DEFAULT_LOCK_TIMEOUT_MS]).toEqual([300_000, 15_000, 10_000, 30_000]);
  });

  it('keeps the command-line program on its own subpath, @zcrmkit/auth/cli', async () => {
    const cli = await import('./cli.js');
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(manifest.exports['./cli']).toEqual({ '@zcrmkit/source': './src/cli.ts', types: './dist/cli.d.ts', import: './dist/cli.bundle.js', default: './dist/cli.bundle.js' });
    expect(Object.keys(cli).sort()).toEqual(['EXIT_EXCHANGE_FAILED', 'EXIT_OK', 'EXIT_USAGE', 'USAGE', 'exchangeGrantCommand', 'runExchangeGrantCli']);
    expect([cli.EXIT_OK, cli.EXIT_EXCHANGE_FAILED, cli.EXIT_USAGE]).toEqual([0, 1, 2]);
    expect(cli.USAGE).toMatch(/^Usage: zcrmkit-exchange-grant/);
  });
});
