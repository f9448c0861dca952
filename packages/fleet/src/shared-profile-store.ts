import type { RedisLink } from './redis-link.js';

/**
 * crm-core's org profile store (`orgProfile` client option), kept in Redis so that what one worker
 * learns of the org serves every worker on every host. Structurally crm-core's `OrgProfileStore`;
 * this package does not depend on crm-core.
 */
export interface SharedProfileStore {
  read<T>(org: string): Promise<T | undefined>;
  update<T>(org: string, change: (current: T) => T): Promise<void>;
}

// Compare-and-set: the new document is written only if the key still holds what was read.
const SET_IF_UNCHANGED = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

export interface SharedProfileOptions {
  link: RedisLink;
  keyFor(org: string): string;
  /** A profile untouched this long is dropped by Redis itself. */
  ttlMs: number;
  /** Deadline of one read or update, Redis retries included. */
  waitMs: number;
}

/** Conflicting writers retry with what the other wrote; past this many, the update is given up. */
const MAX_ROUNDS = 50;

// Updates of one key from this process go one at a time: compare-and-set then only arbitrates
// between processes, which back off with jitter when they collide.
const queues = new Map<string, Promise<void>>();

function queued(key: string, task: () => Promise<void>): Promise<void> {
  const previous = queues.get(key) ?? Promise.resolve();
  const mine = previous.then(task, task);
  const tail = mine.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => queues.get(key) === tail && queues.delete(key));
  return mine;
}

const pause = (round: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 10 * (round + 1))));

export function sharedProfileStore(options: SharedProfileOptions): SharedProfileStore {
  const { link } = options;
  const get = (key: string) => link.run('reading the org profile', (r) => r.get(key), Date.now() + options.waitMs);
  return {
    async read<T>(org: string): Promise<T | undefined> {
      const text = await get(options.keyFor(org));
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as T;
      } catch {
        // Only a cache: a damaged entry is a miss, and the next lesson replaces it.
        return undefined;
      }
    },
    update<T>(org: string, change: (current: T) => T): Promise<void> {
      const key = options.keyFor(org);
      return queued(key, () => casLoop(key, change));
    },
  };

  async function casLoop<T>(key: string, change: (current: T) => T): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (round > 0) await pause(round);
      const text = await get(key);
      let current: T;
      try {
        current = (text === null ? { modules: {} } : JSON.parse(text)) as T;
      } catch {
        current = { modules: {} } as T;
      }
      const next = JSON.stringify(change(current));
      const done = await link.run('keeping the org profile', (r) => r.eval(SET_IF_UNCHANGED, 1, key, text ?? '', next, String(options.ttlMs)), Date.now() + options.waitMs);
      if (done === 1) return;
    }
    throw new Error(`the org profile changed under ${MAX_ROUNDS} updates in a row; this lesson is not kept`);
  }
}
