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

/**
 * Credits a bulk update will spend at most: the metadata check, then per 100 rows one update and,
 * with prefetch, one read (Zoho charges at least 1 credit per call).
 */
export function estimateBulkCredits(rows: number, strategy: 'prefetch' | 'optimistic'): number {
  const batches = Math.ceil(rows / 100);
  return 2 + batches * (strategy === 'prefetch' ? 2 : 1);
}
