import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import { captureLogger } from './test-support/capture-logger.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore } from './zoho-token-store.js';

// The Zoho SDK's own FileStore and OAuthToken against this store's files, both ways.

const CLIENT_ID = '1000.SDKCLIENTXYZ';
const SECRET = 'sdksecret0123456789';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let refreshToken: string;
let endpoint: FakeTokenEndpoint;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'token_store.txt');
  refreshToken = zohoLikeToken();
  endpoint = fakeTokenEndpoint(3600);
});
afterEach(() => cleanup());

function ourStore(logger = captureLogger()): ZohoTokenStore {
  return new ZohoTokenStore({
    path: file,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    refreshToken,
    tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    fetch: endpoint.fetch,
    logger,
    createSdkToken: () => new sdk.OAuthToken(),
    createUserSignature: (name) => new sdk.UserSignature(name),
  });
}

describe('compatibility with the SDK FileStore', () => {
  it("reads a file the SDK's FileStore wrote, using its token without a refresh, and tightens its 0644", async () => {
    const umask = process.umask(0o022);
    const sdkStore = new sdk.FileStore(file);
    const access = zohoLikeToken();
    const expiresAt = Date.now() + 3_000_000;
    const token = new sdk.OAuthToken(CLIENT_ID, SECRET, null, refreshToken, null, null, access, new sdk.UserSignature('me@example.com'));
    token.setExpiresIn(String(expiresAt));
    token.setAPIDomain('https://www.zohoapis.eu');
    await sdkStore.saveToken(token);
    process.umask(umask);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readFile(file, 'utf8')).toContain(SECRET);

    const logger = captureLogger();
    expect(await ourStore(logger).getAccessToken()).toEqual({ accessToken: access, expiresAt, apiDomain: 'https://www.zohoapis.eu' });
    expect(endpoint.requests).toHaveLength(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(1);

    const [first] = await ourStore().getTokens();
    expect(first).toBeInstanceOf(sdk.OAuthToken);
    expect(first?.getUserSignature()).toBeInstanceOf(sdk.UserSignature);
    expect(first?.getUserSignature()?.getName()).toBe('me@example.com');
  });

  it("writes a file the SDK's FileStore reads: its findToken and findTokenById get our fresh token", async () => {
    const ours = await ourStore().getAccessToken();
    const sdkStore = new sdk.FileStore(file);
    const lookup = new sdk.OAuthToken(CLIENT_ID, SECRET, null, refreshToken);
    const found = await sdkStore.findToken(lookup);
    expect(found?.getAccessToken()).toBe(ours.accessToken);
    expect(found?.getExpiresIn()).toBe(String(ours.expiresAt));
    expect(found?.getAPIDomain()).toBe('https://www.zohoapis.com');
    // The SDK's own expiry check says "fresh": it would not refresh.
    expect(lookup.getTokenExpiry(lookup)).toBe(false);
    const byId = await sdkStore.findTokenById('1');
    expect(byId.getRefreshToken()).toBe(refreshToken);
    expect(await sdkStore.getTokens()).toHaveLength(1);
  });

  it('keeps the rows the SDK adds after ours, and the SDK keeps ours', async () => {
    await ourStore().getAccessToken();
    const otherRefresh = zohoLikeToken();
    const sdkStore = new sdk.FileStore(file);
    await sdkStore.saveToken(new sdk.OAuthToken('1000.OTHERCLIENT', 'othersecret0000', null, otherRefresh, null, null, zohoLikeToken()));
    const store = ourStore();
    await store.forceRefresh();
    const tokens = await store.getTokens();
    expect(tokens.map((t) => t.getRefreshToken())).toEqual([refreshToken, otherRefresh]);
    expect(tokens[0]?.getAccessToken()).toBe(endpoint.issued[1]);
    const sdkView = await new sdk.FileStore(file).getTokens();
    expect(sdkView.map((t) => [t.getId(), t.getAccessToken()])).toEqual([
      ['1', endpoint.issued[1]],
      ['2', tokens[1]?.getAccessToken()],
    ]);
  });

  it("gives the SDK's OAuthToken, as its getToken passes it, a token its 5 s check accepts", async () => {
    await ourStore().getAccessToken();
    await ourStore().forceRefresh();
    const token = new sdk.OAuthToken(CLIENT_ID, SECRET, null, refreshToken, null, null, null, new sdk.UserSignature('me@example.com'));
    // Our row has no user name; the SDK token carries one, but its refresh token makes it ours.
    const found = await ourStore().findToken(token);
    expect(found).toBe(token);
    expect(token.getAccessToken()).toBe(endpoint.issued[1]);
    expect(token.getTokenExpiry(token)).toBe(false);
  });
});
