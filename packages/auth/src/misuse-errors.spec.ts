import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ZcrmkitError, loadConfig } from '@zcrmkit/config';
import { setEnvVariable } from './env-file.js';
import { emptyRow, parseStore, serializeStore } from './store-format.js';
import { StoredToken } from './sdk-token.js';
import { TokenClient } from './token-client.js';
import { ZohoTokenStore } from './zoho-token-store.js';

// Every place @zcrmkit/auth refuses a caller's input throws a ZcrmkitError with a stable code and a
// message naming what is wrong: one `instanceof` catches them all.

const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-auth-misuse-'));
const store = { path: path.join(dir, 'tokens.csv'), clientId: '1000.CLIENT', clientSecret: 'secret0123456789', refreshToken: '1000.aaaa.bbbb', tokenUrl: 'https://accounts.zoho.eu/oauth/v2/token' };
const client = { tokenUrl: store.tokenUrl, clientId: store.clientId, clientSecret: store.clientSecret };



describe('@zcrmkit/auth misuse errors', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each<[string, () => unknown, string, RegExp]>([
    ['ZohoTokenStore without path', () => new ZohoTokenStore({ ...store, path: '' }), 'INVALID_OPTION', /path option is required/],
    ['ZohoTokenStore without clientId', () => new ZohoTokenStore({ ...store, clientId: undefined as never }), 'INVALID_OPTION', /clientId option is required/],
    ['ZohoTokenStore without clientSecret', () => new ZohoTokenStore({ ...store, clientSecret: ' ' }), 'INVALID_OPTION', /clientSecret option is required/],
    ['ZohoTokenStore without refreshToken', () => new ZohoTokenStore({ ...store, refreshToken: '' }), 'INVALID_OPTION', /refreshToken option is required/],
    ['ZohoTokenStore without tokenUrl', () => new ZohoTokenStore({ ...store, tokenUrl: '' }), 'INVALID_OPTION', /tokenUrl option is required/],
    ['ZohoTokenStore with a negative refreshMarginMs', () => new ZohoTokenStore({ ...store, refreshMarginMs: -1 }), 'INVALID_OPTION', /refreshMarginMs option must be a non-negative number/],
    ['ZohoTokenStore with a NaN lockStaleMs', () => new ZohoTokenStore({ ...store, lockStaleMs: Number.NaN }), 'INVALID_OPTION', /lockStaleMs option/],
    ['ZohoTokenStore with a negative lockTimeoutMs', () => new ZohoTokenStore({ ...store, lockTimeoutMs: -5 }), 'INVALID_OPTION', /lockTimeoutMs option/],
    [
      'ZohoTokenStore.fromConfig without REFRESH_TOKEN',
      () => ZohoTokenStore.fromConfig(loadConfig({ env: {}, envFile: false, requireRefreshToken: false, values: { CLIENT_ID: '1000.ABCDEFGHIJ', CLIENT_SECRET: 'abcdef0123456789', ACCOUNTS_URL: 'https://accounts.zoho.eu' } })),
      'INVALID_OPTION',
      /no REFRESH_TOKEN/,
    ],
    ['TokenClient without tokenUrl', () => new TokenClient({ ...client, tokenUrl: '' }), 'INVALID_OPTION', /tokenUrl option is required/],
    ['TokenClient with a relative tokenUrl', () => new TokenClient({ ...client, tokenUrl: '/oauth/v2/token' }), 'INVALID_OPTION', /tokenUrl option must be an absolute http\(s\) URL/],
    ['TokenClient with an ftp tokenUrl', () => new TokenClient({ ...client, tokenUrl: 'ftp://accounts.zoho.eu/token' }), 'INVALID_OPTION', /tokenUrl option must be an absolute http\(s\) URL/],
    ['TokenClient without clientId', () => new TokenClient({ ...client, clientId: '' }), 'INVALID_OPTION', /clientId option is required/],
    ['TokenClient without clientSecret', () => new TokenClient({ ...client, clientSecret: '' }), 'INVALID_OPTION', /clientSecret option is required/],
    ['TokenClient with timeoutMs 0', () => new TokenClient({ ...client, timeoutMs: 0 }), 'INVALID_OPTION', /timeoutMs option must be a positive number/],
    ['setEnvVariable with a bad name', () => setEnvVariable('', 'BAD NAME', '1000.aa.bb'), 'INVALID_OPTION', /invalid variable name "BAD NAME"/],
    ['setEnvVariable with a line break in the value', () => setEnvVariable('', 'REFRESH_TOKEN', 'a\nX=1'), 'INVALID_OPTION', /REFRESH_TOKEN value/],
    ['serializeStore with a comma in a value', () => serializeStore([{ ...emptyRow(), id: '1', userName: 'a,b' }]), 'INVALID_OPTION', /userName value containing a comma/],
    ['parseStore of a file that is no store', () => parseStore('not,a,store\n'), 'STORE_CORRUPT', /line 1: the header is not/],
  ])('%s', (_what, run, code, message) => {
    expect(run).toThrow(ZcrmkitError);
    expect(run).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });

  it('saveToken of a token with no token at all', async () => {
    const saving = new ZohoTokenStore(store).saveToken(new StoredToken());
    await expect(saving).rejects.toThrow(ZcrmkitError);
    await expect(saving).rejects.toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('saveToken: the token has no refresh, grant or access token') }));
  });
});
