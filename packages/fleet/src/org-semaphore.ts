import { randomUUID } from 'node:crypto';
import { FleetError } from './fleet-error.js';
import type { FleetLogger } from './logger.js';
import type { RedisLink } from './redis-link.js';
import { LUA_NOW } from './redis-time.js';

/** Slots are members of a sorted set scored by their lease's expiry (Redis server time). */
const ACQUIRE = `${LUA_NOW}
local key = KEYS[1]
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
if redis.call('ZCARD', key) < tonumber(ARGV[1]) then
  redis.call('ZADD', key, now + ttl, ARGV[2])
  redis.call('PEXPIRE', key, ttl * 2)
  return 1
end
return 0`;

/** Extends the leases that still exist; returns how many had expired (their slots were lost). */
const RENEW = `${LUA_NOW}
local key = KEYS[1]
local ttl = tonumber(ARGV[1])
local lost = 0
for i = 2, #ARGV do
  if redis.call('ZSCORE', key, ARGV[i]) then
    redis.call('ZADD', key, 'XX', now + ttl, ARGV[i])
  else
    lost = lost + 1
  end
end
redis.call('PEXPIRE', key, ttl * 2)
return lost`;

/** Busy slots (leases not expired), for observation. */
const COUNT = `${LUA_NOW}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

export interface OrgSemaphoreSettings {
  link: RedisLink;
  key: string;
  /** Slots for the whole org. */
  limit: number;
  /** A slot not renewed for this long is free again (a SIGKILLed holder's, for instance). */
  leaseMs: number;
  /** How often a holder renews its leases; well under leaseMs. */
  renewEveryMs: number;
  /** How long a call waits for a slot (Redis outages included) before SLOT_TIMEOUT / REDIS_UNAVAILABLE. */
  waitMs: number;
  logger: FleetLogger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An org-wide counting semaphore with leases, in one Redis sorted set. Waiters poll with a short
 * backoff; a process renews all its leases with one call per interval, so a holder that dies
 * stops renewing and its slots come free within `leaseMs`.
 */
export class OrgSemaphore {
  readonly #held = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(private readonly s: OrgSemaphoreSettings) {}

  get limit(): number {
    return this.s.limit;
  }

  /** Slots this process holds now. */
  get held(): number {
    return this.#held.size;
  }

  /** Waits for a slot; resolves with its release function. */
  async acquire(_call: { operation: string }, signal?: AbortSignal): Promise<() => void> {
    const { s } = this;
    if (this.#closed) throw new FleetError('INVALID_OPTION', 'the fleet was closed; create a new one');
    const id = randomUUID();
    const deadline = Date.now() + s.waitMs;
    let wait = 5;
    for (;;) {
      const got = await s.link.run('org-wide slot', (c) => c.eval(ACQUIRE, 1, s.key, s.limit, id, s.leaseMs), deadline, signal);
      if (got === 1) break;
      if (signal?.aborted) throw signal.reason;
      if (Date.now() + wait > deadline) {
        throw new FleetError('SLOT_TIMEOUT', `all ${s.limit} org-wide concurrency slots stayed busy for ${s.waitMs} ms; nothing was sent`, {
          hint: 'other workers are using the org limit; raise waitMs, or lower the number of workers',
        });
      }
      await sleep(wait + Math.floor(Math.random() * wait));
      wait = Math.min(wait * 2, 50);
    }
    this.#held.add(id);
    this.#startRenewing();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held.delete(id);
      if (this.#held.size === 0) this.#stopRenewing();
      // A release lost to an outage costs a slot for at most leaseMs.
      s.link.client.zrem(s.key, id).catch(() => undefined);
    };
  }

  /** Slots busy across the org now. */
  async busy(): Promise<number> {
    return (await this.s.link.run('org-wide slots', (c) => c.eval(COUNT, 1, this.s.key), Date.now() + this.s.waitMs)) as number;
  }

  close(): void {
    this.#closed = true;
    this.#stopRenewing();
  }

  #startRenewing(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#renew(), this.s.renewEveryMs);
    this.#timer.unref();
  }

  #stopRenewing(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #renew(): Promise<void> {
    const ids = [...this.#held];
    if (ids.length === 0) return;
    try {
      const lost = (await this.s.link.client.eval(RENEW, 1, this.s.key, this.s.leaseMs, ...ids)) as number;
      if (lost > 0) this.s.logger.warn(`${lost} org-wide slot lease(s) expired before renewal (Redis unreachable for longer than the lease?); the calls holding them go on`, {});
    } catch (err) {
      this.s.logger.warn(`could not renew org-wide slot leases: ${err instanceof Error ? err.message : String(err)}`, {});
    }
  }
}
