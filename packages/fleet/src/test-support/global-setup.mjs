// jest globalSetup: build dist/ (the SIGKILL test's child runs it), then look for Redis once per
// run, so that a clone without Redis prints one line instead of one per suite.
import buildDist from './build-dist.mjs';

export default async function globalSetup() {
  buildDist();
  const { probeRedis } = await import('../../dist/index.bundle.js');
  const url = process.env.ZCRMKIT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const up = await probeRedis(url, 1_500);
  // Inherited by the test workers; describeRedis reads it.
  process.env.ZCRMKIT_TEST_REDIS_UP = up ? '1' : '0';
  if (!up && process.env.ZCRMKIT_REQUIRE_REDIS !== '1') console.warn(`\n@zcrmkit/fleet: Redis suites skipped — no Redis answers at ${new URL(url).host} (start one, or set ZCRMKIT_TEST_REDIS_URL)`);
}
