import { validateFaultRule } from '../control/faults.js';
import type { JsonObject } from '../core/json.js';
import { cloneJson } from '../core/json.js';
import type { ZohoRecord } from '../crm/record-store.js';
import type { AutomationRun } from '../crm/automation-log.js';
import type { EmulatorCore } from '../emulator-core.js';
import type { EmulatorCounters } from '../observe/counters.js';
import type { RequestLogEntry } from '../observe/request-log.js';
import type { ClientSpec, FaultRule, LatencySpec, SeedRecordInput } from '../options.js';
import { normalizeCap, normalizeLatency } from '../options.js';
import type { ZohoEdition } from '../control/editions.js';

export interface GrantCodeRequest {
  /** Scopes as a list or a comma/space separated string. Default: modules.ALL, settings.ALL, users.READ, org.READ. */
  scopes?: string | readonly string[];
  /** Default: the default client. */
  clientId?: string;
  /** Default: the emulator's grantCodeTtlSeconds (180). */
  ttlSeconds?: number;
}

export interface TokenRequest {
  scopes?: string | readonly string[];
  clientId?: string;
}

export interface EmulatorRuntimeConfig {
  strictLayout: Record<string, string[]>;
  layoutRequired: Record<string, string[]>;
  latency: LatencySpec;
  /** The edition the emulator plays (its concurrency limit is the default cap). */
  edition: ZohoEdition;
  concurrencyCap: number | null;
  /** Heavy calls allowed at once (Zoho's sub-concurrency); null = off. */
  subConcurrencyCap: number | null;
  /** Credits in any rolling 24 hours; null = off. */
  dailyCredits: number | null;
  /** Credits spent in the last 24 hours. */
  creditsUsed: number;
  /** Records one page-token walk may reach; null = no cap. */
  tokenPaginationLimit: number | null;
  /** Fields that refuse duplicate values, per module. */
  uniqueFields: Record<string, string[]>;
  retryAfterSeconds: number | null;
  faults: FaultRule[];
}

/** Control and inspection of a running emulator (the same operations as HTTP /__emulator/…). */
export interface EmulatorAdmin {
  /**
   * The default OAuth client: the first of `clients`, else generated — from the seed when
   * credentials are fixed (an explicit `seed`, or `fixedCredentials`), else new for every emulator.
   */
  readonly defaultClient: Readonly<{ clientId: string; clientSecret: string }>;
  registerClient(client?: Partial<ClientSpec>): ClientSpec;
  /** A single-use grant code for `POST /oauth/v2/token` with grant_type=authorization_code. */
  mintGrantCode(request?: GrantCodeRequest): string;
  /** A refresh token, as if a grant code had been exchanged (no token request is counted). */
  issueRefreshToken(request?: TokenRequest): string;
  /** An access token without a refresh token, for raw HTTP calls. */
  issueAccessToken(request?: TokenRequest & { ttlSeconds?: number }): string;
  /** Expires one access token, or every access token; returns how many were live. */
  expireAccessTokens(token?: string): number;
  /** Revokes an access token, or a refresh token with its access tokens; false if unknown. */
  revokeToken(token: string): boolean;
  counters(): EmulatorCounters;
  resetCounters(): void;
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /**
   * Back to the start: records regenerated from the seed, layout rules, faults, latency and cap as
   * configured at start, counters and log cleared. OAuth clients and tokens are kept.
   */
  reset(): void;
  /** A copy of a record's raw state (every stored field, as the API would render it). */
  getRecord(module: string, id: string): ZohoRecord | undefined;
  listRecords(module: string): ZohoRecord[];
  /**
   * The most recent applied writes since start or reset (at most `automationLogLimit`, default
   * 10,000), with the automation each set off (of one module, or all).
   */
  automationRuns(module?: string): AutomationRun[];
  /**
   * How often `trigger` (default `workflow`) ran per record id of `module` since start or reset —
   * exact, whatever `automationLogLimit` keeps for automationRuns(); ids it never ran for are absent.
   */
  automationCounts(module: string, trigger?: string): Record<string, number>;
  /** Forgets the automation runs recorded so far (reset() does too). */
  clearAutomationRuns(): void;
  /** Adds records (or replaces the module's records) without validation; returns their ids. */
  seedRecords(module: string, records: readonly SeedRecordInput[], options?: { replace?: boolean }): string[];
  /** Strict layout for a module: the fields every update must carry; `true` = default list; `false` = off. */
  setStrictLayout(module: string, fields: readonly string[] | boolean): void;
  /** The module layout's `required` fields (beyond system-mandatory ones). */
  setLayoutRequired(module: string, fields: readonly string[]): void;
  /** Fields set to "Do not allow duplicate values" (DUPLICATE_DATA on a clash); `[]` = none. */
  setUniqueFields(module: string, fields: readonly string[]): void;
  setFaults(rules: readonly FaultRule[]): void;
  setLatency(latency: number | LatencySpec): void;
  setConcurrencyCap(cap: number | null, retryAfterSeconds?: number | null): void;
  config(): EmulatorRuntimeConfig;
}

export function createEmulatorAdmin(core: EmulatorCore): EmulatorAdmin {
  const { clientId, clientSecret } = core.oauth.defaultClient;
  return {
    defaultClient: Object.freeze({ clientId, clientSecret }),
    registerClient: (client) => core.oauth.registerClient(client),
    mintGrantCode: (request = {}) => core.oauth.mintGrantCode(request),
    issueRefreshToken: (request = {}) => core.oauth.issueRefreshToken(request),
    issueAccessToken: (request = {}) => core.oauth.issueAccessToken(request),
    expireAccessTokens: (token) => core.oauth.expireAccessTokens(token),
    revokeToken: (token) => core.oauth.revokeToken(token),
    counters: () => core.counters.snapshot(),
    resetCounters: () => core.counters.reset(),
    requestLog: () => core.log.list(),
    clearRequestLog: () => core.log.clear(),
    reset: () => core.reset(),
    getRecord(module, id) {
      const def = core.crm.requireModule(module);
      const record = core.crm.store.get(def.apiName, id);
      return record ? (cloneJson(record as JsonObject) as ZohoRecord) : undefined;
    },
    listRecords(module) {
      const def = core.crm.requireModule(module);
      return core.crm.store.list(def.apiName).map((r) => cloneJson(r as JsonObject) as ZohoRecord);
    },
    automationRuns: (module) => core.crm.automation.list(module === undefined ? undefined : core.crm.requireModule(module).apiName),
    automationCounts: (module, trigger = 'workflow') => core.crm.automation.counts(core.crm.requireModule(module).apiName, trigger),
    clearAutomationRuns: () => core.crm.automation.clear(),
    seedRecords: (module, records, options = {}) => core.crm.seedRecords(module, cloneJson(records as unknown as JsonObject[]) as SeedRecordInput[], options.replace === true),
    setStrictLayout: (module, fields) => core.crm.setStrictLayout(module, fields),
    setLayoutRequired: (module, fields) => core.crm.setLayoutRequired(module, fields),
    setUniqueFields: (module, fields) => core.crm.setUniqueFields(module, fields),
    setFaults: (rules) => core.faults.set(rules.map(validateFaultRule)),
    setLatency: (latency) => core.latency.set(normalizeLatency(latency)),
    setConcurrencyCap(cap, retryAfterSeconds) {
      core.concurrencyCap = normalizeCap(cap);
      if (retryAfterSeconds !== undefined) core.retryAfterSeconds = retryAfterSeconds;
    },
    config: () => ({
      ...core.crm.config(),
      latency: core.latency.get(),
      edition: core.options.edition,
      concurrencyCap: core.concurrencyCap,
      subConcurrencyCap: core.options.subConcurrencyCap,
      dailyCredits: core.credits.limit,
      creditsUsed: core.credits.used(),
      tokenPaginationLimit: core.options.tokenPaginationLimit,
      retryAfterSeconds: core.retryAfterSeconds,
      faults: core.faults.rules(),
    }),
  };
}
