import type { DataCenterId, ZohoEnvironment } from './data-centers.js';
import type { ConfigVariable } from './env-vars.js';
import type { FleetSettings } from './fleet-settings.js';

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug', 'trace'];

/** Where a value came from, in order of precedence. */
export type ValueSource = 'option' | 'env' | 'file' | 'default';

export interface LoadConfigOptions {
  /** Values that win over the environment and the `.env` file. Default: none. */
  values?: Partial<Record<ConfigVariable, string>>;
  /** The environment to read. Default: `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The `.env` file, relative to `cwd`; `false` reads none. Default: `.env` (optional when defaulted). */
  envFile?: string | false;
  /** Base directory for relative paths. Default: `process.cwd()`. */
  cwd?: string;
  /**
   * Require and check REFRESH_TOKEN. The grant exchange, which produces it, passes false: the
   * variable is then ignored (`refreshToken` is undefined). Default: true.
   */
  requireRefreshToken?: boolean;
}

export interface ZohoConfig {
  readonly clientId: string;
  /** Not enumerable: `JSON.stringify` and `console.log` of the config never show it. */
  readonly clientSecret: string;
  /** Not enumerable. Undefined only with `requireRefreshToken: false`. */
  readonly refreshToken: string | undefined;
  readonly userEmail: string | undefined;
  /** `custom` when ZOHO_API_URL/ZOHO_ACCOUNTS_URL point somewhere else (the emulator, a proxy). */
  readonly dataCenter: DataCenterId | 'custom';
  readonly environment: ZohoEnvironment;
  /** CRM API base URL, without `/crm/v8`. */
  readonly apiUrl: string;
  readonly accountsUrl: string;
  readonly tokenUrl: string;
  readonly revokeUrl: string;
  readonly fileUploadUrl: string;
  /** Absolute paths. */
  readonly dataDir: string;
  readonly tokenStorePath: string;
  readonly resourcePath: string;
  readonly logFile: string;
  readonly logLevel: LogLevel;
  /**
   * ZOHO_ACCESS_DENIED_WAIT_MS: how long the processes sharing the refresh token wait after an
   * Access Denied before the next token request; undefined for the default (10 minutes).
   */
  readonly accessDeniedWaitMs: number | undefined;
  /** The `.env` file that was read, if any (absolute path). */
  readonly envFile: string | undefined;
  /** Coordination of many workers through Redis; undefined unless ZCRMKIT_REDIS_URL is set. */
  readonly fleet: FleetSettings | undefined;
  readonly sources: Readonly<Partial<Record<ConfigVariable, ValueSource>>>;
}
