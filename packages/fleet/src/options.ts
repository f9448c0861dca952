import type { ZohoEdition } from '@zcrmkit/config';
import type { CreditUsage } from './credit-budget.js';
import type { FleetError } from './fleet-error.js';
import type { FleetLogger } from './logger.js';

export interface FleetOptions {
  /** `redis://` or `rediss://` URL (ZCRMKIT_REDIS_URL). Required. */
  redisUrl: string;
  /** Prefix of every key; tests give each run its own. Default: `zcrmkit`. */
  keyPrefix?: string;
  /** The OAuth client. Required (names the shared token's keys, hashed). */
  clientId: string;
  /** The refresh token the fleet shares an access token for. Required (hashed into key names, never stored). */
  refreshToken: string;
  /** What identifies the org for the slots and credits; workers of one org must agree. Default: the API URL + client id. */
  orgKey?: string;
  /**
   * 32 bytes that encrypt the shared token (AES-256-GCM), or a key ring: the first key encrypts,
   * the others are still read (a rotation: new key first, then the old one). Required unless
   * allowPlaintext.
   */
  encryptionKey?: Buffer | readonly Buffer[];
  /** Store the shared token unencrypted. Default: false (no key = refusal). */
  allowPlaintext?: boolean;
  /** Sizes the concurrency cap (Free 5 … Ultimate 25) and the default credit budget. Default: standard. */
  edition?: ZohoEdition;
  /** Org-wide concurrent calls; overrides the edition's. */
  concurrency?: number;
  /** Credits per rolling 24 h for the fleet; `false` counts nothing. Default: the edition's base (Free 5 000, else 50 000). */
  creditBudget?: number | false;
  /** Share of the budget at which a warning goes out. Default: 0.8. */
  creditWarnAt?: number;
  /** Credits a call of an operation costs. Default: 1 for every call. */
  creditsFor?: (operation: string) => number;
  /** Called when the fleet crosses creditWarnAt (once per crossing per process). Default: none (the logger warns). */
  onCreditWarning?: (usage: CreditUsage) => void;
  /** The longest any caller waits: for a slot, the leader's token, the token window or Redis. Default: 30 000 ms. */
  waitMs?: number;
  /** A slot's lease: a dead holder's slots are free again after this long. Default: 10 000 ms. */
  slotLeaseMs?: number;
  /** How often held slots are renewed (less than half the lease). Default: 3 000 ms. */
  slotRenewEveryMs?: number;
  /** The refresh lease (longer than one token request's deadline, auth's 15 s). Default: 20 000 ms. */
  refreshLeaseMs?: number;
  /** How often a waiting worker looks for the leader's token. Default: 100 ms. */
  tokenPollMs?: number;
  /** Token requests the fleet may send per window. Default: 10 (Zoho's limit). */
  tokenRequestsPerWindow?: number;
  /** The token window; a little longer than Zoho's 10 minutes, for clock differences. Default: 610 000 ms. */
  tokenWindowMs?: number;
  /**
   * After Zoho answers a token request with Access Denied, no worker of the refresh token asks again
   * for this long; each caller meanwhile gets TOKEN_THROTTLED with the time left. Default: 600 000 ms
   * (Zoho blocks the rest of its 10-minute window; ZOHO_ACCESS_DENIED_WAIT_MS).
   */
  accessDeniedWaitMs?: number;
  /** Deadline of one Redis command. Default: 2 000 ms. */
  commandTimeoutMs?: number;
  /** Default: logs nothing. */
  logger?: FleetLogger;
  /**
   * Called once when this worker finds its key differs from the key most live workers of its
   * refresh token hold (FLEET_KEY_MISMATCH); from then on its token requests and calls are
   * refused. A command line stops there (exit 2). Default: none (the logger reports it).
   */
  onKeyMismatch?: (error: FleetError) => void;
}

export const FLEET_DEFAULTS = Object.freeze({
  keyPrefix: 'zcrmkit',
  allowPlaintext: false,
  edition: 'standard' as ZohoEdition,
  creditWarnAt: 0.8,
  waitMs: 30_000,
  slotLeaseMs: 10_000,
  slotRenewEveryMs: 3_000,
  refreshLeaseMs: 20_000,
  tokenPollMs: 100,
  tokenRequestsPerWindow: 10,
  tokenWindowMs: 610_000,
  commandTimeoutMs: 2_000,
});
