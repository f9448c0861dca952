export { startEmulator } from './start-emulator.js';
export type { RunningEmulator } from './start-emulator.js';
export type {
  EmulatorOptions,
  FaultRule,
  FaultKind,
  LatencySpec,
  ClientSpec,
  SeedRecordInput,
  TokenRateLimit,
} from './options.js';
export { EmulatorOptionsError, DEFAULT_SCOPES } from './options.js';
export { EmulatorError, type EmulatorErrorCode } from './core/emulator-error.js';
export { EDITION_CONCURRENCY, DEFAULT_EDITION, type ZohoEdition } from './control/editions.js';
export type { EmulatorAdmin, EmulatorRuntimeConfig, GrantCodeRequest, TokenRequest } from './admin/emulator-admin.js';
export type { EmulatorCounters } from './observe/counters.js';
export type { RequestLogEntry } from './observe/request-log.js';
export type { ZohoRecord } from './crm/record-store.js';
export type { AutomationRun } from './crm/automation-log.js';
export type { JsonValue, JsonObject } from './core/json.js';
