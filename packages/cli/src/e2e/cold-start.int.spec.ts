// One trial of 12 cold starts on one fresh data directory (the stress target runs five).
import { describe, expect, it } from '@jest/globals';
import { coldStartTrial } from './cold-starts.js';

describe('12 processes start at once on one fresh data directory', () => {
  it('none fails, one token request, and the shared field cache is whole', async () => {
    const trial = await coldStartTrial(12);
    expect(trial.failed.map((r) => `exit ${r.code}: ${r.stderr.slice(-300)}${r.stdout.slice(-300)}`)).toEqual([]);
    expect(trial.tokenRequests).toBe(1);
    expect(trial.resources).toEqual(['processes', 'resources', expect.stringMatching(/^resources\/[A-Za-z0-9+/=_-]+\.json$/)]);
  });
});
