import { isLoopbackHost } from './admin/admin-guard.js';
import { DEFAULT_EDITION, EDITION_CONCURRENCY, isEdition, type ZohoEdition } from './control/editions.js';
import type { JsonValue } from './core/json.js';
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
   * the emulator's OAuth and CRM endpoints have well-known credentials.
   */
  host?: string;
  /** Allow `host` to be a non-loopback address (e.g. 0.0.0.0); a warning is given. Default false. */
  allowRemote?: boolean;
  /** Where warnings go (binding a non-loopback address). Default: process.emitWarning. */
  warn?: (message: string) => void;
  /** Seed for every generated value (data, credentials, jitter, fault draws). Default 42. */
  seed?: number;
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
  /** `Retry-After` sent with 429 answers. Default none. */
  retryAfterSeconds?: number | null;
  faults?: FaultRule[];
  /** Registered OAuth clients; the first is the default client. Default: one client derived from `seed`. */
  clients?: ClientSpec[];
  /** Request log entries kept (oldest dropped first). Default 1000. */
  requestLogLimit?: number;
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
  retryAfterSeconds: number | null;
  faults: FaultRule[];
  clients: ClientSpec[] | undefined;
  requestLogLimit: number;
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

/** The cap in force: an explicit number, `null` for none, or (when not given) the edition's limit. */
export function capFor(edition: ZohoEdition, cap: number | null | undefined): number | null {
  return cap === undefined ? EDITION_CONCURRENCY[edition] : normalizeCap(cap);
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
  return {
    port,
    host,
    allowRemote,
    warn: options.warn ?? ((message: string) => process.emitWarning(message, { code: 'ZCRMKIT_EMULATOR_REMOTE' })),
    seed,
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
    retryAfterSeconds: retryAfter,
    faults: [...(options.faults ?? [])],
    clients: options.clients ? [...options.clients] : undefined,
    requestLogLimit: nonNegative('requestLogLimit', options.requestLogLimit, 1000),
    adminApi: options.adminApi ?? true,
    clock: options.clock ?? Date.now,
  };
}
