import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, expect, it } from '@jest/globals';
import type { TokenGrant } from '@zcrmkit/auth';
import { createFleet, type Fleet } from './create-fleet.js';
import { FleetError } from './fleet-error.js';
import type { FleetOptions } from './options.js';
import { cleanPrefix, describeRedis, rawRedis, testPrefix, TEST_REDIS_URL } from './test-support/redis.js';

const prefix = testPrefix();
const key = randomBytes(32);
const refreshToken = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
const opened: Fleet[] = [];

function fleet(options: Partial<FleetOptions> = {}): Fleet {
  const f = createFleet({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix, clientId: '1000.CLIENTABCDEF', refreshToken, encryptionKey: key, creditBudget: false, ...options });
  opened.push(f);
  return f;
}

/** A token endpoint stand-in: counts requests; each answer takes a while, as Zoho's does. */
function endpoint(delayMs = 50) {
  let n = 0;
  const request = async (): Promise<TokenGrant> => {
    n++;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return { accessToken: `1000.${randomBytes(16).toString('hex')}.access${n}`, expiresAt: Date.now() + 3_600_000, expiresInSeconds: 3600, apiDomain: undefined, scopes: undefined };
  };
  return { request, count: () => n };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  await cleanPrefix(prefix);
});
afterAll(() => cleanPrefix(prefix));

describeRedis('shared token store (Redis)', () => {
  it('one token request for 24 callers on 4 connections; every caller gets the same token', async () => {
    const zoho = endpoint(100);
    const fleets = [fleet(), fleet(), fleet(), fleet()];
    const grants = await Promise.all(Array.from({ length: 24 }, (_, i) => fleets[i % 4]!.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request })));
    expect(zoho.count()).toBe(1);
    expect(new Set(grants.map((g) => g.accessToken)).size).toBe(1);
  });

  it('a forced refresh replaces only the refused token: one request, then the others take the new one', async () => {
    const zoho = endpoint();
    const [a, b] = [fleet(), fleet()];
    const first = await a.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const again = await Promise.all([a, b, a, b].map((f) => f.grantSource.obtain({ seenAccessToken: first.accessToken, forced: true, request: zoho.request })));
    expect(zoho.count()).toBe(2);
    expect(new Set(again.map((g) => g.accessToken))).toEqual(new Set([again[0]!.accessToken]));
    expect(again[0]!.accessToken).not.toBe(first.accessToken);
    // A caller still on an older token gets the current one without a request.
    expect((await b.grantSource.obtain({ seenAccessToken: 'some-old-token', forced: true, request: zoho.request })).accessToken).toBe(again[0]!.accessToken);
    expect(zoho.count()).toBe(2);
  });

  it('the ledger never allows more token requests than the window holds; past the deadline a clear error', async () => {
    const zoho = endpoint(1);
    const f = fleet({ tokenRequestsPerWindow: 3, waitMs: 300 });
    let seen: string | undefined;
    for (let i = 0; i < 3; i++) seen = (await f.grantSource.obtain({ seenAccessToken: seen, forced: true, request: zoho.request })).accessToken;
    const failure = await f.grantSource.obtain({ seenAccessToken: seen, forced: true, request: zoho.request }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FleetError);
    expect(failure).toMatchObject({ code: 'TOKEN_BUDGET_EXHAUSTED' });
    expect((failure as Error).message).toMatch(/3 token requests in the last 10 minutes .* next is possible in \d+ s/);
    expect(zoho.count()).toBe(3);
    expect(await f.tokenRequestsInWindow()).toBe(3);
  });

  it('a caller waits for the window when it opens before its deadline', async () => {
    const zoho = endpoint(1);
    const f = fleet({ tokenRequestsPerWindow: 1, tokenWindowMs: 400, waitMs: 20_000 });
    const first = await f.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const second = await f.grantSource.obtain({ seenAccessToken: first.accessToken, forced: true, request: zoho.request });
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(zoho.count()).toBe(2);
  });

  it('keeps the token encrypted at rest; a worker with another key refuses it instead of refreshing', async () => {
    const zoho = endpoint(1);
    const grant = await fleet().grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const raw = rawRedis();
    try {
      const keys = await raw.keys(`${prefix}:*`);
      const values = await Promise.all(keys.map(async (k) => ((await raw.type(k)) === 'string' ? raw.get(k) : '')));
      expect(keys.join(' ')).not.toContain(refreshToken);
      expect(values.join(' ')).not.toContain(grant.accessToken);
      expect(values.join(' ')).toMatch(/^v1:|\sv1:/);
    } finally {
      raw.disconnect();
    }
    const other = fleet({ encryptionKey: randomBytes(32) });
    await expect(other.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request })).rejects.toMatchObject({ code: 'TOKEN_UNREADABLE' });
    expect(zoho.count()).toBe(1);
  });

  it('refuses to start without a key unless plain text is allowed', () => {
    expect(() => createFleet({ redisUrl: TEST_REDIS_URL, clientId: '1000.CLIENTABCDEF', refreshToken })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  it('without Redis: fails closed within its deadline, and sends no token request', async () => {
    const zoho = endpoint(1);
    // A port nothing listens on: connection refused on every try.
    const f = fleet({ redisUrl: 'redis://127.0.0.1:1', waitMs: 500, commandTimeoutMs: 200 });
    const failure = await f.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'REDIS_UNAVAILABLE' });
    expect((failure as Error).message).toMatch(/Redis at 127\.0\.0\.1:1 did not answer/);
    expect(zoho.count()).toBe(0);
  });
});
