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

  it('keeps the token encrypted at rest, tagged with the id of the key that wrote it (never the key)', async () => {
    const zoho = endpoint(1);
    const f = fleet();
    const grant = await f.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const raw = rawRedis();
    try {
      const keys = await raw.keys(`${prefix}:*`);
      const values = await Promise.all(keys.map(async (k) => ((await raw.type(k)) === 'string' ? raw.get(k) : '')));
      expect(keys.join(' ')).not.toContain(refreshToken);
      expect(values.join(' ')).not.toContain(grant.accessToken);
      expect(keys.filter((k) => k.endsWith(`:token:${f.keyId}`))).toHaveLength(1);
      expect(values.filter((v) => v?.startsWith(`v2:${f.keyId}:`))).toHaveLength(1);
      expect(keys.join(' ') + values.join(' ')).not.toContain(key.toString('hex').slice(0, 16));
    } finally {
      raw.disconnect();
    }
  });

  it('a worker with another key neither reads nor overwrites the fleet\'s token: a tie stops no one', async () => {
    const zoho = endpoint(1);
    const ours = fleet();
    const first = await ours.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const other = fleet({ encryptionKey: randomBytes(32) });
    const theirs = await other.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    expect(theirs.accessToken).not.toBe(first.accessToken);
    expect(zoho.count()).toBe(2);
    // The fleet still finds its own token, untouched, without a request.
    expect((await fleet().grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request })).accessToken).toBe(first.accessToken);
    expect(zoho.count()).toBe(2);
    // Both token requests count in the one ledger of the refresh token.
    expect(await ours.tokenRequestsInWindow()).toBe(2);
  });

  it('the odd worker out stops with FLEET_KEY_MISMATCH, naming the variable; the fleet goes on', async () => {
    const zoho = endpoint(1);
    const crew = [fleet(), fleet(), fleet()];
    for (const f of crew) await f.checkKey();
    const mismatches: FleetError[] = [];
    const odd = fleet({ encryptionKey: randomBytes(32), onKeyMismatch: (e) => mismatches.push(e) });
    const refusal = await odd.checkKey().catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(FleetError);
    expect(refusal).toMatchObject({ code: 'FLEET_KEY_MISMATCH', message: expect.stringMatching(/ZCRMKIT_FLEET_KEY of this worker \(key id [0-9a-f]{16}\) differs from the key of 3 other live workers/) });
    expect((refusal as FleetError).hint).toMatch(/comma-separated/);
    await expect(odd.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request })).rejects.toMatchObject({ code: 'FLEET_KEY_MISMATCH' });
    await expect(odd.callGates[0]!.acquire({ operation: 'getRecords' }, new AbortController().signal)).rejects.toMatchObject({ code: 'FLEET_KEY_MISMATCH' });
    expect(mismatches).toHaveLength(1);
    expect(zoho.count()).toBe(0);
    await crew[0]!.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    expect(zoho.count()).toBe(1);
  });

  it('a key rotation: workers on "new,old" and workers on "old" are one fleet; no one stops, no extra token', async () => {
    const zoho = endpoint(1);
    const next = randomBytes(32);
    const old = [fleet(), fleet()];
    const first = await old[0]!.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    const rotated = [fleet({ encryptionKey: [next, key] }), fleet({ encryptionKey: [next, key] }), fleet({ encryptionKey: [next, key] })];
    for (const f of [...rotated, ...old]) await f.checkKey();
    // The rotated workers read the token the old key wrote; one forced refresh writes with the new key.
    expect((await rotated[0]!.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request })).accessToken).toBe(first.accessToken);
    const renewed = await rotated[1]!.grantSource.obtain({ seenAccessToken: first.accessToken, forced: true, request: zoho.request });
    expect(zoho.count()).toBe(2);
    expect((await rotated[2]!.grantSource.obtain({ seenAccessToken: first.accessToken, forced: true, request: zoho.request })).accessToken).toBe(renewed.accessToken);
    expect(zoho.count()).toBe(2);
  });

  it('a stale token from an earlier fleet with another key does not lock out the current one', async () => {
    const zoho = endpoint(1);
    const earlier = fleet({ encryptionKey: randomBytes(32) });
    const stale = await earlier.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    await earlier.close();
    const current = [fleet(), fleet()];
    for (const f of current) await f.checkKey();
    const grant = await current[0]!.grantSource.obtain({ seenAccessToken: undefined, forced: false, request: zoho.request });
    expect(grant.accessToken).not.toBe(stale.accessToken);
    expect(zoho.count()).toBe(2);
  });

  it('the refresh lease is released only by its owner: a slow leader does not free the next leader\'s lease', async () => {
    // The first token request outlives its lease (1 s): a second worker takes the lease over and
    // asks too (slower still). When the first finishes, its release must leave the second's lease.
    let n = 0;
    const request = async (): Promise<TokenGrant> => {
      const mine = ++n;
      await new Promise((resolve) => setTimeout(resolve, mine === 1 ? 1_500 : 4_000));
      return { accessToken: `1000.${randomBytes(16).toString('hex')}.lease${mine}`, expiresAt: Date.now() + 3_600_000, expiresInSeconds: 3600, apiDomain: undefined, scopes: undefined };
    };
    const [a, b] = [fleet({ refreshLeaseMs: 1_000 }), fleet({ refreshLeaseMs: 1_000 })];
    const first = a.grantSource.obtain({ seenAccessToken: undefined, forced: false, request });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = b.grantSource.obtain({ seenAccessToken: undefined, forced: false, request });
    await first;
    const raw = rawRedis();
    try {
      const [leaseKey] = await raw.keys(`${prefix}:grant:*:lease`);
      expect(n).toBe(2);
      expect(leaseKey).toBeDefined();
      expect(await raw.get(leaseKey!)).not.toBeNull();
    } finally {
      raw.disconnect();
    }
    await second;
  });

  it('refuses to start without a key unless plain text is allowed', () => {
    // Through fleet(): should it not refuse, the fleet it made is closed after the test all the same.
    expect(() => fleet({ encryptionKey: undefined })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
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
