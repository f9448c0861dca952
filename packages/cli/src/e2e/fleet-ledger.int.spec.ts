// The fleet's token ledger against Zoho's own rule (10 access tokens per refresh token per 10
// minutes, the emulator's token rules on): every access token expires over and over, and Redis is
// restarted with nothing on disk in the middle — what it forgot is taken as spent.
import { afterAll, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { TokenClient } from '@zcrmkit/auth';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { createFleet, type Fleet } from '@zcrmkit/fleet';
import { describeRedis, startPrivateRedis, type PrivateRedis } from './redis-support.js';

const WORKERS = 4;
const CYCLES = 13;

let redis: PrivateRedis | undefined;
afterAll(async () => {
  await redis?.dispose();
});

/** Workers of one refresh token on `redisUrl`, and the token request each would send. */
function fleetOf(emu: Awaited<ReturnType<typeof startEmulator>>, redisUrl: string, workers: number) {
  const refreshToken = emu.state.issueRefreshToken();
  const { clientId, clientSecret } = emu.state.defaultClient;
  const client = new TokenClient({ tokenUrl: emu.tokenUrl, clientId, clientSecret });
  const key = randomBytes(32);
  const fleets = Array.from({ length: workers }, () => createFleet({ redisUrl, clientId, refreshToken, encryptionKey: key, creditBudget: false, waitMs: 2_000 }));
  return { fleets, request: () => client.refresh(refreshToken) };
}

describeRedis('the fleet\'s token ledger and a Redis restart', () => {
  it(`${CYCLES} expiry cycles of ${WORKERS} workers around a restart that forgets everything: 0 Access Denied`, async () => {
    const emu = await startEmulator({});
    redis = await startPrivateRedis({ persistence: false });
    const { fleets, request } = fleetOf(emu, redis.url, WORKERS);
    try {
      let current: string | undefined;
      const refused: string[] = [];
      for (let cycle = 1; cycle <= CYCLES; cycle++) {
        if (cycle === 7) {
          // Redis goes away and comes back empty while the workers run on.
          await redis.stop();
          await redis.start();
        }
        emu.state.expireAccessTokens();
        const outcomes = await Promise.allSettled(fleets.map((f) => f.grantSource.obtain({ seenAccessToken: current, forced: true, request })));
        for (const o of outcomes) {
          if (o.status === 'fulfilled') current = o.value.accessToken;
          else refused.push(String((o.reason as { code?: unknown }).code));
        }
      }
      const counters = emu.state.counters();
      expect(counters.accessDenied).toBe(0);
      // Six before the restart, then one: the ledger it lost is taken as full.
      expect(counters.tokenRequests.refresh_token).toBe(7);
      // The cycles after that one wait for the window, and say so.
      expect(new Set(refused)).toEqual(new Set(['TOKEN_BUDGET_EXHAUSTED']));
    } finally {
      for (const f of fleets) await f.close();
      await emu.stop();
    }
  });

  it('after a restart the one request a worker unaware of it sent counts: an aware worker does not send a second', async () => {
    const emu = await startEmulator({});
    const own = await startPrivateRedis({ persistence: false });
    const { fleets, request } = fleetOf(emu, own.url, 2);
    const [aware, unaware] = fleets as [Fleet, Fleet];
    try {
      // The aware worker has sent a request, so it knows the Redis run it used.
      const first = await aware.grantSource.obtain({ seenAccessToken: undefined, forced: true, request });
      await own.stop();
      await own.start();
      emu.state.expireAccessTokens();
      // The other one never reserved: it cannot tell the ledger was lost, and sends the one request.
      const second = await unaware.grantSource.obtain({ seenAccessToken: first.accessToken, forced: true, request });
      emu.state.expireAccessTokens();
      await expect(aware.grantSource.obtain({ seenAccessToken: second.accessToken, forced: true, request })).rejects.toMatchObject({ code: 'TOKEN_BUDGET_EXHAUSTED' });
      expect(emu.state.counters().tokenRequests.refresh_token).toBe(2);
    } finally {
      for (const f of fleets) await f.close();
      await own.dispose();
      await emu.stop();
    }
  });
});
