import { describe, expect, it } from '@jest/globals';
import { EDITION_CONCURRENCY, startEmulator } from '../index.js';
import { call } from '../test-support/http.js';

// Each request is held this long, so that every request of a burst is in progress at once even on
// a loaded machine (a burst of local requests arrives within a few ms when the machine is quiet).
const HOLD_MS = 3_000;

async function burst(n: number, edition?: Parameters<typeof startEmulator>[0]): Promise<{ statuses: number[]; peak: number; cap: number | null }> {
  const emu = await startEmulator({ leadCount: 1, latencyMs: HOLD_MS, ...edition });
  try {
    const token = emu.state.issueAccessToken();
    const url = `${emu.url}/crm/v8/Leads/${emu.state.listRecords('Leads')[0]?.id ?? ''}`;
    const results = await Promise.all(Array.from({ length: n }, () => call(url, { token })));
    return { statuses: results.map((r) => r.status).sort(), peak: emu.state.counters().peakConcurrentCalls, cap: emu.state.config().concurrencyCap };
  } finally {
    await emu.stop();
  }
}

describe('edition: the org concurrency cap, on by default', () => {
  it("uses Zoho's documented limits per edition", () => {
    expect(EDITION_CONCURRENCY).toEqual({ free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 });
  });

  it('free edition: a 7-call burst gets 5 answers and 2 × 429; the peak counter shows it went over', async () => {
    const r = await burst(7, { edition: 'free' });
    expect(r.cap).toBe(5);
    expect(r.statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Refusals answer at once, so whether both overlap is up to timing: over the cap either way.
    expect(r.peak).toBeGreaterThan(5);
    expect(r.peak).toBeLessThanOrEqual(7);
  });

  it('default (enterprise): 20 concurrent calls pass, the 21st is refused', async () => {
    const r = await burst(21);
    expect(r.cap).toBe(20);
    expect(r.statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(r.statuses.filter((s) => s === 429)).toHaveLength(1);
  });

  it('concurrencyCap: null switches the cap off (this test needs unlimited concurrency)', async () => {
    const r = await burst(30, { concurrencyCap: null });
    expect(r.cap).toBeNull();
    expect(r.statuses.every((s) => s === 200)).toBe(true);
    expect(r.peak).toBe(30);
  });
});
