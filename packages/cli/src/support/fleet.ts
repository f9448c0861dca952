import type { ZohoConfig } from '@zcrmkit/config';
import type { CreditBudget, FleetError, FleetPlugin } from '@zcrmkit/fleet';
import type { CommandIo } from './io.js';

/** The fleet a command runs in, when ZCRMKIT_REDIS_URL is configured. */
export interface FleetHandle {
  /** For createZohoClient's `plugins`; the command closes the fleet (close()), not the client. */
  plugin: FleetPlugin;
  budget: CreditBudget | undefined;
  /** Set when this worker turned out to hold another key than the fleet (FLEET_KEY_MISMATCH). */
  readonly mismatch: FleetError | undefined;
  close(): Promise<void>;
}

export interface OpenFleetOptions {
  /** Told when this worker finds, mid-run, that its key differs from the fleet's: a bulk run drains. */
  onKeyMismatch?: (error: FleetError) => void;
}

/**
 * Connects the fleet the configuration asks for, or returns undefined (then nothing changes). A
 * worker whose ZCRMKIT_FLEET_KEY differs from the key most live workers hold is stopped here, before
 * anything is sent (the FleetError FLEET_KEY_MISMATCH is thrown: exit 2).
 */
export async function openFleet(config: ZohoConfig, io: CommandIo, options: OpenFleetOptions = {}): Promise<FleetHandle | undefined> {
  if (!config.fleet) return undefined;
  const { fleetFromConfig } = await import('@zcrmkit/fleet');
  let mismatch: FleetError | undefined;
  const fleet = fleetFromConfig(config, {
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => io.err(`⚠ fleet: ${m}`), error: () => undefined },
    onKeyMismatch: (error) => {
      mismatch = error;
      options.onKeyMismatch?.(error);
    },
  });
  if (!fleet) return undefined;
  try {
    await fleet.checkKey();
  } catch (err) {
    await fleet.close();
    throw err;
  }
  const budget = fleet.budget ? `, credit budget ${fleet.budget.limit}/24 h` : '';
  io.out(`▶ fleet: coordinating through Redis at ${config.fleet.redisHost} (org-wide concurrency ${fleet.slots.limit}${budget})`);
  return {
    plugin: fleet.plugin(),
    budget: fleet.budget,
    get mismatch() {
      return mismatch;
    },
    close: () => fleet.close(),
  };
}
