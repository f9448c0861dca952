export { loadConfig, DEFAULT_DATA_DIR, DEFAULT_ENV_FILE, DEFAULT_LOG_FILE, DEFAULT_LOG_LEVEL } from './load-config.js';
export { ZcrmkitError, ZCRMKIT_ERROR, isZcrmkitError } from './zcrmkit-error.js';
export { ConfigError, type ConfigErrorCode, type ConfigProblem } from './config-error.js';
export {
  DATA_CENTERS,
  ZOHO_ENVIRONMENTS,
  endpointsFor,
  findDataCenterByHost,
  type DataCenter,
  type DataCenterId,
  type Endpoints,
  type ZohoEnvironment,
} from './data-centers.js';
export { checkAccountsUrl, checkCustomEndpoint, isZohoHost, type CustomEndpointRules } from './url-checks.js';
export { isPlaceholder, isEmailShaped, CLIENT_ID_PATTERN, CLIENT_SECRET_PATTERN, TOKEN_PATTERN, MAX_VALUE_LENGTH } from './value-checks.js';
export { describeSecret, looksLikeSecret, quoteValue, showValue, MAX_ECHOED_LENGTH } from './show-value.js';
export { customEndpointNotice } from './endpoint-notice.js';
export * from './env-vars.js';
export { LOG_LEVELS, type LoadConfigOptions, type LogLevel, type ValueSource, type ZohoConfig } from './types.js';
export { ZOHO_EDITIONS, DEFAULT_REDIS_PREFIX, type FleetSettings, type ZohoEdition } from './fleet-settings.js';
