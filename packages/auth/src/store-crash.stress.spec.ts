import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { crashTestTimeout, runCrashRounds } from './test-support/crash-rounds.js';
import { makeTempDir } from './test-support/temp-dir.js';

// The full SIGKILL proof: 100 writers killed at random points. Run by the `stress` target
// (`npx nx run @zcrmkit/auth:stress`, and `.ci/run`); `npm test` runs a shorter one (store-crash.spec.ts).
const ROUNDS = 100;
const SEED = 0x5eed100;

describe('token store under SIGKILL', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it(
    `stays parseable and keeps the refresh token when a writer is killed at random points (${ROUNDS} rounds)`,
    async () => {
      const report = await runCrashRounds(dir, ROUNDS, SEED);
      expect(report.failures).toEqual([]);
      // The kills did land inside the locked write section in many rounds, not only between writes.
      expect(report.killedHoldingLock).toBeGreaterThan(ROUNDS / 4);
      expect(report.survivorFound).toBe(true);
      expect(report.leftovers).toEqual([]);
    },
    crashTestTimeout(ROUNDS),
  );
});
