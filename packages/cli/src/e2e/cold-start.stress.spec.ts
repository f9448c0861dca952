// Five trials of 12 cold starts, each on a fresh data directory: before the SDK got a resource
// folder per process, 11 of 60 processes failed (half-written field caches, token store races).
import { describe, expect, it } from '@jest/globals';
import { coldStartTrial } from './cold-starts.js';

describe('12 processes × 5 cold starts on one fresh data directory each', () => {
  it.each([1, 2, 3, 4, 5])('trial %i: none fails, one token request', async () => {
    const trial = await coldStartTrial(12);
    expect(trial.failed.map((r) => `exit ${r.code}: ${r.stderr.slice(-300)}${r.stdout.slice(-300)}`)).toEqual([]);
    expect(trial.tokenRequests).toBe(1);
  });
});
