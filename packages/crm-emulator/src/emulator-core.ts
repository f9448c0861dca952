import { OAuthStore } from './accounts/oauth-store.js';
import { FaultController } from './control/faults.js';
import { CreditMeter } from './control/credits.js';
import { Latency } from './control/latency.js';
import { Inspector } from './inspector/inspector.js';
import { createCryptoRandom, createRandom } from './core/random.js';
import type { AdminToken } from './admin/admin-token.js';
import { CrmState } from './crm/crm-state.js';
import { Counters } from './observe/counters.js';
import { RequestLog } from './observe/request-log.js';
import type { ResolvedOptions, SeedRecordInput } from './options.js';

/** All of one emulator's state; the HTTP server and the admin API both work on it. */
export class EmulatorCore {
  readonly oauth: OAuthStore;
  readonly crm: CrmState;
  readonly faults: FaultController;
  readonly latency: Latency;
  readonly counters = new Counters();
  readonly log: RequestLog;
  /** Request bodies, record history and token events for the web inspector (`/__emulator/ui`). */
  readonly inspector: Inspector;
  concurrencyCap: number | null;
  retryAfterSeconds: number | null;
  inFlight = 0;
  /** Heavy calls in flight (see `subConcurrencyCap`). */
  heavyInFlight = 0;
  /** Credits spent in the rolling 24 hours (see `dailyCredits`). */
  readonly credits: CreditMeter;
  /** Set once the server listens: the emulator's own base URL (also its api_domain). */
  url = '';
  private stopping = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly options: ResolvedOptions,
    records: Record<string, SeedRecordInput[]> | undefined,
    /** What requests to /__emulator/ from other machines must show; undefined = they are refused. */
    readonly adminToken?: AdminToken,
  ) {
    this.inspector = new Inspector(options.clock, options.tokenRateLimit, options.requestLogLimit, options.adminApi);
    this.oauth = new OAuthStore({
      observer: this.inspector.tokens,
      // Data stays reproducible from the seed either way: credentials have a stream of their own.
      random: options.fixedCredentials ? createRandom(options.seed, 'oauth') : createCryptoRandom(),
      clock: options.clock,
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
      grantCodeTtlSeconds: options.grantCodeTtlSeconds,
      tokenRateLimit: options.tokenRateLimit,
      clients: options.clients,
    });
    this.crm = new CrmState({
      seed: options.seed,
      leadCount: options.leadCount,
      records,
      strictLayout: options.strictLayout,
      layoutRequired: options.layoutRequired,
      uniqueFields: options.uniqueFields,
      clock: options.clock,
    });
    this.crm.automation.setLimit(options.automationLogLimit);
    this.faults = new FaultController(createRandom(options.seed, 'faults'));
    this.faults.set(options.faults);
    this.latency = new Latency(createRandom(options.seed, 'latency'), options.latency);
    this.log = new RequestLog(options.requestLogLimit);
    this.concurrencyCap = options.concurrencyCap;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.credits = new CreditMeter(options.dailyCredits, options.clock);
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Resolves after `ms`, or at once when the emulator stops (so no timer outlives stop()). */
  sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Waits until the emulator stops (stalled requests). */
  untilStopped(): Promise<void> {
    return this.sleep(2 ** 31 - 1);
  }

  markStopping(): void {
    this.stopping = true;
    for (const wake of [...this.waiters]) wake();
  }

  /** Back to the state at start (records, layout rules, faults, latency, cap); counters and log cleared. */
  reset(): void {
    this.crm.reset();
    this.faults.set(this.options.faults);
    this.latency.set(this.options.latency);
    this.concurrencyCap = this.options.concurrencyCap;
    this.retryAfterSeconds = this.options.retryAfterSeconds;
    this.counters.reset();
    this.credits.clear();
    this.log.clear();
    this.inspector.reset();
  }
}
