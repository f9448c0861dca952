import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { crashTestTimeout, runCrashRounds } from './test-support/crash-rounds.js';
import { makeTempDir } from './test-support/temp-dir.js';

// A short run of the SIGKILL proof for every `npm test`; the full 100 rounds run in
// store-crash.stress.spec.ts (the `stress` target, which `.ci/run` runs too).
const ROUNDS = 20;
const SEED = 0x5eed;

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
