import { randomUUID } from 'node:crypto';
import type { GrantRequest, GrantSource, TokenGrant } from '@zcrmkit/auth';
import { FleetError } from './fleet-error.js';
import type { FleetMembers } from './fleet-members.js';
import type { FleetLogger } from './logger.js';
import type { RedisLink } from './redis-link.js';
import type { TokenCipher } from './token-cipher.js';
import type { TokenLedger } from './token-ledger.js';

export interface SharedGrantSourceSettings {
  link: RedisLink;
  cipher: TokenCipher;
  ledger: TokenLedger;
  /** The key of the token one encryption key wrote (by the key's id). */
  tokenKey: (keyId: string) => string;
  /** Refuses to serve a worker whose key the fleet does not share (FLEET_KEY_MISMATCH). */
  members: FleetMembers;
  leaseKey: string;
  /** Set after an Access Denied, for as long as every worker must wait. */
  deniedKey: string;
  /** How long every worker waits after an Access Denied (Zoho blocks the rest of its 10 minutes). */
  deniedWaitMs: number;
  /** The refresh lease: longer than one token request's deadline (auth's default: 15 s). */
  leaseMs: number;
  /** How long a caller waits for a token in all (leader, window, Redis). */
  waitMs: number;
  /** How often a follower looks for the leader's token. */
  pollMs: number;
  logger: FleetLogger;
}

/** A shared token is handed out only with at least this long left (the SDK wants more than 5 s). */
const USABLE_FLOOR_MS = 10_000;

const RELEASE_LEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One access token for every process that shares a refresh token. A caller whose token must be
 * replaced takes the shared one if it is another, usable token; otherwise one process — the holder
 * of the refresh lease — asks Zoho, within the ledger's 10 per 10 minutes, and publishes the token
 * encrypted; the others wait for it. Any doubt (Redis unreachable, lease not released, window full
 * past the deadline) ends in a FleetError, never in an extra token request.
 *
 * Each encryption key has a token of its own (named by the key's id): a worker with another key —
 * a misconfigured one, or what is left of an earlier fleet — can neither read nor overwrite this
 * fleet's token, so it cannot lock the fleet out; the lease and the ledger stay shared, so Zoho's
 * limits hold for all of them together.
 */
export class SharedGrantSource implements GrantSource {
  constructor(private readonly s: SharedGrantSourceSettings) {}

  async obtain(request: GrantRequest): Promise<TokenGrant> {
    const { s } = this;
    const deadline = Date.now() + s.waitMs;
    await s.members.check();
    for (;;) {
      const shared = await this.read(deadline);
      if (this.takeable(shared, request.seenAccessToken)) return shared as TokenGrant;
      const lease = randomUUID();
      const won = (await s.link.run('refresh lease', (c) => c.set(s.leaseKey, lease, 'PX', s.leaseMs, 'NX'), deadline)) === 'OK';
      if (won) {
        const outcome = await this.lead(request, lease, deadline);
        if (outcome) return outcome;
        continue;
      }
      if (Date.now() + s.pollMs > deadline) {
        throw new FleetError('TOKEN_WAIT_TIMEOUT', `another worker is refreshing the shared access token and no new token appeared within ${s.waitMs} ms`, {
          hint: 'the worker holding the refresh lease may be stuck; its lease expires by itself, then the next caller refreshes',
        });
      }
      await sleep(s.pollMs);
    }
  }

  /** Holding the lease: the token, or undefined to start over after waiting for the ledger's window. */
  private async lead(request: GrantRequest, lease: string, deadline: number): Promise<TokenGrant | undefined> {
    const { s } = this;
    let release = true;
    try {
      // Someone may have published between our read and winning the lease.
      const again = await this.read(deadline);
      if (this.takeable(again, request.seenAccessToken)) return again as TokenGrant;
      const deniedForMs = Number(await s.link.run('access denied', (c) => c.pttl(s.deniedKey), deadline));
      if (deniedForMs > 0) {
        throw new FleetError('TOKEN_THROTTLED', `Zoho answered a token request of the fleet with Access Denied; every worker waits out its window: the next token request goes out in ${Math.ceil(deniedForMs / 1000)} s (nothing was sent)`, {
          hint: 'Zoho allows 10 access tokens per refresh token per 10 minutes; wait, then run again. If it keeps happening, find what else uses this refresh token',
        });
      }
      const room = await s.ledger.reserve(deadline);
      if (!room.ok) {
        if (Date.now() + room.retryInMs > deadline) {
          throw new FleetError(
            'TOKEN_BUDGET_EXHAUSTED',
            `the fleet has sent ${s.ledger.max} token requests in the last ${Math.round(s.ledger.windowMs / 60_000)} minutes (Zoho allows 10); the next is possible in ${Math.ceil(room.retryInMs / 1000)} s, after this call's deadline`,
            { hint: 'Zoho answers Access Denied past its limit and locks every worker out; wait and retry, or find what keeps invalidating the access token' },
          );
        }
        s.logger.warn(`token request budget used up; waiting ${Math.ceil(room.retryInMs / 1000)} s for the window`, {});
        await this.releaseLease(lease, deadline);
        release = false;
        await sleep(room.retryInMs);
        return undefined;
      }
      let grant: TokenGrant;
      try {
        grant = await request.request();
      } catch (err) {
        if ((err as { code?: unknown })?.code === 'THROTTLED') {
          // Every worker sharing the refresh token waits out Zoho's window, not only this one.
          await s.link.run('access denied', (c) => c.set(s.deniedKey, '1', 'PX', s.deniedWaitMs), deadline).catch(() => undefined);
          s.logger.warn(`Zoho answered Access Denied; no worker asks again for ${Math.round(s.deniedWaitMs / 1000)} s`, {});
        }
        throw err;
      }
      const ttl = grant.expiresAt - Date.now();
      if (ttl > 0) {
        try {
          const key = s.tokenKey(s.cipher.writeKeyId);
          await s.link.run('publish token', (c) => c.set(key, s.cipher.seal(JSON.stringify(grant), key), 'PX', ttl), deadline);
        } catch (err) {
          // This process has a valid token; the others will get their own, within the ledger.
          s.logger.warn(`could not publish the new access token to Redis: ${err instanceof Error ? err.message : String(err)}`, {});
        }
      }
      s.logger.info(request.forced ? 'refreshed the shared access token (Zoho refused the previous one)' : 'refreshed the shared access token', { expiresInSeconds: grant.expiresInSeconds });
      return grant;
    } finally {
      if (release) await this.releaseLease(lease, deadline).catch(() => undefined);
    }
  }

  private async releaseLease(lease: string, deadline: number): Promise<void> {
    const { s } = this;
    await s.link.run('release refresh lease', (c) => c.eval(RELEASE_LEASE, 1, s.leaseKey, lease), Math.max(deadline, Date.now() + 1_000));
  }

  private takeable(grant: TokenGrant | undefined, seen: string | undefined): boolean {
    return !!grant && grant.accessToken !== seen && grant.expiresAt - Date.now() > USABLE_FLOOR_MS;
  }

  /** The freshest token written with any key this worker reads (the writing key's first among equals). */
  private async read(deadline: number): Promise<TokenGrant | undefined> {
    const { s } = this;
    const keys = s.cipher.keyIds.map((id) => s.tokenKey(id));
    const sealed = await s.link.run('read shared token', (c) => c.mget(...keys), deadline);
    let best: TokenGrant | undefined;
    sealed.forEach((value, i) => {
      if (value === null) return;
      const grant = JSON.parse(s.cipher.open(value, keys[i]!)) as TokenGrant;
      if (typeof grant?.accessToken !== 'string' || typeof grant.expiresAt !== 'number') return;
      if (!best || grant.expiresAt > best.expiresAt) best = grant;
    });
    return best;
  }
}
