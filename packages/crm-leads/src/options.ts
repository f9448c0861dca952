import { DEFAULT_OPTIONS as CORE_DEFAULTS, isApiName, isTriggerName, MAX_RECORDS_PER_UPDATE, TRIGGER_NAMES } from '@zcrmkit/crm-core';
import { SafeUpdateError } from './safe-update-error.js';
import type { SafeUpdateProgress, SafeUpdateStrategy } from './types.js';

export interface SafeUpdateOptions {
  /** How required fields are supplied. Default `'optimistic'` (see the README for why). */
  strategy?: SafeUpdateStrategy;
  /**
   * Fields always sent with their current values (read for the same batch just before the write),
   * whether or not Zoho demands them. Default: none. The seed sent `DEFAULT_REQUIRED_FIELDS.Leads`
   * on every update; pass that list here to do the same.
   */
  requiredFields?: readonly string[];
  /**
   * Fields read along with the changed ones (prefetch, and every read before a resend), so that
   * re-including one Zoho turns out to demand costs no extra read. They are not sent unless Zoho
   * demands them. Default: for Leads the seed's `Last_Name`, `Company`, `Lead_Status`; else none.
   */
  readAhead?: readonly string[];
  /**
   * Whether the org enforces layout rules on API updates (Zoho documents it does not). When true,
   * the fields a record's own layout marks required are sent with every update of that record.
   * Default `false`: a layout counts as enforced once Zoho names one of its required fields in a
   * MANDATORY_NOT_FOUND during the run.
   */
  layoutRulesEnforced?: boolean;
  /** Automation Zoho runs on update: lower-case names (crm-core's rule). Default `['workflow', 'blueprint']`; `[]` runs none. */
  trigger?: readonly string[];
  /** Read and compute every payload, send no update. Default `false`. */
  dryRun?: boolean;
  /** Records per update call (and ids per read). Default 100, the most Zoho accepts. */
  batchSize?: number;
  /** Update calls one record may take (first try + retries after MANDATORY_NOT_FOUND). Default 3. */
  maxRounds?: number;
  /**
   * Batches in flight at once (each has one call in flight at a time). Default: the client's
   * `concurrency` (crm-core's limiter, 10 unless configured), so one setting governs the process.
   * With `optimistic`, the first batch runs alone until Zoho has answered its first update, so
   * that the fields an org requires are learned once, not by every batch in parallel. 1–25.
   */
  concurrency?: number;
  /** How long field and layout metadata stay cached per client and module. Default 600 000 ms. */
  metadataTtlMs?: number;
  /** Re-read records whose update response was lost, to tell applied from unknown. Default `true`. */
  verifyUnknown?: boolean;
  /**
   * Times a record is sent again after a re-read showed that an update whose answer was lost did
   * not land (never after a timeout: that request may still arrive). Default 1; 0 never resends.
   */
  maxResends?: number;
  /** Called after validation and after every batch. Exceptions it throws are ignored. */
  onProgress?: (progress: SafeUpdateProgress) => void;
  /**
   * Stops the run: no batch is started and nothing new is sent once it aborts, and every record
   * still open is settled — not sent → failed `ABORTED`; sent, answer lost → failed
   * `OUTCOME_UNKNOWN` with `outcomeUnknown: true` (not read back, never resent). Default: none.
   */
  signal?: AbortSignal;
}

export type ResolvedOptions = Required<Omit<SafeUpdateOptions, 'onProgress' | 'requiredFields' | 'readAhead' | 'signal'>> & {
  signal: AbortSignal | undefined;
  /** `{ signal }` for every crm-core call of the run; undefined without a signal. */
  callOptions: { signal: AbortSignal } | undefined;
  requiredFields: readonly string[];
  readAhead: readonly string[];
  /** False when `readAhead` came from the defaults (unknown names are then skipped, not errors). */
  readAheadGiven: boolean;
  onProgress: ((progress: SafeUpdateProgress) => void) | undefined;
};

/** Records per update call at most: crm-core's limit, which is Zoho's. */
export const MAX_BATCH_SIZE = MAX_RECORDS_PER_UPDATE;
/** Zoho's largest per-org concurrency limit (Ultimate edition). */
export const MAX_CONCURRENCY = 25;

/** The seed's hard-coded list: read ahead by default for Leads; pass it as `requiredFields` to always send it. */
export const DEFAULT_REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = Object.freeze({
  Leads: Object.freeze(['Last_Name', 'Company', 'Lead_Status']),
});

export const DEFAULT_TRIGGER: readonly string[] = Object.freeze(['workflow', 'blueprint']);

const DEFAULTS = {
  strategy: 'optimistic',
  trigger: DEFAULT_TRIGGER,
  dryRun: false,
  batchSize: MAX_BATCH_SIZE,
  maxRounds: 3,
  metadataTtlMs: 600_000,
  verifyUnknown: true,
  maxResends: 1,
  layoutRulesEnforced: false,
} satisfies Omit<ResolvedOptions, 'requiredFields' | 'readAhead' | 'readAheadGiven' | 'onProgress' | 'concurrency' | 'signal' | 'callOptions'>;

/** The client's own budget when it states a usable one, else crm-core's default limiter size. */
function clientBudget(clientConcurrency: unknown): number {
  const n = typeof clientConcurrency === 'number' && Number.isInteger(clientConcurrency) && clientConcurrency >= 1 ? clientConcurrency : CORE_DEFAULTS.concurrency;
  return Math.min(n, MAX_CONCURRENCY);
}

function intInRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new SafeUpdateError('INVALID_OPTIONS', `${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function fieldList(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((f) => typeof f !== 'string' || !isApiName(f))) {
    throw new SafeUpdateError('INVALID_OPTIONS', `${name} must be an array of field api names`);
  }
  return [...new Set(value as string[])];
}

export function resolveOptions(module: string, options: SafeUpdateOptions = {}, clientConcurrency?: unknown): ResolvedOptions {
  const strategy = options.strategy ?? DEFAULTS.strategy;
  if (strategy !== 'optimistic' && strategy !== 'prefetch') {
    throw new SafeUpdateError('INVALID_OPTIONS', `strategy must be 'optimistic' or 'prefetch', got ${JSON.stringify(strategy)}`);
  }
  const trigger = options.trigger ?? DEFAULTS.trigger;
  if (!Array.isArray(trigger) || !trigger.every(isTriggerName)) {
    throw new SafeUpdateError('INVALID_OPTIONS', `trigger must be an array of lower-case names such as ${TRIGGER_NAMES.map((t) => `"${t}"`).join(', ')}, got ${JSON.stringify(trigger)}`);
  }
  const requiredFields = fieldList('requiredFields', options.requiredFields ?? []);
  const readAhead = fieldList('readAhead', options.readAhead ?? DEFAULT_REQUIRED_FIELDS[module] ?? []);
  if (options.layoutRulesEnforced !== undefined && typeof options.layoutRulesEnforced !== 'boolean') {
    throw new SafeUpdateError('INVALID_OPTIONS', 'layoutRulesEnforced must be a boolean');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new SafeUpdateError('INVALID_OPTIONS', 'onProgress must be a function');
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new SafeUpdateError('INVALID_OPTIONS', 'signal must be an AbortSignal');
  }
  const ttl = options.metadataTtlMs ?? DEFAULTS.metadataTtlMs;
  if (!Number.isFinite(ttl) || ttl < 0) {
    throw new SafeUpdateError('INVALID_OPTIONS', `metadataTtlMs must be a number >= 0, got ${String(ttl)}`);
  }
  return {
    strategy,
    trigger: [...trigger],
    requiredFields,
    readAhead,
    readAheadGiven: options.readAhead !== undefined,
    layoutRulesEnforced: options.layoutRulesEnforced ?? DEFAULTS.layoutRulesEnforced,
    maxResends: intInRange('maxResends', options.maxResends ?? DEFAULTS.maxResends, 0, 5),
    dryRun: options.dryRun === true,
    batchSize: intInRange('batchSize', options.batchSize ?? DEFAULTS.batchSize, 1, MAX_BATCH_SIZE),
    maxRounds: intInRange('maxRounds', options.maxRounds ?? DEFAULTS.maxRounds, 1, 10),
    concurrency: intInRange('concurrency', options.concurrency ?? clientBudget(clientConcurrency), 1, MAX_CONCURRENCY),
    metadataTtlMs: ttl,
    verifyUnknown: options.verifyUnknown ?? DEFAULTS.verifyUnknown,
    onProgress: options.onProgress,
    signal: options.signal,
    callOptions: options.signal ? { signal: options.signal } : undefined,
  };
}

export { isApiName };
