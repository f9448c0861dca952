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
  ENV_API_URL,
  ENV_CUSTOM_ACCOUNTS_URL,
  ENV_ALLOW_CUSTOM_HOSTS,
] as const;

export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

/** Variables whose values are secrets: never printed, logged or put in an error. */
export const SECRET_VARIABLES: readonly ConfigVariable[] = [ENV_CLIENT_SECRET, ENV_REFRESH_TOKEN];
