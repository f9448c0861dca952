import type { GrantSource } from '@zcrmkit/auth';
import type { ZohoConfig } from '@zcrmkit/config';
import type { CallGate } from './call-gate.js';
import type { OrgProfile, OrgProfileStore } from './org-profile.js';
import type { RequestHooks } from './request-hooks.js';
import type { SearchQuery } from './search-query.js';
import type { MiddlewareStack } from './middleware.js';
import type { ZohoPlugin } from './plugins.js';
import type { WriteRecordsOptions, WriteResult } from './write-outcome.js';

/** JSON as read back from Zoho: ids and BigInt as strings, picklists as values, dates as text. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A value to write: picklist = its actual value; multi-select picklist = string[]; lookup or
 * owner = `{ id }`; date = 'YYYY-MM-DD'; datetime = ISO 8601 text; number/currency = number;
 * null clears the field.
 */
export type PlainValue = string | number | boolean | null | { id: string } | string[];

export interface RecordInput {
  /** The record's Zoho id (digits). */
  id: string;
  [apiName: string]: PlainValue;
}

export interface RecordData {
  id: string;
  [apiName: string]: JsonValue;
}

/** One record's outcome of an update, in the order the records were given. */
export interface RecordResult {
  id: string;
  status: 'success' | 'error';
  /** Zoho's code: `SUCCESS`, `MANDATORY_NOT_FOUND`, `INVALID_DATA` … */
  code: string;
  message: string;
  /** Zoho's details, e.g. `{ api_name: 'Company', json_path: '$.data[0].Company' }`. */
  details: Record<string, unknown>;
}

/** A per-call abort signal (see README, "Aborting a call"). */
export interface SignalOptions {
  /**
   * Aborts the call: every wait (concurrency slot, call gates, retry backoff, token refresh) ends at
   * once and requests in flight are cut. Throws ZohoApiError `ABORTED`; `outcomeUnknown` is true only
   * when a write had been sent (it is never resent). Default: none.
   */
  signal?: AbortSignal;
}

export interface UpdateRecordsOptions extends SignalOptions {
  /** Automation to run: `[]` runs none; omitted, Zoho runs workflow, approval and blueprint. Lower-case names only. */
  trigger?: string[];
  /**
   * Resend this write after an ambiguous failure (timeout after sending, reset, cut body, 5xx)?
   * Default: whether the client's `retryAmbiguous` lists `'write'` (it does not by default). A resent
   * write may be applied twice and run its automation twice.
   */
  retryAmbiguous?: boolean;
}

export interface MetadataOptions extends SignalOptions {
  /** Accept cached metadata at most this old; `0` fetches it again. Default: the client's `metadataTtlMs`. */
  maxAgeMs?: number;
}

export interface ListRecordsOptions {
  /** Field API names to read (1–50; Zoho requires the list). `id` always comes back. */
  fields: string[];
  /** Default: Zoho's (id). */
  sortBy?: 'id' | 'Created_Time' | 'Modified_Time';
  /** Default: Zoho's (`asc` by id; `desc` when sortBy is given). */
  sortOrder?: 'asc' | 'desc';
  /**
   * Only records modified at or after this time (sent as If-Modified-Since). Default: all. Zoho does
   * not document a page_token walk as a snapshot: a record modified during the walk may come twice or
   * let another slip by, so overlap successive windows and de-duplicate by id (README, "Listing and search").
   */
  modifiedSince?: Date | string;
  /** Records per request, 1–200. Default: 200. */
  perPage?: number;
  /** Stops the iteration: no request is made after it aborts, and the iterator throws its reason. */
  signal?: AbortSignal;
}

export interface SearchRecordsOptions {
  /** Field API names to read (1–50). */
  fields: string[];
  /** Records per request, 1–200. Default: 200. */
  perPage?: number;
  /** As for listRecords. */
  signal?: AbortSignal;
  /**
   * Keep only the records for which `criteria.matches(record, types)` is true, with the module's
   * field types from the metadata cache, so that `equals` on text means equals (Zoho's search
   * treats it as "contains"). Costs the same search requests (plus the module's field metadata when
   * it is not cached): records Zoho returned beyond the exact matches are read and dropped, and
   * Zoho's 2,000-record cap counts them. The criteria's fields are read too and left out of what is
   * yielded. It can only drop records, never find ones Zoho's search left out. Criteria only, not
   * `{ email }`, `{ phone }`, `{ word }`. Default: false.
   */
  exact?: boolean;
}

export interface PickListValue {
  displayValue: string;
  actualValue: string;
}

export interface FieldMeta {
  apiName: string;
  /** Zoho's data_type: text, picklist, lookup, date, datetime, currency, … */
  dataType: string;
  systemMandatory: boolean;
  readOnly: boolean;
  length?: number;
  pickListValues?: PickListValue[];
  lookupModule?: string;
}

export interface LayoutMeta {
  id: string;
  name: string;
  /** Fields the layout marks required, system-mandatory ones included. */
  requiredFields: string[];
}

/** What `checkConnection()` found out. */
export interface ConnectionReport {
  dataCenter: string;
  environment: string;
  apiUrl: string;
  accountsUrl: string;
  org: { id: string; name: string };
  user: { email: string };
  scopes: ScopeReport;
  /** Things worth knowing that did not stop the check. */
  warnings: string[];
}

export interface ScopeReport {
  /** The scopes zcrmkit needs. */
  required: readonly string[];
  /** Required scopes shown to work by a successful call (read access; writes are not probed). */
  confirmed: string[];
  /** Required scopes Zoho refused (OAUTH_SCOPE_MISMATCH / no permission). */
  missing: string[];
  /** True when every required scope was confirmed. */
  ok: boolean;
}

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug' | 'verbose' | 'silly';

/**
 * Where crm-core logs: a winston logger fits, as does anything with these methods. crm-core
 * redacts messages and metadata before they get here.
 */
export interface ZohoLogger {
  log(level: LogLevelName, message: string, meta?: Record<string, unknown>): unknown;
  /**
   * Optional (winston loggers have it): false for a level that is off, so crm-core skips building
   * and redacting a line nobody will see.
   */
  isLevelEnabled?(level: LogLevelName): boolean;
}

/** What `onRateLimit` is told of a 429. */
export interface RateLimitInfo {
  operation: string;
  /** Requests this call has made so far, the refused one included. */
  attempt: number;
  /** Zoho's Retry-After, when it sent one. */
  retryAfterMs: number | undefined;
  /** How long the call will wait before the retry, if allowed. */
  waitMs: number;
}

export interface ZohoClientOptions {
  /** Default: `loadConfig()` from @zcrmkit/config (environment and `.env`). */
  config?: ZohoConfig;
  /** Look up the current user and org at init (needs ZohoCRM.users.READ and ZohoCRM.org.READ). Default: true. */
  findUser?: boolean;
  /** Deadline of one HTTP request (the SDK's timeout). Default: 30 000 ms. */
  requestTimeoutMs?: number;
  /** Deadline of a whole call, retries and waits included. Default: 90 000 ms. */
  callDeadlineMs?: number;
  /** HTTP requests per call at most, the first included (see README, "Attempts per call"). Default: 4. */
  maxAttempts?: number;
  /** Calls in flight at once, per process. Default: 10 (Zoho Standard edition's limit). */
  concurrency?: number;
  /**
   * Heavy calls in flight at once, per process: writes of more than 10 records and lists sorted by
   * `sortBy`, which Zoho counts against a second limit of 10 on every edition (its sub-concurrency),
   * answering 429 past it. Default: 10.
   */
  heavyConcurrency?: number;
  /** First retry waits about this long; each further retry doubles it (with jitter). Default: 500 ms. */
  retryBaseDelayMs?: number;
  /** Cap of the exponential wait between retries (a longer Retry-After is still honoured, deadline permitting). Default: 30 000 ms. */
  retryMaxDelayMs?: number;
  /**
   * Kinds of call sent again after an ambiguous failure (a timeout after sending, a reset, a cut
   * body, a 5xx). Default `['read']`: a write is then thrown with `outcomeUnknown: true` instead of
   * being resent. Calls Zoho provably did not process (refused connection, 429, INVALID_TOKEN) are
   * retried whatever this says. Override per call with `updateRecords(…, { retryAmbiguous })`.
   */
  retryAmbiguous?: readonly ('read' | 'write')[];
  /** How long field and layout metadata stay cached (one cache for both). Default: 600 000 ms; 0 = fetch on every use. */
  metadataTtlMs?: number;
  /** Default: a winston logger writing to `config.logFile` at `config.logLevel`. */
  logger?: ZohoLogger;
  /**
   * Where new access tokens come from when the stored one must be replaced, e.g. one token shared
   * by many hosts (@zcrmkit/fleet). Default: the token store refreshes itself (file lock, single flight).
   */
  grantSource?: GrantSource;
  /**
   * Gates every invocation passes after its per-process concurrency slot, e.g. an org-wide
   * semaphore and a credit budget (@zcrmkit/fleet). A refusal fails the call with `CALL_REFUSED`
   * before anything is sent. Default: none.
   */
  callGates?: CallGate[];
  /**
   * Called for every HTTP request this client's calls make to the CRM API, retries included:
   * `onRequest`, then `onResponse` or `onError` (see README, "Request hooks"). Events carry method,
   * route, operation, attempt, status, duration and request ids — never headers, tokens or bodies.
   * Default: none (no event is built).
   */
  hooks?: RequestHooks;
  /**
   * Called for each 429 (TOO_MANY_REQUESTS) a call meets, before it waits and retries: return
   * false (or throw) to end the call with the 429 instead, e.g. to shed load or to record it.
   * Default: every 429 is retried (Retry-After honoured) while attempts and the deadline allow.
   */
  onRateLimit?: (info: RateLimitInfo) => boolean | Promise<boolean>;
  /**
   * Capacity of the process's one retry budget, shared by every call (the AWS SDK's retry quota):
   * a retry takes 5 (a timeout 10), a call that succeeds gives back what its retries took, or 1.
   * Empty, a failed call is not retried, so a fault storm cannot multiply traffic. Default: 500;
   * `false`: no budget (each call retries up to `maxAttempts`).
   */
  retryQuota?: number | false;
  /**
   * Where the org profile is kept: what runs learned about the org (fields Zoho demands on
   * update, whether layout rules apply), field and layout metadata, and the current user and
   * org, each for `metadataTtlMs`. Default: a file beside the token store
   * (`zcrmkit-org-profile.json`, 0600); @zcrmkit/fleet keeps it in Redis. `false`: keep nothing.
   */
  orgProfile?: OrgProfileStore | false;
  /**
   * Plugins, each adding options, middleware and what closes with the client in one piece, e.g.
   * `[fleet(config)]` from @zcrmkit/fleet or `[otel()]` from @zcrmkit/otel. A falsy entry is skipped.
   */
  plugins?: ReadonlyArray<ZohoPlugin | undefined | null | false>;
}

export interface ZohoClient {
  /**
   * Calls this client lets be in flight at once (the `concurrency` option): the budget callers
   * such as crm-leads size their own parallelism by.
   */
  readonly concurrency: number;
  /**
   * The org profile (see the `orgProfile` option), undefined when turned off. Reading and keeping
   * fail soft (a warning in the log); `forget()` drops everything kept, e.g. after a layout change.
   */
  readonly profile: OrgProfile | undefined;
  /**
   * The client's named call steps (see README, "Middleware"): `use(name, step, { before })`,
   * `remove(name)`, `wrap(name, wrapper)`. Built in: deadline → retry → slots → sdk.
   */
  readonly middleware: MiddlewareStack;
  /** The names of the client's plugins, in order. */
  readonly plugins: readonly string[];
  /** Initialises the SDK once per process; concurrent and repeated calls share the first. */
  init(options?: SignalOptions): Promise<void>;
  checkConnection(options?: SignalOptions): Promise<ConnectionReport>;
  /** Field metadata, from the cache fields and layouts share. */
  getFields(module: string, opts?: MetadataOptions): Promise<FieldMeta[]>;
  /** Layout metadata, from the same cache. */
  getLayouts(module: string, opts?: MetadataOptions): Promise<LayoutMeta[]>;
  /** Forgets cached fields and layouts of one module, or of all: the next use fetches them again. */
  clearMetadataCache(module?: string): void;
  /** Up to 100 ids; records come back in the order of `ids` (missing ones left out). */
  getRecords(module: string, ids: string[], fields: string[], options?: SignalOptions): Promise<RecordData[]>;
  /** Up to 100 records; one result per record, in the same order. */
  updateRecords(module: string, records: RecordInput[], opts?: UpdateRecordsOptions): Promise<RecordResult[]>;
  /**
   * `updateRecords` with each record's outcome settled (see README, "Write outcomes"): applied,
   * refused, unknown or not sent; with `verify`, a lost answer is read back and the record resent
   * only when the read-back proves the write did not land. Never throws for a failed write.
   */
  writeRecords(module: string, records: RecordInput[], opts?: WriteRecordsOptions): Promise<WriteResult[]>;
  /**
   * Every record of a module, lazily, page by page: `page` up to Zoho's 2,000-record limit, then
   * `page_token`. Options are checked at once (a bad field name throws here, before any request).
   */
  listRecords(module: string, options: ListRecordsOptions): AsyncIterableIterator<RecordData>;
  /**
   * Records matching `where(...)` criteria (or `{ email }`, `{ phone }`, `{ word }`), lazily, as
   * Zoho's Search API finds them — which is not always what the criteria say:
   * - `equals` on text, email, phone and website fields behaves like "contains":
   *   `where('Company', 'equals', 'ABC')` also returns "ABC Inc." (not on picklists). Pass
   *   `exact: true` to drop those records here (same requests; see SearchRecordsOptions.exact).
   * - It stops at 2,000 records; past that the iterator throws LIMIT_REACHED (Zoho's code; no doomed request is sent).
   *   For more, list the module and filter: `listRecords()` + `criteria.matches(record)`.
   * - It cannot look for empty fields: criteria with `is_empty`, `is_not_empty` or `not_in` (or an
   *   `in` of more than 100 values) throw INVALID_INPUT before any request; `equals` 'null' looks
   *   for the text "null".
   */
  searchRecords(module: string, query: SearchQuery, options: SearchRecordsOptions): AsyncIterableIterator<RecordData>;
  /** Flushes the log and releases the process-wide SDK configuration for another one. */
  close(): Promise<void>;
}
