import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { GrantRequest, GrantSource } from './grant-source.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { makeTempDir } from './test-support/temp-dir.js';
import type { TokenGrant } from './token-response.js';
import { ZohoTokenStore } from './zoho-token-store.js';

let dir: string;
let cleanup: () => Promise<void>;
let endpoint: FakeTokenEndpoint;
let refreshToken: string;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  endpoint = fakeTokenEndpoint(3600);
  refreshToken = zohoLikeToken();
});
afterEach(() => cleanup());

function storeWith(source: GrantSource): ZohoTokenStore {
  return new ZohoTokenStore({
    path: path.join(dir, 'tokens', 'store.txt'),
    clientId: '1000.CLIENTABCDEF',
    clientSecret: 'clientsecret0123456789abc',
    refreshToken,
    tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    fetch: endpoint.fetch,
    grantSource: source,
  });
}

const shared = (accessToken: string): TokenGrant => ({ accessToken, expiresAt: Date.now() + 3_600_000, expiresInSeconds: 3600, apiDomain: undefined, scopes: undefined });

describe('ZohoTokenStore with a grant source', () => {
  it('takes the token the source hands out without a request of its own, and keeps it in its file', async () => {
    const asked: Omit<GrantRequest, 'request'>[] = [];
    const store = storeWith({ obtain: async ({ seenAccessToken, forced }) => (asked.push({ seenAccessToken, forced }), shared('1000.sharedtoken1.abcdefgh')) });
    expect((await store.getAccessToken()).accessToken).toBe('1000.sharedtoken1.abcdefgh');
    expect((await store.getAccessToken()).accessToken).toBe('1000.sharedtoken1.abcdefgh');
    expect(asked).toEqual([{ seenAccessToken: undefined, forced: false }]);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('passes the refused token on a forced refresh, and the source may send the one request', async () => {
    const asked: Omit<GrantRequest, 'request'>[] = [];
    let first = true;
    const store = storeWith({
      obtain: async (req) => {
        asked.push({ seenAccessToken: req.seenAccessToken, forced: req.forced });
        if (first) return (first = false), shared('1000.sharedtoken1.abcdefgh');
        return req.request();
      },
    });
    await store.getAccessToken();
    const fresh = await store.forceRefresh('1000.sharedtoken1.abcdefgh');
    expect(asked[1]).toEqual({ seenAccessToken: '1000.sharedtoken1.abcdefgh', forced: true });
    expect(endpoint.requests).toHaveLength(1);
    expect(fresh.accessToken).not.toBe('1000.sharedtoken1.abcdefgh');
  });

  it("a source's error reaches the caller, and nothing is stored", async () => {
    const store = storeWith({ obtain: async () => Promise.reject(new Error('shared store unavailable')) });
    await expect(store.getAccessToken()).rejects.toThrow('shared store unavailable');
    expect(endpoint.requests).toHaveLength(0);
  });
});
