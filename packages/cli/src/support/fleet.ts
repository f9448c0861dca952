import type { ZohoConfig } from '@zcrmkit/config';
import type { CreditBudget, Fleet } from '@zcrmkit/fleet';
import type { CommandIo } from './io.js';

/** The fleet a command runs in, when ZCRMKIT_REDIS_URL is configured. */
export interface FleetHandle {
  /** Spread into createZohoClient's options. */
  clientOptions: ReturnType<Fleet['clientOptions']>;
  budget: CreditBudget | undefined;
  close(): Promise<void>;
}

/** Connects the fleet the configuration asks for, or returns undefined (then nothing changes). */
export async function openFleet(config: ZohoConfig, io: CommandIo): Promise<FleetHandle | undefined> {
  if (!config.fleet) return undefined;
  const { fleetFromConfig } = await import('@zcrmkit/fleet');
  const fleet = fleetFromConfig(config, {
    logger: { debug: () => undefined, info: () => undefined, warn: (m) => io.err(`⚠ fleet: ${m}`), error: (m) => io.err(`✖ fleet: ${m}`) },
  });
  if (!fleet) return undefined;
  const budget = fleet.budget ? `, credit budget ${fleet.budget.limit}/24 h` : '';
  io.out(`▶ fleet: coordinating through Redis at ${config.fleet.redisHost} (org-wide concurrency ${fleet.slots.limit}${budget})`);
  return { clientOptions: fleet.clientOptions(), budget: fleet.budget, close: () => fleet.close() };
}
