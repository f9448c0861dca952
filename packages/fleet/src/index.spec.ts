import { describe, expect, it } from '@jest/globals';
import * as fleet from './index.js';

describe('@zcrmkit/fleet public API', () => {
  it('exports exactly the documented values', () => {
    expect(Object.keys(fleet).sort()).toEqual(
      ['EDITION_BASE_CREDITS', 'EDITION_CONCURRENCY', 'FLEET_DEFAULTS', 'FleetError', 'createFleet', 'fleet', 'fleetFromConfig', 'isFleetError', 'probeRedis', 'purgeFleetKeys', 'silentFleetLogger', 'stderrFleetLogger'].sort(),
    );
    expect(fleet.EDITION_CONCURRENCY).toEqual({ free: 5, standard: 10, professional: 15, enterprise: 20, ultimate: 25 });
    expect([fleet.FLEET_DEFAULTS.slotLeaseMs, fleet.FLEET_DEFAULTS.slotRenewEveryMs, fleet.FLEET_DEFAULTS.waitMs, fleet.FLEET_DEFAULTS.tokenRequestsPerWindow]).toEqual([10_000, 3_000, 30_000, 10]);
  });

  it('checks options up front and names the one at fault, before connecting', async () => {
    const base = { redisUrl: 'redis://127.0.0.1:6379', clientId: '1000.CLIENTABCDEF', refreshToken: '1000.abc.def', allowPlaintext: true };
    /** The message a refused option gives; a fleet made by mistake is closed, so no connection outlives a failed test. */
    const refusal = async (options: Parameters<typeof fleet.createFleet>[0]): Promise<string> => {
      let made: fleet.Fleet | undefined;
      try {
        made = fleet.createFleet(options);
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
      await made.close();
      return 'no refusal';
    };
    expect(await refusal({ ...base, redisUrl: '' })).toMatch(/redisUrl option is required/);
    expect(await refusal({ ...base, tokenRequestsPerWindow: 11 })).toMatch(/at most 10/);
    expect(await refusal({ ...base, slotLeaseMs: 2_000, slotRenewEveryMs: 1_500 })).toMatch(/less than half of slotLeaseMs/);
    expect(await refusal({ ...base, concurrency: 0 })).toMatch(/concurrency option must be an integer >= 1/);
  });
});
