import { randomUUID } from 'node:crypto';
import type { RedisLink } from './redis-link.js';
import { LUA_NOW } from './redis-time.js';

/**
 * One entry per token request the fleet sends for a refresh token, in a sorted set scored by the
 * Redis server's time. A request is allowed only while fewer than `max` entries lie in the window;
 * otherwise the answer says when the oldest leaves it.
 *
 * What Redis forgot is taken as spent: when the caller saw Redis restart (ARGV[4]), or when a shared
 * token exists but the ledger's marker does not (the marker outlives every token, so only a lost
 * ledger explains it), `max - 1` entries of no request are added: one request goes out after the
 * loss, then the fleet waits for the window like after ten. Once per Redis run (ARGV[6]; the
 * marker remembers it): a worker that learns of the restart after another, unaware one already
 * sent the one request counts that request too, instead of allowing a second.
 */
const RESERVE = `${LUA_NOW}
local ledger = KEYS[1]
local marker = KEYS[2]
local max = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local forgotten = tonumber(ARGV[4]) == 1
local kept = redis.call('GET', marker)
if not kept then
  for i = 3, #KEYS do
    if redis.call('EXISTS', KEYS[i]) == 1 then forgotten = true end
  end
end
local filled = 'filled:' .. ARGV[6]
redis.call('ZREMRANGEBYSCORE', ledger, '-inf', now - window)
if forgotten and kept ~= filled then
  for i = 1, max - 1 do
    redis.call('ZADD', ledger, now, 'assumed:' .. i .. ':' .. ARGV[3])
  end
  redis.call('PEXPIRE', ledger, window)
  kept = filled
end
local stamp = kept or '1'
redis.call('SET', marker, stamp, 'PX', tonumber(ARGV[5]))
if redis.call('ZCARD', ledger) < max then
  redis.call('ZADD', ledger, now, ARGV[3])
  redis.call('PEXPIRE', ledger, window)
  return {1, 0}
end
local oldest = redis.call('ZRANGE', ledger, 0, 0, 'WITHSCORES')
return {0, tonumber(oldest[2]) + window - now}`;

/** The marker lives longer than any access token (1 h) and the window. */
const MARKER_TTL_MS = 2 * 60 * 60 * 1000;

export type LedgerAnswer = { ok: true } | { ok: false; retryInMs: number };

export interface TokenLedgerKeys {
  ledger: string;
  /** Set with every entry; outlives every token, so a token without it means the ledger was lost. */
  marker: string;
  /** The shared tokens of this refresh token (one per encryption key this worker reads). */
  tokens: readonly string[];
}

export class TokenLedger {
  /** The Redis server's run id when this process last reserved: another one means a restart. */
  #runId: string | undefined;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: TokenLedgerKeys,
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Records one token request if the window has room. */
  async reserve(deadline: number): Promise<LedgerAnswer> {
    const { keys } = this;
    const restarted = await this.#restarted(deadline);
    const [ok, retryInMs] = (await this.link.run('token request ledger', (c) => c.eval(RESERVE, 2 + keys.tokens.length, keys.ledger, keys.marker, ...keys.tokens, this.max, this.windowMs, randomUUID(), restarted ? 1 : 0, Math.max(MARKER_TTL_MS, this.windowMs), this.#runId ?? ''), deadline)) as [number, number];
    return ok === 1 ? { ok: true } : { ok: false, retryInMs: Math.max(1, retryInMs) };
  }

  /** Whether Redis restarted since this process last reserved (its ledger may be gone). */
  async #restarted(deadline: number): Promise<boolean> {
    let info: string;
    try {
      info = await this.link.run('redis run id', (c) => c.info('server'), deadline);
    } catch {
      // INFO refused (a managed Redis may rename it) or no answer: the marker still tells a lost ledger.
      return false;
    }
    const runId = /^run_id:(\w+)/m.exec(info)?.[1];
    const restarted = this.#runId !== undefined && runId !== undefined && runId !== this.#runId;
    this.#runId = runId ?? this.#runId;
    return restarted;
  }

  /** Token requests in the current window (entries of no request, after a restart, included). */
  async count(deadline: number): Promise<number> {
    return this.link.run('token request ledger', async (c) => {
      const time = await c.time();
      const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
      return c.zcount(this.keys.ledger, `(${now - this.windowMs}`, '+inf');
    }, deadline);
  }
}
