/** Names of the environment variables (and `.env` keys) that configure zcrmkit. */
export const ENV_CLIENT_ID = 'CLIENT_ID';
export const ENV_CLIENT_SECRET = 'CLIENT_SECRET';
export const ENV_REFRESH_TOKEN = 'REFRESH_TOKEN';
export const ENV_USER_EMAIL = 'USER_EMAIL';
export const ENV_ACCOUNTS_URL = 'ACCOUNTS_URL';
export const ENV_ENVIRONMENT = 'ZOHO_ENVIRONMENT';
export const ENV_DATA_DIR = 'ZOHO_DATA_DIR';
export const ENV_LOG_FILE = 'ZOHO_LOG_FILE';
export const ENV_LOG_LEVEL = 'ZOHO_LOG_LEVEL';
/** Custom endpoints (the emulator, a corporate proxy): both or neither. */
export const ENV_API_URL = 'ZOHO_API_URL';
export const ENV_CUSTOM_ACCOUNTS_URL = 'ZOHO_ACCOUNTS_URL';
/**
 * Opt-in (`true`) for custom endpoints on an https host outside Zoho's domains (a corporate
 * proxy): without it such a host is refused, since it would receive the client secret.
 */
export const ENV_ALLOW_CUSTOM_HOSTS = 'ZOHO_ALLOW_CUSTOM_HOSTS';

/**
 * How long every process sharing a refresh token waits after Zoho answered a token request with
 * Access Denied, in ms (Zoho blocks the rest of its 10-minute window; default 600 000).
 */
export const ENV_ACCESS_DENIED_WAIT_MS = 'ZOHO_ACCESS_DENIED_WAIT_MS';

/** Many workers, one org (@zcrmkit/fleet): set ZCRMKIT_REDIS_URL to coordinate through Redis. */
export const ENV_REDIS_URL = 'ZCRMKIT_REDIS_URL';
export const ENV_REDIS_PREFIX = 'ZCRMKIT_REDIS_PREFIX';
/** 32 bytes (base64 or 64 hex digits) that encrypt the shared tokens in Redis (AES-256-GCM). */
export const ENV_FLEET_KEY = 'ZCRMKIT_FLEET_KEY';
/** `true` stores the shared tokens in Redis unencrypted; refused otherwise when no key is set. */
export const ENV_FLEET_PLAINTEXT = 'ZCRMKIT_FLEET_ALLOW_PLAINTEXT';
/** free, standard, professional, enterprise or ultimate: sizes the org-wide concurrency cap and credit budget. */
export const ENV_EDITION = 'ZOHO_EDITION';
/** Concurrent calls the whole org may make (overrides the edition's). */
export const ENV_ORG_CONCURRENCY = 'ZOHO_ORG_CONCURRENCY';
/** API credits the fleet may spend per rolling 24 h (overrides the edition's). */
export const ENV_CREDIT_BUDGET = 'ZOHO_CREDIT_BUDGET';
/** The longest a call waits for the fleet (a slot, the shared token, Redis) before failing closed, in ms. */
export const ENV_FLEET_WAIT_MS = 'ZCRMKIT_FLEET_WAIT_MS';
/** How long a dead worker's org-wide slots stay taken, in ms (renewed every third of it by live ones). */
export const ENV_FLEET_SLOT_LEASE_MS = 'ZCRMKIT_FLEET_SLOT_LEASE_MS';

export const CONFIG_VARIABLES = [
  ENV_CLIENT_ID,
  ENV_CLIENT_SECRET,
  ENV_REFRESH_TOKEN,
  ENV_USER_EMAIL,
  ENV_ACCOUNTS_URL,
  ENV_ENVIRONMENT,
  ENV_DATA_DIR,
  ENV_LOG_FILE,
  ENV_LOG_LEVEL,
  ENV_ACCESS_DENIED_WAIT_MS,
  ENV_API_URL,
  ENV_CUSTOM_ACCOUNTS_URL,
  ENV_REDIS_URL,
  ENV_REDIS_PREFIX,
  ENV_FLEET_KEY,
  ENV_FLEET_PLAINTEXT,
  ENV_EDITION,
  ENV_ORG_CONCURRENCY,
  ENV_CREDIT_BUDGET,
  ENV_FLEET_WAIT_MS,
  ENV_FLEET_SLOT_LEASE_MS,
  ENV_ALLOW_CUSTOM_HOSTS,
] as const;

export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Variables whose values are secrets: never printed, logged or put in an error. */
export const SECRET_VARIABLES: readonly ConfigVariable[] = [ENV_CLIENT_SECRET, ENV_REFRESH_TOKEN, ENV_FLEET_KEY, ENV_REDIS_URL];
