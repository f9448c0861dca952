import { randomBytes } from 'node:crypto';
import { describe, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { probeRedis } from '../probe-redis.js';
import { purgeFleetKeys } from '../purge-keys.js';

/** The machine's Redis (never stopped by a test); ZCRMKIT_TEST_REDIS_URL points elsewhere. */
export const TEST_REDIS_URL = process.env['ZCRMKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// The globalSetup probed once; a run without it (an IDE running one file) probes here.
const reachable = process.env['ZCRMKIT_TEST_REDIS_UP'] ? process.env['ZCRMKIT_TEST_REDIS_UP'] === '1' : await probeRedis(TEST_REDIS_URL, 1_500);

/**
 * describe() for suites that need Redis: without one they skip with one visible line, unless
 * ZCRMKIT_REQUIRE_REDIS=1 (.ci/run), where the missing server fails the run instead.
 */
export function describeRedis(name: string, body: () => void): void {
  if (reachable) return describe(name, body);
  const message = `no Redis answers at ${new URL(TEST_REDIS_URL).host} (start one, or set ZCRMKIT_TEST_REDIS_URL)`;
  if (process.env['ZCRMKIT_REQUIRE_REDIS'] === '1') {
    describe(name, () => {
      it('needs Redis (ZCRMKIT_REQUIRE_REDIS=1)', () => {
        throw new Error(message);
      });
    });
    return;
  }
  // The globalSetup printed the one line saying so.
  describe.skip(name, body);
}

/** A key prefix of its own for one test run. */
export function testPrefix(): string {
  return `zcrmkit-test:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under the prefix. */
export async function cleanPrefix(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  await purgeFleetKeys(url, prefix);
}

/** A raw client for assertions on what the fleet stored. */
export function rawRedis(url = TEST_REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1 });
}
