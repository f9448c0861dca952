import { isLoopbackHost } from './admin/admin-guard.js';
import { DEFAULT_EDITION, EDITION_CONCURRENCY, editionCredits, isEdition, SUB_CONCURRENCY, type ZohoEdition } from './control/editions.js';
import type { JsonValue } from './core/json.js';
import { USERS } from './crm/org-users.js';
import { EmulatorError } from './core/emulator-error.js';

/** What an injected fault does to a matching request. */
export type FaultKind =
  /** A 5xx answer with Zoho's JSON error envelope (`INTERNAL_ERROR`). */
  | 'error-json'
  /** A 5xx answer with an HTML page, as Zoho's front proxies send during incidents. */
  | 'error-html'
  /** A 429 `TOO_MANY_REQUESTS` answer regardless of the concurrency cap. */
  | 'too-many-requests'
  /** The TCP connection is reset (RST) without an answer. */
  | 'reset'
  /** The request is never answered; the socket is closed after `durationMs` (default: at stop()). */
  | 'stall'
  /** Headers and half of the body are sent, then the socket is destroyed. */
  | 'truncate'
  /** The request is held for `durationMs`, then served normally. */
  | 'delay';

export interface FaultRule {
  kind: FaultKind;
  /**
   * Route key to match, e.g. `PUT /crm/v8/Leads` or `GET /crm/v8/Leads/{id}`; `*` matches any run of
   * characters (`* /crm/v8/*`). Default: every non-admin route.
   */
  route?: string;
  /** Probability (0..1) that a matching request is hit, drawn from the seeded fault stream. Default 1. */
  rate?: number;
  /** Let the first N matching requests through untouched. Default 0. */
  after?: number;
  /** Inject at most N times, then the rule goes quiet. Default: unlimited. */
  times?: number;
  /** HTTP status for `error-json` / `error-html` (default 500 / 502). */
  status?: number;
  /** For `stall` and `delay`. */
  durationMs?: number;
  /** For `too-many-requests`: adds a `Retry-After` header. */
  retryAfterSeconds?: number;
  /**
   * `before` (default; `truncate` is always `after`): fail without touching state. `after`: process
   * the request (a write is committed) and then fail the answer — the "did my update land?" case.
   */
  phase?: 'before' | 'after';
}

export interface LatencySpec {
  fixedMs: number;
  /** Extra delay drawn uniformly from [0, jitterMs] with the seeded latency stream. */
  jitterMs: number;
}

export interface ClientSpec {
  clientId: string;
  clientSecret: string;
  /** When set, authorization_code requests must send the same `redirect_uri`. */
  redirectUri?: string;
}

/** A record to seed: plain Zoho JSON. Missing system fields (id, Owner, times…) are filled in. */
export interface SeedRecordInput {
  id?: string;
  [field: string]: JsonValue | undefined;
}

export interface TokenRateLimit {
  /** Access tokens one refresh token may mint per window (Zoho: 10). */
  maxTokens: number;
  /** Window length (Zoho: 600 s). */
  windowSeconds: number;
}

export interface EmulatorOptions {
  /** Default 0 (an ephemeral port). */
  port?: number;
  /**
   * Address to bind. Default 127.0.0.1. Anything but a loopback address needs `allowRemote`:
   * other machines could then use the emulator's OAuth and CRM endpoints (and, with the admin
   * token, its admin API).
   */
  host?: string;
  /** Allow `host` to be a non-loopback address (e.g. 0.0.0.0); a warning is given. Default false. */
  allowRemote?: boolean;
  /** Where warnings go (binding a non-loopback address). Default: process.emitWarning. */
  warn?: (message: string) => void;
  /**
   * Seed for generated data, jitter and fault draws. Default 42. Given explicitly, it also fixes the
   * credentials (client id and secret, grant codes, tokens); see `fixedCredentials`.
   */
  seed?: number;
  /**
   * Credentials drawn from the seed, the same in every run with that seed. Default: true when
   * `seed` is given, else false — each emulator then has its own client secret and tokens from the
   * operating system's randomness, so no one can know them in advance.
   */
  fixedCredentials?: boolean;
  /** Generated leads. Default 300. */
  leadCount?: number;
  /** JSON file: `{ "Leads": [ … ], "Accounts": [ … ] }` (or the same under a `records` key). */
  seedFile?: string;
  /** Records per module; a module given here (or in seedFile) replaces its generated records. */
  records?: Record<string, SeedRecordInput[]>;
  /**
   * Strict layout mode. `true` = Leads must carry Last_Name, Company and Lead_Status on every update;
   * an object sets the fields per module. Default false.
   */
  strictLayout?: boolean | Record<string, string[]>;
  /**
   * Fields the module's layout marks `required` (shown in /settings/layouts, enforced on create, on
   * null/empty updates, and — in strict mode — on updates of records that lack them).
   * Replaces the defaults per module given; default `{ Leads: ['Company'], Contacts: [], Accounts: [] }`
   * (system-mandatory fields such as Last_Name are always required).
   */
  layoutRequired?: Record<string, string[]>;
  /** Default 3600. */
  accessTokenTtlSeconds?: number;
  /** Default 180. */
  grantCodeTtlSeconds?: number;
  /** Default `{ maxTokens: 10, windowSeconds: 600 }`; false disables the throttle. */
  tokenRateLimit?: TokenRateLimit | false;
  /** Added to every non-admin request. Default 0. */
  latencyMs?: number | LatencySpec;
  /**
   * The Zoho CRM edition played; it sets the org's concurrency cap (free 5, standard 10,
   * professional 15, enterprise 20, ultimate 25). Default `'enterprise'`.
   */
  edition?: ZohoEdition;
  /**
   * Concurrent CRM calls allowed before 429 TOO_MANY_REQUESTS. Default: the edition's limit.
   * A number overrides it; `null` switches the cap off (unlimited concurrency, unlike Zoho).
   */
  concurrencyCap?: number | null;
  /**
   * Heavy calls allowed at once — a Get Records with `sort_by` or `cvid`, a write of more than 10
   * records — before 429 TOO_MANY_REQUESTS, below the org's cap: Zoho's sub-concurrency. Default 10;
   * `null` switches it off.
   */
  subConcurrencyCap?: number | null;
  /**
   * API credits in any rolling 24 hours (each CRM call spends one); past them every CRM call is
   * answered 429 TOO_MANY_REQUESTS until old calls leave the window. Default: the edition's
   * (50,000 + per-user credits for the org's 3 users; free 5,000); `null` switches it off.
   */
  dailyCredits?: number | null;
  /**
   * Records one page-token walk may reach before PAGINATION_LIMIT_EXCEEDED. Default 100,000 (Zoho's);
   * `null` lifts it (for benchmarks that list a million records).
   */
  tokenPaginationLimit?: number | null;
  /** Fields set to "Do not allow duplicate values", per module: a clash fails with DUPLICATE_DATA. Default none. */
  uniqueFields?: Record<string, string[]>;
  /** `Retry-After` sent with 429 answers. Default none. */
  retryAfterSeconds?: number | null;
  faults?: FaultRule[];
  /** Registered OAuth clients; the first is the default client. Default: one client derived from `seed`. */
  clients?: ClientSpec[];
  /** Request log entries kept (oldest dropped first). Default 1000. */
  requestLogLimit?: number;
  /**
   * Automation runs kept for `automationRuns()` (oldest dropped first). Default 10,000.
   * `automationCounts()` stays exact whatever the limit: it counts as writes happen.
   */
  automationLogLimit?: number;
  /**
   * The secret requests to /__emulator/ must show (`Authorization: Bearer <token>`) when they come
   * from another machine; requests from this machine need none. 16–512 characters of
   * A-Z a-z 0-9 . _ ~ -. Default: a random one (32 bytes, hex) when `host` is not loopback
   * (`RunningEmulator.adminToken`), else none.
   */
  adminToken?: string;
  /** Serve the admin API under /__emulator/. Default true. */
  adminApi?: boolean;
  /** Time source in epoch ms (token expiry, Modified_Time). Default Date.now. */
  clock?: () => number;
}

export const DEFAULT_SCOPES: readonly string[] = [
  'ZohoCRM.modules.ALL',
  'ZohoCRM.settings.ALL',
  'ZohoCRM.users.READ',
  'ZohoCRM.org.READ',
];

export const DEFAULT_STRICT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Leads: ['Last_Name', 'Company', 'Lead_Status'],
};

export const DEFAULT_LAYOUT_REQUIRED: Readonly<Record<string, readonly string[]>> = {
  Leads: ['Company'],
  Accounts: [],
  Contacts: [],
};

export interface ResolvedOptions {
  port: number;
  host: string;
  seed: number;
  leadCount: number;
  seedFile: string | undefined;
  records: Record<string, SeedRecordInput[]> | undefined;
  strictLayout: Record<string, string[]>;
  layoutRequired: Record<string, string[]>;
  accessTokenTtlSeconds: number;
  grantCodeTtlSeconds: number;
  tokenRateLimit: TokenRateLimit | false;
  latency: LatencySpec;
  edition: ZohoEdition;
  concurrencyCap: number | null;
  subConcurrencyCap: number | null;
  dailyCredits: number | null;
  tokenPaginationLimit: number | null;
  uniqueFields: Record<string, string[]>;
  retryAfterSeconds: number | null;
  faults: FaultRule[];
  clients: ClientSpec[] | undefined;
  requestLogLimit: number;
  automationLogLimit: number;
  /** Credentials from the seed's `oauth` stream (true) or from crypto randomness (false). */
  fixedCredentials: boolean;
  adminApi: boolean;
  allowRemote: boolean;
  warn: (message: string) => void;
  clock: () => number;
}

export class EmulatorOptionsError extends EmulatorError {
  override readonly name = 'EmulatorOptionsError';
  constructor(message: string) {
    super('INVALID_OPTIONS', message);
  }
}

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new EmulatorOptionsError(`${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

export function normalizeLatency(value: number | LatencySpec | undefined): LatencySpec {
  if (value === undefined) return { fixedMs: 0, jitterMs: 0 };
  if (typeof value === 'number') return { fixedMs: nonNegative('latencyMs', value, 0), jitterMs: 0 };
  return {
    fixedMs: nonNegative('latencyMs.fixedMs', value.fixedMs, 0),
    jitterMs: nonNegative('latencyMs.jitterMs', value.jitterMs, 0),
  };
}

export function normalizeStrictLayout(value: boolean | Record<string, string[]> | undefined): Record<string, string[]> {
  if (value === undefined || value === false) return {};
  if (value === true) return Object.fromEntries(Object.entries(DEFAULT_STRICT_FIELDS).map(([m, f]) => [m, [...f]]));
  return Object.fromEntries(Object.entries(value).map(([m, f]) => [m, [...f]]));
}

export function normalizeCap(value: number | null | undefined): number | null {
  if (value === undefined || value === null) return null;
  if (!Number.isInteger(value) || value < 1) throw new EmulatorOptionsError(`concurrencyCap must be a positive integer, got ${String(value)}`);
  return value;
}

export function resolveEdition(value: unknown): ZohoEdition {
  if (value === undefined) return DEFAULT_EDITION;
  if (!isEdition(value)) throw new EmulatorOptionsError(`edition must be one of ${Object.keys(EDITION_CONCURRENCY).join(', ')}, got ${JSON.stringify(value)}`);
  return value;
}

/** A positive integer, `null` for none, or the default when not given. */
function limitOrNull(name: string, value: number | null | undefined, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (!Number.isInteger(value) || value < 1) throw new EmulatorOptionsError(`${name} must be a positive integer or null, got ${String(value)}`);
  return value;
}

/** The cap in force: an explicit number, `null` for none, or (when not given) the edition's limit. */
export function capFor(edition: ZohoEdition, cap: number | null | undefined): number | null {
  return cap === undefined ? EDITION_CONCURRENCY[edition] : normalizeCap(cap);
}

/** Whether credentials come from the seed: asked for, or implied by a seed the user chose. */
export function credentialsFixed(options: Pick<EmulatorOptions, 'fixedCredentials' | 'seed'>): boolean {
  return options.fixedCredentials ?? options.seed !== undefined;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new EmulatorOptionsError(`port must be 0..65535, got ${String(port)}`);
  const seed = options.seed ?? 42;
  if (!Number.isInteger(seed)) throw new EmulatorOptionsError(`seed must be an integer, got ${String(seed)}`);
  const leadCount = options.leadCount ?? 300;
  if (!Number.isInteger(leadCount) || leadCount < 0) throw new EmulatorOptionsError(`leadCount must be a non-negative integer`);
  const layoutRequired: Record<string, string[]> = Object.fromEntries(
    Object.entries(DEFAULT_LAYOUT_REQUIRED).map(([m, f]) => [m, [...f]]),
  );
  for (const [module, fields] of Object.entries(options.layoutRequired ?? {})) layoutRequired[module] = [...fields];
  const retryAfter = options.retryAfterSeconds ?? null;
  if (retryAfter !== null) nonNegative('retryAfterSeconds', retryAfter, 0);
  const rate = options.tokenRateLimit ?? { maxTokens: 10, windowSeconds: 600 };
  const host = options.host ?? '127.0.0.1';
  const allowRemote = options.allowRemote ?? false;
  if (!isLoopbackHost(host) && !allowRemote) {
    throw new EmulatorOptionsError(
      `host ${JSON.stringify(host)} is not a loopback address: other machines could reach the emulator's OAuth and CRM endpoints; bind 127.0.0.1, or pass allowRemote: true (--allow-remote) if you mean it`,
    );
  }
  const edition = resolveEdition(options.edition);
  const fixedCredentials = credentialsFixed(options);
  if (typeof fixedCredentials !== 'boolean') throw new EmulatorOptionsError(`fixedCredentials must be true or false, got ${JSON.stringify(fixedCredentials)}`);
  const automationLogLimit = nonNegative('automationLogLimit', options.automationLogLimit, 10_000);
  if (!Number.isInteger(automationLogLimit)) throw new EmulatorOptionsError(`automationLogLimit must be an integer, got ${automationLogLimit}`);
  return {
    port,
    host,
    allowRemote,
    warn: options.warn ?? ((message: string) => process.emitWarning(message, { code: 'ZCRMKIT_EMULATOR_REMOTE' })),
    seed,
    fixedCredentials,
    leadCount,
    seedFile: options.seedFile,
    records: options.records,
    strictLayout: normalizeStrictLayout(options.strictLayout),
    layoutRequired,
    accessTokenTtlSeconds: nonNegative('accessTokenTtlSeconds', options.accessTokenTtlSeconds, 3600),
    grantCodeTtlSeconds: nonNegative('grantCodeTtlSeconds', options.grantCodeTtlSeconds, 180),
    tokenRateLimit: rate,
    latency: normalizeLatency(options.latencyMs),
    edition,
    concurrencyCap: capFor(edition, options.concurrencyCap),
    subConcurrencyCap: limitOrNull('subConcurrencyCap', options.subConcurrencyCap, SUB_CONCURRENCY),
    dailyCredits: limitOrNull('dailyCredits', options.dailyCredits, editionCredits(edition, USERS.length)),
    tokenPaginationLimit: limitOrNull('tokenPaginationLimit', options.tokenPaginationLimit, 100_000),
    uniqueFields: Object.fromEntries(Object.entries(options.uniqueFields ?? {}).map(([m, f]) => [m, [...f]])),
    retryAfterSeconds: retryAfter,
    faults: [...(options.faults ?? [])],
    clients: options.clients ? [...options.clients] : undefined,
    requestLogLimit: nonNegative('requestLogLimit', options.requestLogLimit, 1000),
    automationLogLimit,
    adminApi: options.adminApi ?? true,
    clock: options.clock ?? Date.now,
  };
}
