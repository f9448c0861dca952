import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { endpointsFor, ZOHO_ENVIRONMENTS, type DataCenterId, type Endpoints, type ZohoEnvironment } from './data-centers.js';
import {
  CONFIG_VARIABLES,
  ENV_ACCOUNTS_URL,
  ENV_ALLOW_CUSTOM_HOSTS,
  ENV_API_URL,
  ENV_CLIENT_ID,
  ENV_CLIENT_SECRET,
  ENV_CUSTOM_ACCOUNTS_URL,
  ENV_DATA_DIR,
  ENV_ENVIRONMENT,
  ENV_LOG_FILE,
  ENV_LOG_LEVEL,
  ENV_ACCESS_DENIED_WAIT_MS,
  ENV_REFRESH_TOKEN,
  ENV_USER_EMAIL,
  SECRET_VARIABLES,
  type ConfigVariable,
} from './env-vars.js';
import { resolveFleetSettings } from './fleet-settings.js';
import { readEnvFile } from './read-env-file.js';
import { LOG_LEVELS, type LoadConfigOptions, type LogLevel, type ValueSource, type ZohoConfig } from './types.js';
import { checkAccountsUrl, checkCustomEndpoint } from './url-checks.js';
import { describeSecret, showValue } from './show-value.js';
import { CLIENT_ID_PATTERN, CLIENT_SECRET_PATTERN, MAX_VALUE_LENGTH, TOKEN_PATTERN, isEmailShaped, isPlaceholder } from './value-checks.js';

export const DEFAULT_ENV_FILE = '.env';
export const DEFAULT_DATA_DIR = 'data';
export const DEFAULT_LOG_FILE = 'logs/sdk.log';
export const DEFAULT_LOG_LEVEL: LogLevel = 'info';

interface Raw {
  value: string | undefined;
  source: ValueSource | undefined;
  emptyIn: ValueSource | undefined;
  /** Refused before any check (too long); already reported, so not "missing" either. */
  refused?: boolean;
}

/**
 * Loads and validates the configuration: explicit `values`, then the environment, then the `.env`
 * file (which never overrides a variable already set). Reports every problem at once in one
 * ConfigError and never includes a secret's value. Imports nothing of the Zoho SDK.
 */
export function loadConfig(options: LoadConfigOptions = {}): ZohoConfig {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const problems: ConfigProblem[] = [];

  let fileValues: Record<string, string> = {};
  let envFile: string | undefined;
  if (options.envFile !== false) {
    const explicit = options.envFile !== undefined;
    const file = path.resolve(cwd, options.envFile ?? DEFAULT_ENV_FILE);
    const result = readEnvFile(file);
    if (result.kind === 'read') {
      fileValues = result.values;
      envFile = file;
    } else if (result.kind === 'error') {
      problems.push({ variable: 'envFile', message: `${file} ${result.message}` });
    } else if (explicit) {
      problems.push({ variable: 'envFile', message: `${file} does not exist; create it from .env.template` });
    }
  }

  const raw = new Map<ConfigVariable, Raw>();
  for (const name of CONFIG_VARIABLES) {
    const candidates: [ValueSource, string | undefined][] = [
      ['option', options.values?.[name]],
      ['env', env[name]],
      ['file', fileValues[name]],
    ];
    const hit = candidates.find(([, v]) => v !== undefined && v.trim() !== '');
    const empty = candidates.find(([, v]) => v !== undefined && v.trim() === '');
    const value = hit?.[1]?.trim();
    if (value !== undefined && value.length > MAX_VALUE_LENGTH) {
      // Nothing else looks at it: no pattern, and no part of it in the message.
      problems.push({ variable: name, message: `is too long (${value.length} characters; at most ${MAX_VALUE_LENGTH}); check that the right value is assigned` });
      raw.set(name, { value: undefined, source: hit?.[0], emptyIn: undefined, refused: true });
      continue;
    }
    raw.set(name, { value, source: hit?.[0], emptyIn: empty?.[0] });
  }
  const get = (name: ConfigVariable) => raw.get(name)?.value;
  const sources: Partial<Record<ConfigVariable, ValueSource>> = {};
  for (const [name, r] of raw) if (r.source) sources[name] = r.source;

  const missing = (name: ConfigVariable, expected: string) => {
    const r = raw.get(name);
    if (r?.refused) return;
    const where = r?.emptyIn === 'file' ? ` (empty in ${envFile ?? 'the .env file'})` : r?.emptyIn ? ` (empty in the ${r.emptyIn === 'env' ? 'environment' : 'options'})` : '';
    problems.push({ variable: name, message: `is missing${where}; expected ${expected}` });
  };
  const secret = SECRET_VARIABLES;
  const checkShape = (name: ConfigVariable, pattern: RegExp | ((value: string) => boolean), expected: string, required: boolean): string | undefined => {
    const value = get(name);
    if (value === undefined) {
      if (required) missing(name, expected);
      return undefined;
    }
    if (isPlaceholder(value)) {
      problems.push({ variable: name, message: `still holds the template placeholder; replace it with ${expected}` });
      return undefined;
    }
    if (!(typeof pattern === 'function' ? pattern(value) : pattern.test(value))) {
      // CLIENT_ID is not a secret, but a malformed one is often the secret pasted in its place.
      const shown = secret.includes(name) || name === ENV_CLIENT_ID ? describeSecret(value) : showValue(value);
      problems.push({ variable: name, message: `is malformed (${shown}); expected ${expected}` });
      return undefined;
    }
    return value;
  };

  const clientId = checkShape(ENV_CLIENT_ID, CLIENT_ID_PATTERN, 'the Client ID from the Zoho API console, like 1000.XXXXXXXXXXXXXXXXXXXX', true);
  const clientSecret = checkShape(ENV_CLIENT_SECRET, CLIENT_SECRET_PATTERN, 'the Client Secret from the Zoho API console (letters and digits)', true);
  // Without requireRefreshToken (the grant exchange, which replaces it) the current value, often
  // the template's placeholder, is not looked at.
  const refreshToken =
    options.requireRefreshToken === false
      ? undefined
      : checkShape(ENV_REFRESH_TOKEN, TOKEN_PATTERN, 'a refresh token like 1000.xxxx.yyyy (get one with the exchange-grant command)', true);
  const userEmail = checkShape(ENV_USER_EMAIL, isEmailShaped, 'the email address of the Zoho CRM user, or nothing', false);

  let environment: ZohoEnvironment = 'production';
  const envName = get(ENV_ENVIRONMENT)?.toLowerCase();
  if (envName !== undefined) {
    if ((ZOHO_ENVIRONMENTS as readonly string[]).includes(envName)) environment = envName as ZohoEnvironment;
    else problems.push({ variable: ENV_ENVIRONMENT, message: `is ${showValue(get(ENV_ENVIRONMENT) ?? '')}; expected one of ${ZOHO_ENVIRONMENTS.join(', ')}` });
  }

  let logLevel: LogLevel = DEFAULT_LOG_LEVEL;
  const level = get(ENV_LOG_LEVEL)?.toLowerCase();
  if (level !== undefined) {
    if ((LOG_LEVELS as readonly string[]).includes(level)) logLevel = level as LogLevel;
    else problems.push({ variable: ENV_LOG_LEVEL, message: `is ${showValue(get(ENV_LOG_LEVEL) ?? '')}; expected one of ${LOG_LEVELS.join(', ')}` });
  }

  let accessDeniedWaitMs: number | undefined;
  const waitText = get(ENV_ACCESS_DENIED_WAIT_MS);
  if (waitText !== undefined) {
    if (/^\d+$/.test(waitText) && Number(waitText) >= 1_000) accessDeniedWaitMs = Number(waitText);
    else problems.push({ variable: ENV_ACCESS_DENIED_WAIT_MS, message: `is ${showValue(waitText)}; expected a whole number of milliseconds, at least 1000` });
  }

  let allowCustomHosts = false;
  const allow = get(ENV_ALLOW_CUSTOM_HOSTS)?.toLowerCase();
  if (allow !== undefined) {
    if (['true', '1', 'yes'].includes(allow)) allowCustomHosts = true;
    else if (!['false', '0', 'no'].includes(allow)) {
      problems.push({ variable: ENV_ALLOW_CUSTOM_HOSTS, message: `is ${showValue(get(ENV_ALLOW_CUSTOM_HOSTS) ?? '')}; expected true or false` });
    }
  }

  const endpoints = resolveEndpoints(get, environment, problems, missing, allowCustomHosts);
  const fleet = resolveFleetSettings(get, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  const dataDir = path.resolve(cwd, get(ENV_DATA_DIR) ?? DEFAULT_DATA_DIR);
  const config = {
    clientId: clientId as string,
    userEmail,
    dataCenter: endpoints!.dataCenter,
    environment,
    apiUrl: endpoints!.apiUrl,
    accountsUrl: endpoints!.accountsUrl,
    tokenUrl: endpoints!.tokenUrl,
    revokeUrl: endpoints!.revokeUrl,
    fileUploadUrl: endpoints!.fileUploadUrl,
    dataDir,
    tokenStorePath: path.join(dataDir, 'tokens', 'token_store.txt'),
    resourcePath: path.join(dataDir, 'api_resources'),
    logFile: path.resolve(cwd, get(ENV_LOG_FILE) ?? DEFAULT_LOG_FILE),
    logLevel,
    accessDeniedWaitMs,
    envFile,
    fleet,
    sources: Object.freeze(sources),
  };
  // Secrets are not enumerable so that logging or serialising the config cannot leak them.
  Object.defineProperty(config, 'clientSecret', { value: clientSecret, enumerable: false });
  Object.defineProperty(config, 'refreshToken', { value: refreshToken, enumerable: false });
  Object.defineProperty(config, inspect.custom, {
    enumerable: false,
    value: () => ({ ...config, clientSecret: describeSecret(clientSecret), refreshToken: describeSecret(refreshToken) }),
  });
  return Object.freeze(config) as ZohoConfig;
}

type ResolvedEndpoints = Endpoints & { dataCenter: DataCenterId | 'custom' };

function resolveEndpoints(
  get: (name: ConfigVariable) => string | undefined,
  environment: ZohoEnvironment,
  problems: ConfigProblem[],
  missing: (name: ConfigVariable, expected: string) => void,
  allowCustomHosts: boolean,
): ResolvedEndpoints | undefined {
  const customApi = get(ENV_API_URL);
  const customAccounts = get(ENV_CUSTOM_ACCOUNTS_URL);
  if (customApi !== undefined || customAccounts !== undefined) {
    const api = customApi === undefined ? undefined : checkCustomEndpoint(customApi, { allowCustomHosts });
    const accounts = customAccounts === undefined ? undefined : checkCustomEndpoint(customAccounts, { allowCustomHosts });
    if (!api) missing(ENV_API_URL, `the CRM API base URL, set together with ${ENV_CUSTOM_ACCOUNTS_URL}`);
    else if (!api.ok) problems.push({ variable: ENV_API_URL, message: api.message });
    if (!accounts) missing(ENV_CUSTOM_ACCOUNTS_URL, `the accounts (OAuth) base URL, set together with ${ENV_API_URL}`);
    else if (!accounts.ok) problems.push({ variable: ENV_CUSTOM_ACCOUNTS_URL, message: accounts.message });
    if (!api?.ok || !accounts?.ok) return undefined;
    const tokenUrl = `${accounts.value}/oauth/v2/token`;
    return {
      dataCenter: 'custom',
      apiUrl: api.value,
      accountsUrl: accounts.value,
      tokenUrl,
      revokeUrl: `${tokenUrl}/revoke`,
      fileUploadUrl: api.value,
    };
  }
  const accountsUrl = get(ENV_ACCOUNTS_URL);
  if (accountsUrl === undefined) {
    missing(ENV_ACCOUNTS_URL, "your data center's accounts URL, e.g. https://accounts.zoho.com or https://accounts.zoho.eu");
    return undefined;
  }
  if (isPlaceholder(accountsUrl)) {
    problems.push({ variable: ENV_ACCOUNTS_URL, message: "still holds the template placeholder; replace it with your data center's accounts URL, e.g. https://accounts.zoho.eu" });
    return undefined;
  }
  const dc = checkAccountsUrl(accountsUrl);
  if (!dc.ok) {
    problems.push({ variable: ENV_ACCOUNTS_URL, message: dc.message });
    return undefined;
  }
  return { dataCenter: dc.value.id, ...endpointsFor(dc.value, environment) };
}
