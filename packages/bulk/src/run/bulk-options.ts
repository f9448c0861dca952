import { isApiName, type ZohoClient } from '@zcrmkit/crm-core';
import { MAX_BATCH_SIZE, type SafeUpdateOptions, type SafeUpdateStrategy } from '@zcrmkit/crm-leads';
import { BulkError } from '../bulk-error.js';
import type { BulkSource } from '../input/checked-input.js';
import type { ResultsSink } from '../sinks/results-sink.js';
import type { BulkProgress, BulkResult } from '../types.js';
import type { CreditBudgetLike } from './credit-budget.js';

/** Safe-update options a bulk run passes on (the run itself sets strategy, dryRun, signal and progress). */
export type BulkSafeUpdateOptions = Omit<SafeUpdateOptions, 'strategy' | 'dryRun' | 'signal' | 'onProgress'>;

/** What `onReady` is told. */
export interface ReadyInfo {
  /** Rows the run takes on, re-checked ones included. */
  total: number;
  /** Of those, rows only re-checked (criteria runs resuming an earlier results file). */
  rechecks: number;
  /** The source's description. */
  description: string;
}

export interface BulkUpdateOptions {
  /**
   * A crm-core client, or a function that makes one: it is called once the input has passed its
   * offline checks, so a bad file costs no configuration and no token request. The run never
   * closes the client.
   */
  client: ZohoClient | (() => ZohoClient | Promise<ZohoClient>);
  /** The module's API name. Default `'Leads'`. */
  module?: string;
  /** Where the rows come from: `csvFileSource`, `criteriaSource` or `iterableSource`. */
  source: BulkSource;
  /** Where each row's outcome goes: `csvResults`, `jsonLinesResults` or `callbackResults`. */
  results: ResultsSink;
  /** Default `'prefetch'`: records are read first, so a re-run reports applied rows `unchanged` and sends nothing for them. */
  strategy?: SafeUpdateStrategy;
  /** Check and plan every row, send nothing; the sink then writes a plan. Default false. */
  dryRun?: boolean;
  /**
   * Drain: once it aborts no new group starts; the group in flight finishes and every other row
   * is recorded `not-run`. Before the first send it stops the checks (nothing is written).
   */
  signal?: AbortSignal;
  /** Abandon: stop waiting for the group in flight; its rows are recorded `OUTCOME_UNKNOWN`. */
  abandonSignal?: AbortSignal;
  /** After each batch and group; `done` never passes `total`. */
  onProgress?: (progress: BulkProgress) => void;
  /** Each group's results as they are recorded (after the sink took them). */
  onResults?: (rows: readonly BulkResult[]) => void;
  /** Once the input is checked and the budget allows the run, before the first update. */
  onReady?: (info: ReadyInfo) => void;
  /** Checked once before the first update: a run needing more credits than remain sends nothing. */
  budget?: CreditBudgetLike;
  /** Lock the input and results files against a second run (`<file>.lock`). Default true. */
  lock?: boolean;
  /** Told when the lock on a file was lost mid-run (another run may start on it). */
  onLockLost?: (file: string) => void;
  /** Passed to crm-leads (trigger, requiredFields, readAhead, layoutRulesEnforced, batchSize, concurrency …). */
  update?: BulkSafeUpdateOptions;
}

export interface ResolvedBulkOptions extends Required<Pick<BulkUpdateOptions, 'module' | 'source' | 'results' | 'strategy' | 'dryRun' | 'lock' | 'update'>> {
  client: () => Promise<ZohoClient>;
  signal: AbortSignal | undefined;
  abandonSignal: AbortSignal | undefined;
  onProgress: (progress: BulkProgress) => void;
  onResults: (rows: readonly BulkResult[]) => void;
  onReady: (info: ReadyInfo) => void;
  budget: CreditBudgetLike | undefined;
  onLockLost: (file: string) => void;
  batchSize: number;
}

const nothing = () => undefined;

function optional<T>(name: string, value: T | undefined, test: (v: T) => boolean, what: string): T | undefined {
  if (value !== undefined && !test(value)) throw new BulkError('INVALID_OPTIONS', `${name} must be ${what}`);
  return value;
}

export function resolveBulkOptions(options: BulkUpdateOptions): ResolvedBulkOptions {
  if (typeof options !== 'object' || options === null) throw new BulkError('INVALID_OPTIONS', 'runBulkUpdate needs an options object');
  const { client } = options;
  if (typeof client !== 'function' && (typeof client !== 'object' || client === null || typeof (client as ZohoClient).getFields !== 'function')) {
    throw new BulkError('INVALID_OPTIONS', "client must be a crm-core client (createZohoClient) or a function that returns one");
  }
  if (!options.source || typeof options.source.open !== 'function') throw new BulkError('INVALID_OPTIONS', 'source must be made with csvFileSource, criteriaSource or iterableSource');
  if (!options.results || typeof options.results.open !== 'function') throw new BulkError('INVALID_OPTIONS', 'results must be made with csvResults, jsonLinesResults or callbackResults');
  const module = options.module ?? 'Leads';
  if (!isApiName(module)) throw new BulkError('INVALID_OPTIONS', `module must be a module API name such as "Leads", got ${JSON.stringify(module)}`);
  const strategy = options.strategy ?? 'prefetch';
  if (strategy !== 'prefetch' && strategy !== 'optimistic') throw new BulkError('INVALID_OPTIONS', `strategy must be 'prefetch' or 'optimistic', got ${JSON.stringify(strategy)}`);
  const isSignal = (s: AbortSignal) => s instanceof AbortSignal;
  const isFunction = (f: unknown) => typeof f === 'function';
  let made: Promise<ZohoClient> | undefined;
  return {
    module,
    source: options.source,
    results: options.results,
    strategy,
    dryRun: options.dryRun === true,
    lock: options.lock !== false,
    update: options.update ?? {},
    batchSize: options.update?.batchSize ?? MAX_BATCH_SIZE,
    client: () => (made ??= Promise.resolve(typeof client === 'function' ? client() : client)),
    signal: optional('signal', options.signal, isSignal, 'an AbortSignal'),
    abandonSignal: optional('abandonSignal', options.abandonSignal, isSignal, 'an AbortSignal'),
    onProgress: optional('onProgress', options.onProgress, isFunction, 'a function') ?? nothing,
    onResults: optional('onResults', options.onResults, isFunction, 'a function') ?? nothing,
    onReady: optional('onReady', options.onReady, isFunction, 'a function') ?? nothing,
    budget: optional('budget', options.budget, (b) => typeof b?.usage === 'function', 'an object with usage() (a fleet CreditBudget)'),
    onLockLost: optional('onLockLost', options.onLockLost, isFunction, 'a function') ?? nothing,
  };
}
