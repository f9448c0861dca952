import { DEFAULT_OPTIONS as CORE_DEFAULTS, isApiName } from '@zcrmkit/crm-core';
import { SafeUpdateError } from './safe-update-error.js';
import type { SafeUpdateProgress, SafeUpdateStrategy } from './types.js';

export interface SafeUpdateOptions {
  /** How required fields are supplied. Default `'optimistic'` (see the README for why). */
  strategy?: SafeUpdateStrategy;
  /**
   * Fields always re-included with their current values, on top of field metadata and layouts.
   * Default: for Leads the seed's `Last_Name`, `Company`, `Lead_Status`; for other modules none.
   */
  requiredFields?: readonly string[];
  /** Automation Zoho runs on update. Default `['workflow', 'blueprint']`; `[]` runs none. */
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
  /** Called after validation and after every batch. Exceptions it throws are ignored. */
  onProgress?: (progress: SafeUpdateProgress) => void;
}

export type ResolvedOptions = Required<Omit<SafeUpdateOptions, 'onProgress' | 'requiredFields'>> & {
  requiredFields: readonly string[];
  /** False when `requiredFields` came from the defaults (unknown names are then skipped, not errors). */
  requiredFieldsGiven: boolean;
  onProgress: ((progress: SafeUpdateProgress) => void) | undefined;
};

export const MAX_BATCH_SIZE = 100;
/** Zoho's largest per-org concurrency limit (Ultimate edition). */
export const MAX_CONCURRENCY = 25;

/** The seed's hard-coded list, kept as the default for Leads. */
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
} satisfies Omit<ResolvedOptions, 'requiredFields' | 'requiredFieldsGiven' | 'onProgress' | 'concurrency'>;

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

export function resolveOptions(module: string, options: SafeUpdateOptions = {}, clientConcurrency?: unknown): ResolvedOptions {
  const strategy = options.strategy ?? DEFAULTS.strategy;
  if (strategy !== 'optimistic' && strategy !== 'prefetch') {
    throw new SafeUpdateError('INVALID_OPTIONS', `strategy must be 'optimistic' or 'prefetch', got ${JSON.stringify(strategy)}`);
  }
  const trigger = options.trigger ?? DEFAULTS.trigger;
  if (!Array.isArray(trigger) || trigger.some((t) => typeof t !== 'string' || !isApiName(t))) {
    throw new SafeUpdateError('INVALID_OPTIONS', 'trigger must be an array of names such as "workflow"');
  }
  const requiredFields = options.requiredFields ?? DEFAULT_REQUIRED_FIELDS[module] ?? [];
  if (!Array.isArray(requiredFields) || requiredFields.some((f) => typeof f !== 'string' || !isApiName(f))) {
    throw new SafeUpdateError('INVALID_OPTIONS', 'requiredFields must be an array of field api names');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new SafeUpdateError('INVALID_OPTIONS', 'onProgress must be a function');
  }
  const ttl = options.metadataTtlMs ?? DEFAULTS.metadataTtlMs;
  if (!Number.isFinite(ttl) || ttl < 0) {
    throw new SafeUpdateError('INVALID_OPTIONS', `metadataTtlMs must be a number >= 0, got ${String(ttl)}`);
  }
  return {
    strategy,
    trigger: [...trigger],
    requiredFields: [...requiredFields],
    requiredFieldsGiven: options.requiredFields !== undefined,
    dryRun: options.dryRun === true,
    batchSize: intInRange('batchSize', options.batchSize ?? DEFAULTS.batchSize, 1, MAX_BATCH_SIZE),
    maxRounds: intInRange('maxRounds', options.maxRounds ?? DEFAULTS.maxRounds, 1, 10),
    concurrency: intInRange('concurrency', options.concurrency ?? clientBudget(clientConcurrency), 1, MAX_CONCURRENCY),
    metadataTtlMs: ttl,
    verifyUnknown: options.verifyUnknown ?? DEFAULTS.verifyUnknown,
    onProgress: options.onProgress,
  };
}

export { isApiName };
