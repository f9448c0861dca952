import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { crashTestTimeout, runCrashRounds } from './crash-rounds.js';
import { makeTempDir } from './temp-dir.js';

/** The SIGKILL proof as a jest suite of `rounds` rounds; the `test` and `stress` runs differ only in size and seed. */
export function describeCrashProof(rounds: number, seed: number): void {
  describe('token store under SIGKILL', () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
    afterAll(() => cleanup());

    it(
      `stays parseable and keeps the refresh token when a writer is killed at random points (${rounds} rounds)`,
      async () => {
        const report = await runCrashRounds(dir, rounds, seed);
        expect(report.failures).toEqual([]);
        // The kills did land inside the locked write section in many rounds, not only between writes.
        expect(report.killedHoldingLock).toBeGreaterThan(rounds / 4);
        expect(report.survivorFound).toBe(true);
        expect(report.leftovers).toEqual([]);
      },
      crashTestTimeout(rounds),
    );
  });
}
