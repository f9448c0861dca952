import { randomUUID } from 'node:crypto';
import { FleetError } from './fleet-error.js';
import type { FleetLogger } from './logger.js';
import type { RedisLink } from './redis-link.js';
import { LUA_NOW } from './redis-time.js';

/**
 * Renews this worker's entry (expiry in Redis server time) and returns every live entry; expired
 * ones (a worker that died) are dropped first.
 */
const HEARTBEAT = `${LUA_NOW}
local key = KEYS[1]
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
redis.call('ZADD', key, now + ttl, ARGV[1])
redis.call('PEXPIRE', key, ttl * 2)
return redis.call('ZRANGE', key, 0, -1)`;

export interface FleetMembersSettings {
  link: RedisLink;
  key: string;
  /** The id of the key this worker writes with, then every key it reads. */
  writeKeyId: string;
  keyIds: readonly string[];
  /** An entry not renewed for this long is gone (a SIGKILLed worker's). */
  ttlMs: number;
  /** How often the entry is renewed and the others counted. */
  everyMs: number;
  waitMs: number;
  logger: FleetLogger;
  /** Told once when this worker finds it is the odd one out. */
  onMismatch?: (error: FleetError) => void;
}

interface Member {
  writeKeyId: string;
  keyIds: string[];
}

function parse(entry: string): Member | undefined {
  const [writeKeyId, keyIds] = entry.split('|');
  return writeKeyId && keyIds ? { writeKeyId, keyIds: keyIds.split(',') } : undefined;
}

/**
 * The workers that share one refresh token, and which keys they hold. Two workers are compatible
 * when one of them can read what the other writes (a rotation: "new,old" beside "old"). When the
 * live workers that cannot read this worker's tokens, nor write any it can read, outnumber those
 * that can, this worker is the misconfigured one: it stops with FLEET_KEY_MISMATCH instead of
 * running a token of its own beside the fleet's. A tie (two fleets of one size on one refresh
 * token) stops neither: each keeps its own token, and the token ledger stays shared.
 */
export class FleetMembers {
  readonly #entry: string;
  #timer: NodeJS.Timeout | undefined;
  #lastCheck = 0;
  #mismatch: FleetError | undefined;
  #closed = false;

  constructor(private readonly s: FleetMembersSettings) {
    this.#entry = `${s.writeKeyId}|${s.keyIds.join(',')}|${randomUUID()}`;
  }

  /** Throws FLEET_KEY_MISMATCH when this worker is outnumbered by workers holding other keys. */
  async check(signal?: AbortSignal): Promise<void> {
    if (this.#mismatch) throw this.#mismatch;
    if (Date.now() - this.#lastCheck >= this.s.everyMs) await this.heartbeat(signal);
    if (this.#mismatch) throw this.#mismatch;
  }

  /** As a call gate: checks, holds nothing. */
  async acquire(_call: { operation: string }, signal?: AbortSignal): Promise<() => void> {
    await this.check(signal);
    return () => undefined;
  }

  private async heartbeat(signal?: AbortSignal): Promise<void> {
    const { s } = this;
    const entries = (await s.link.run('fleet members', (c) => c.eval(HEARTBEAT, 1, s.key, this.#entry, s.ttlMs), Date.now() + s.waitMs, signal)) as string[];
    this.#lastCheck = Date.now();
    this.#start();
    let compatible = 0;
    let foreign = 0;
    const foreignIds = new Set<string>();
    for (const member of entries.map(parse)) {
      if (!member) continue;
      const readable = s.keyIds.includes(member.writeKeyId) || member.keyIds.includes(s.writeKeyId);
      if (readable) compatible++;
      else {
        foreign++;
        foreignIds.add(member.writeKeyId);
      }
    }
    if (foreign > compatible && !this.#mismatch) {
      this.#mismatch = new FleetError(
        'FLEET_KEY_MISMATCH',
        `ZCRMKIT_FLEET_KEY of this worker (key id ${s.writeKeyId}) differs from the key of ${foreign} other live worker${foreign === 1 ? '' : 's'} sharing this refresh token (key id ${[...foreignIds].join(', ')}), which outnumber the ${compatible} with this key; this worker stops rather than run a second token beside the fleet's`,
        { hint: 'give this worker the fleet\'s ZCRMKIT_FLEET_KEY; to rotate keys, list the new key first and the old one after it, comma-separated, on every worker' },
      );
      s.logger.error(this.#mismatch.message, {});
      s.onMismatch?.(this.#mismatch);
    }
  }

  #start(): void {
    if (this.#timer || this.#closed) return;
    this.#timer = setInterval(() => {
      this.heartbeat().catch((err: unknown) => this.s.logger.warn(`could not renew this worker's fleet entry: ${err instanceof Error ? err.message : String(err)}`, {}));
    }, this.s.everyMs);
    this.#timer.unref();
  }

  /** Leaves the fleet: the entry goes at once (a dead worker's goes with its TTL). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    const { s } = this;
    await s.link.run('leave the fleet', (c) => c.zrem(s.key, this.#entry), Date.now() + 1_000).catch(() => undefined);
  }
}
