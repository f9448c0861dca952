export { createFleet, fleet, fleetFromConfig, type Fleet, type FleetGate, type FleetPlugin } from './create-fleet.js';
export { FLEET_DEFAULTS, type FleetOptions } from './options.js';
export { FleetError, isFleetError, type FleetErrorCode } from './fleet-error.js';
export { EDITION_CONCURRENCY, EDITION_BASE_CREDITS } from './editions.js';
export type { CreditBudget, CreditUsage } from './credit-budget.js';
export type { OrgSemaphore } from './org-semaphore.js';
export { silentFleetLogger, stderrFleetLogger, type FleetLogger } from './logger.js';
export { probeRedis } from './probe-redis.js';
export type { SharedProfileStore } from './shared-profile-store.js';
