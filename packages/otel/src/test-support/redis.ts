import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis (never stopped by a test); ZCRMKIT_TEST_REDIS_URL points elsewhere. */
export const TEST_REDIS_URL = process.env['ZCRMKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** False: the test that needs it skips with one visible line (or fails, under ZCRMKIT_REQUIRE_REDIS=1). */
  available: boolean;
  url: string;
  /** A key prefix of this run's own. */
  prefix(): string;
  /** Deletes every key under the prefixes handed out. */
  cleanup(): Promise<void>;
}

/** `reachable`: what the fleet's probeRedis said of TEST_REDIS_URL. */
export function redisForTests(reachable: boolean): TestRedis {
  const prefixes: string[] = [];
  if (!reachable) {
    const message = `no Redis answers at ${new URL(TEST_REDIS_URL).host} (start one, or set ZCRMKIT_TEST_REDIS_URL)`;
    if (process.env['ZCRMKIT_REQUIRE_REDIS'] === '1') throw new Error(`${message}; ZCRMKIT_REQUIRE_REDIS=1 requires it`);
    console.warn(`skipping the fleet-wait test: ${message}`);
  }
  return {
    available: reachable,
    url: TEST_REDIS_URL,
    prefix() {
      const prefix = `zcrmkit-test-otel:${process.pid}:${randomBytes(4).toString('hex')}`;
      prefixes.push(prefix);
      return prefix;
    },
    async cleanup() {
      const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
      try {
        for (const prefix of prefixes.splice(0)) {
          let cursor = '0';
          do {
            const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
            cursor = next;
            if (keys.length > 0) await client.del(...keys);
          } while (cursor !== '0');
        }
      } finally {
        client.disconnect();
      }
    },
  };
}
