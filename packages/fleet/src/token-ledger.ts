import { randomUUID } from 'node:crypto';
import type { RedisLink } from './redis-link.js';
import { LUA_NOW } from './redis-time.js';

/**
 * One entry per token request the fleet sends for a refresh token, in a sorted set scored by the
 * Redis server's time. A request is allowed only while fewer than `max` entries lie in the window;
 * otherwise the answer says when the oldest leaves it.
 */
const RESERVE = `${LUA_NOW}
local key = KEYS[1]
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < max then
  redis.call('ZADD', key, now, ARGV[3])
  redis.call('PEXPIRE', key, window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}`;

export type LedgerAnswer = { ok: true } | { ok: false; retryInMs: number };

export class TokenLedger {
  constructor(
    private readonly link: RedisLink,
    private readonly key: string,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records one token request if the window has room. */
  async reserve(deadline: number): Promise<LedgerAnswer> {
    const [ok, retryInMs] = (await this.link.run('token request ledger', (c) => c.eval(RESERVE, 1, this.key, this.max, this.windowMs, randomUUID()), deadline)) as [number, number];
    return ok === 1 ? { ok: true } : { ok: false, retryInMs: Math.max(1, retryInMs) };
  }

  /** Token requests in the current window. */
  async count(deadline: number): Promise<number> {
    return this.link.run('token request ledger', async (c) => {
      const time = await c.time();
      const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
      return c.zcount(this.key, `(${now - this.windowMs}`, '+inf');
    }, deadline);
  }
}
