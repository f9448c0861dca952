import { Redis } from 'ioredis';
import { FleetError } from './fleet-error.js';
import type { FleetLogger } from './logger.js';

/** One Redis connection and the one way the fleet talks through it: every command has a deadline. */
export interface RedisLink {
  readonly client: Redis;
  /** `host:port`, for messages (never the URL, which may hold a password). */
  readonly host: string;
  /**
   * Runs `op`, retrying connection failures with backoff until `deadline` (epoch ms) or the
   * signal's abort; then REDIS_UNAVAILABLE. A Redis reply error (a script bug) is thrown at once.
   */
  run<T>(what: string, op: (client: Redis) => Promise<T>, deadline: number, signal?: AbortSignal): Promise<T>;
  close(): Promise<void>;
}

export interface RedisLinkOptions {
  url: string;
  /** Deadline of one command. Default: 2 000 ms. */
  commandTimeoutMs?: number;
  logger: FleetLogger;
}

export const DEFAULT_COMMAND_TIMEOUT_MS = 2_000;

export function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

function isReplyError(err: unknown): boolean {
  return err instanceof Error && err.name === 'ReplyError' && !/^(LOADING|BUSY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|READONLY)/.test(err.message);
}

export function connectRedis(options: RedisLinkOptions): RedisLink {
  const host = hostOf(options.url);
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
  const client = new Redis(options.url, {
    lazyConnect: false,
    commandTimeout,
    connectTimeout: commandTimeout,
    // Fail queued commands quickly while disconnected; `run` retries them within its own deadline.
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(100 * times, 1_000),
    enableReadyCheck: true,
    disconnectTimeout: 200,
  });
  let lastWarned = 0;
  // Without a listener ioredis prints every connection error to the console.
  client.on('error', (err: Error & { code?: string }) => {
    if (Date.now() - lastWarned < 5_000) return;
    lastWarned = Date.now();
    options.logger.warn(`Redis at ${host} is unreachable (${err.code ?? err.name})`, { redis: host });
  });

  return {
    client,
    host,
    async run(what, op, deadline, signal) {
      let wait = 50;
      let last: unknown;
      for (;;) {
        if (signal?.aborted) throw signal.reason;
        try {
          return await op(client);
        } catch (err) {
          if (isReplyError(err)) throw err;
          last = err;
        }
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, left)));
        wait = Math.min(wait * 2, 500);
      }
      const code = (last as { code?: unknown } | undefined)?.code;
      throw new FleetError('REDIS_UNAVAILABLE', `${what}: Redis at ${host} did not answer in time (${typeof code === 'string' ? code : last instanceof Error ? last.message.slice(0, 80) : 'no answer'}); nothing was sent to Zoho`, {
        hint: 'check that Redis is running and reachable; the fleet refuses to go on without it (fail closed) so that Zoho limits are never crossed',
        cause: last,
      });
    },
    async close() {
      // QUIT would wait for a connection that may never come back.
      if (client.status !== 'ready') return client.disconnect();
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };
}
