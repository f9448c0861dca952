import { FleetError } from './fleet-error.js';
import type { FleetLogger } from './logger.js';
import type { RedisLink } from './redis-link.js';
import { LUA_NOW } from './redis-time.js';

/**
 * Credits per time bucket in one hash; the window sums the buckets of the last 24 h (the current
 * bucket included, so it may count up to one bucket more than 24 h: on the safe side). A cost of
 * 0 only reads the total.
 */
const SPEND = `${LUA_NOW}
local key = KEYS[1]
local cost = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local bucketMs = tonumber(ARGV[3])
local windowMs = tonumber(ARGV[4])
local bucket = math.floor(now / bucketMs)
local oldest = math.floor((now - windowMs) / bucketMs)
local all = redis.call('HGETALL', key)
local used = 0
for i = 1, #all, 2 do
  if tonumber(all[i]) < oldest then redis.call('HDEL', key, all[i]) else used = used + tonumber(all[i + 1]) end
end
if cost > 0 then
  if used + cost > limit then return {0, used} end
  redis.call('HINCRBY', key, bucket, cost)
  redis.call('PEXPIRE', key, windowMs + bucketMs)
  used = used + cost
end
return {1, used}`;

export const CREDIT_WINDOW_MS = 24 * 60 * 60 * 1000;
const BUCKET_MS = 10 * 60 * 1000;

export interface CreditUsage {
  used: number;
  limit: number;
  remaining: number;
}

export interface CreditBudgetSettings {
  link: RedisLink;
  key: string;
  /** Credits per rolling 24 h for the whole fleet. */
  limit: number;
  /** Share of the limit at which a warning goes out. Default 0.8. */
  warnAt: number;
  /** Credits one call of `operation` costs. */
  creditsFor: (operation: string) => number;
  waitMs: number;
  logger: FleetLogger;
  onWarning?: (usage: CreditUsage) => void;
}

/**
 * The fleet's API credits in a rolling 24 h window, counted in Redis. Each call spends before it
 * is sent; a call that would cross the budget is refused (CREDIT_BUDGET_EXCEEDED) and not sent.
 */
export class CreditBudget {
  #warned = false;

  constructor(private readonly s: CreditBudgetSettings) {}

  get limit(): number {
    return this.s.limit;
  }

  async usage(): Promise<CreditUsage> {
    const [, used] = await this.#spend(0);
    return this.#usage(used);
  }

  /** Throws CREDIT_BUDGET_EXCEEDED unless `credits` more fit in the window now (nothing is spent). */
  async ensureRoom(credits: number, what = 'this run'): Promise<CreditUsage> {
    const usage = await this.usage();
    if (credits > usage.remaining) {
      throw new FleetError('CREDIT_BUDGET_EXCEEDED', `${what} needs about ${credits} API credits, but only ${usage.remaining} of the fleet's ${usage.limit} for the last 24 h are left; nothing was sent`, {
        hint: 'wait for credits to come back (rolling 24 h), raise ZOHO_CREDIT_BUDGET if your edition and user count allow it, or send fewer records',
      });
    }
    return usage;
  }

  /** A call gate: spends the call's credits, or refuses it. Credits are not given back. */
  async acquire(call: { operation: string; credits?: number }, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason;
    const cost = this.s.creditsFor(call.operation);
    const [ok, used] = await this.#spend(cost, signal);
    if (!ok) {
      throw new FleetError('CREDIT_BUDGET_EXCEEDED', `${call.operation} needs ${cost} API credit(s); the fleet has used ${used} of its ${this.s.limit} for the last 24 h`, {
        hint: 'wait for credits to come back (rolling 24 h) or raise ZOHO_CREDIT_BUDGET if your edition and user count allow it',
      });
    }
    call.credits = (call.credits ?? 0) + cost;
    this.#maybeWarn(used);
    return () => undefined;
  }

  #maybeWarn(used: number): void {
    const usage = this.#usage(used);
    if (used < this.s.warnAt * this.s.limit) {
      this.#warned = false;
      return;
    }
    if (this.#warned) return;
    this.#warned = true;
    this.s.logger.warn(`the fleet has used ${used} of its ${this.s.limit} API credits for the last 24 h (${Math.floor((used / this.s.limit) * 100)}%)`, { ...usage });
    this.s.onWarning?.(usage);
  }

  #usage(used: number): CreditUsage {
    return { used, limit: this.s.limit, remaining: Math.max(0, this.s.limit - used) };
  }

  async #spend(cost: number, signal?: AbortSignal): Promise<[boolean, number]> {
    const s = this.s;
    const [ok, used] = (await s.link.run('credit budget', (c) => c.eval(SPEND, 1, s.key, cost, s.limit, BUCKET_MS, CREDIT_WINDOW_MS), Date.now() + s.waitMs, signal)) as [number, number];
    return [ok === 1, used];
  }
}
