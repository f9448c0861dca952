import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import { DEFAULT_ACCESS_DENIED_WAIT_MS, type GrantSource } from '@zcrmkit/auth';
import { ZOHO_EDITIONS, type ZohoConfig } from '@zcrmkit/config';
import { CreditBudget } from './credit-budget.js';
import { EDITION_BASE_CREDITS, EDITION_CONCURRENCY } from './editions.js';
import { FleetError } from './fleet-error.js';
import { FleetMembers } from './fleet-members.js';
import { fleetKeys } from './keys.js';
import { silentFleetLogger } from './logger.js';
import { FLEET_DEFAULTS, type FleetOptions } from './options.js';
import { OrgSemaphore } from './org-semaphore.js';
import { connectRedis } from './redis-link.js';
import { SharedGrantSource } from './shared-grant-source.js';
import { sharedProfileStore, type SharedProfileStore } from './shared-profile-store.js';
import { createTokenCipher } from './token-cipher.js';
import { TokenLedger } from './token-ledger.js';

/** What crm-core's `callGates` option takes (structurally; the fleet does not depend on crm-core). */
export interface FleetGate {
  /** A gate that spends API credits adds them to `call.credits` (crm-core shows them to middleware). */
  acquire(call: { operation: string; credits?: number }, signal: AbortSignal): Promise<() => void>;
}

/**
 * crm-core's plugin shape (structurally): `createZohoClient({ plugins: [fleet.plugin()] })` gives
 * the client the shared token source, the call gates and the org profile kept in Redis.
 */
export interface FleetPlugin {
  readonly name: 'fleet';
  readonly clientOptions: { grantSource: GrantSource; callGates: FleetGate[]; orgProfile: SharedProfileStore };
  /** Present on a plugin made by `fleet(config)`: it closes the fleet it made with the client. */
  close?(): Promise<void>;
  /** The fleet behind the plugin (its budget, slots and key check). */
  readonly fleet: Fleet;
}

export interface Fleet {
  /** For crm-core's `grantSource` option (or auth's ZohoTokenStore). */
  readonly grantSource: GrantSource;
  /** The org-wide slots. */
  readonly slots: OrgSemaphore;
  /** The credit budget, unless `creditBudget: false`. */
  readonly budget: CreditBudget | undefined;
  /** The id of the key this worker encrypts the shared token with (a fingerprint, never the key). */
  readonly keyId: string;
  /**
   * Joins the fleet's roll of live workers and throws FLEET_KEY_MISMATCH when this worker's key
   * differs from the key most of them hold; every token request and call checks it too. Call it
   * before sending anything to stop a misconfigured worker at once.
   */
  checkKey(signal?: AbortSignal): Promise<void>;
  /** For crm-core's `callGates` option: the key check, the slots, then the budget. */
  readonly callGates: FleetGate[];
  /**
   * The fleet as one crm-core plugin: the shared token source, the call gates, and the org
   * profile kept in Redis (what one worker learns of the org serves all). The fleet stays open
   * when a client closes: whoever created it closes it.
   */
  plugin(): FleetPlugin;
  /** @deprecated pass `plugins: [fleet.plugin()]` to createZohoClient instead of spreading these. */
  clientOptions(): FleetPlugin['clientOptions'];
  /** Token requests the fleet sent in the current window. */
  tokenRequestsInWindow(): Promise<number>;
  /** Stops renewing and closes the Redis connection. Held slots expire with their lease. */
  close(): Promise<void>;
}


// Each entry of a profile expires by crm-core's metadataTtlMs; the key itself goes after a day unused.
const PROFILE_TTL_MS = 24 * 60 * 60 * 1000;

function int(value: number | undefined, fallback: number, key: string, min: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min) throw new FleetError('INVALID_OPTION', `${key} option must be an integer >= ${min}, got ${String(n)}`);
  return n;
}

function text(value: unknown, key: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new FleetError('INVALID_OPTION', `${key} option is required`);
  return value;
}

/** Connects to Redis (lazily retried) and builds the shared token source, slots and budget. */
export function createFleet(options: FleetOptions): Fleet {
  const redisUrl = text(options?.redisUrl, 'redisUrl');
  const clientId = text(options.clientId, 'clientId');
  const refreshToken = text(options.refreshToken, 'refreshToken');
  const edition = options.edition ?? FLEET_DEFAULTS.edition;
  if (!ZOHO_EDITIONS.includes(edition)) throw new FleetError('INVALID_OPTION', `edition option must be one of ${ZOHO_EDITIONS.join(', ')}`);
  const waitMs = int(options.waitMs, FLEET_DEFAULTS.waitMs, 'waitMs', 1);
  const slotLeaseMs = int(options.slotLeaseMs, FLEET_DEFAULTS.slotLeaseMs, 'slotLeaseMs', 1_000);
  const slotRenewEveryMs = int(options.slotRenewEveryMs, Math.min(FLEET_DEFAULTS.slotRenewEveryMs, Math.floor(slotLeaseMs / 3)), 'slotRenewEveryMs', 100);
  if (slotRenewEveryMs * 2 > slotLeaseMs) throw new FleetError('INVALID_OPTION', `slotRenewEveryMs (${slotRenewEveryMs}) must be less than half of slotLeaseMs (${slotLeaseMs})`);
  const warnAt = options.creditWarnAt ?? FLEET_DEFAULTS.creditWarnAt;
  if (!(warnAt > 0 && warnAt <= 1)) throw new FleetError('INVALID_OPTION', 'creditWarnAt option must be in (0, 1]');
  // Plain-text refusal comes before any connection.
  const cipher = createTokenCipher(options.encryptionKey, options.allowPlaintext ?? FLEET_DEFAULTS.allowPlaintext);
  const logger = options.logger ?? silentFleetLogger;
  const keyPrefix = options.keyPrefix ?? FLEET_DEFAULTS.keyPrefix;
  const orgKey = options.orgKey ?? createHash('sha256').update(clientId).digest('hex');
  const keys = fleetKeys(keyPrefix, clientId, refreshToken, orgKey);
  const concurrency = int(options.concurrency, EDITION_CONCURRENCY[edition], 'concurrency', 1);
  const creditLimit = options.creditBudget === false ? undefined : int(options.creditBudget, EDITION_BASE_CREDITS[edition], 'creditBudget', 1);
  const tokenRequests = int(options.tokenRequestsPerWindow, FLEET_DEFAULTS.tokenRequestsPerWindow, 'tokenRequestsPerWindow', 1);
  if (tokenRequests > 10) throw new FleetError('INVALID_OPTION', 'tokenRequestsPerWindow option must be at most 10 (Zoho answers Access Denied past it)');
  const tokenWindowMs = int(options.tokenWindowMs, FLEET_DEFAULTS.tokenWindowMs, 'tokenWindowMs', 1);

  const link = connectRedis({ url: redisUrl, logger, commandTimeoutMs: int(options.commandTimeoutMs, FLEET_DEFAULTS.commandTimeoutMs, 'commandTimeoutMs', 1) });
  const ledger = new TokenLedger(link, { ledger: keys.tokenLedger, marker: keys.ledgerMarker, tokens: cipher.keyIds.map((id) => keys.tokenFor(id)) }, tokenRequests, tokenWindowMs);
  const members = new FleetMembers({
    link,
    key: keys.members,
    writeKeyId: cipher.writeKeyId,
    keyIds: cipher.keyIds,
    ttlMs: slotLeaseMs,
    everyMs: slotRenewEveryMs,
    waitMs,
    logger,
    ...(options.onKeyMismatch ? { onMismatch: options.onKeyMismatch } : {}),
  });
  const grantSource = new SharedGrantSource({
    link,
    cipher,
    ledger,
    members,
    tokenKey: keys.tokenFor,
    deniedKey: keys.denied,
    deniedWaitMs: int(options.accessDeniedWaitMs, DEFAULT_ACCESS_DENIED_WAIT_MS, 'accessDeniedWaitMs', 1_000),
    leaseKey: keys.refreshLease,
    leaseMs: int(options.refreshLeaseMs, FLEET_DEFAULTS.refreshLeaseMs, 'refreshLeaseMs', 1_000),
    waitMs,
    pollMs: int(options.tokenPollMs, FLEET_DEFAULTS.tokenPollMs, 'tokenPollMs', 1),
    logger,
  });
  const slots = new OrgSemaphore({ link, key: keys.slots, limit: concurrency, leaseMs: slotLeaseMs, renewEveryMs: slotRenewEveryMs, waitMs, logger });
  const budget =
    creditLimit === undefined
      ? undefined
      : new CreditBudget({ link, key: keys.credits, limit: creditLimit, warnAt, creditsFor: options.creditsFor ?? (() => 1), waitMs, logger, ...(options.onCreditWarning ? { onWarning: options.onCreditWarning } : {}) });
  const callGates: FleetGate[] = [members, slots, ...(budget ? [budget] : [])];
  const orgProfile = sharedProfileStore({ link, keyFor: keys.profileFor, ttlMs: PROFILE_TTL_MS, waitMs });
  let closed = false;
  const fleet: Fleet = {
    grantSource,
    slots,
    budget,
    keyId: cipher.writeKeyId,
    checkKey: (signal) => members.check(signal),
    callGates,
    plugin: () => ({ name: 'fleet', clientOptions: { grantSource, callGates, orgProfile }, fleet }),
    clientOptions: () => ({ grantSource, callGates, orgProfile }),
    tokenRequestsInWindow: () => ledger.count(Date.now() + waitMs),
    async close() {
      if (closed) return;
      closed = true;
      slots.close();
      await members.close();
      await link.close();
    },
  };
  Object.defineProperty(fleet, inspect.custom, { enumerable: false, value: () => `Fleet { redis: '${link.host}', concurrency: ${concurrency}, creditBudget: ${creditLimit ?? 'off'}, encrypted: ${cipher.encrypted} }` });
  return fleet;
}

/**
 * The fleet a loaded configuration asks for (ZCRMKIT_REDIS_URL and friends), or undefined when it
 * asks for none: the file store then stays the only coordination, as before.
 */
export function fleetFromConfig(config: ZohoConfig, options: Partial<Omit<FleetOptions, 'redisUrl' | 'clientId' | 'refreshToken'>> = {}): Fleet | undefined {
  const settings = config.fleet;
  if (!settings) return undefined;
  if (!config.refreshToken) throw new FleetError('INVALID_OPTION', "the configuration has no REFRESH_TOKEN to share");
  return createFleet({
    keyPrefix: settings.keyPrefix,
    orgKey: `${config.apiUrl}\0${config.clientId}`,
    allowPlaintext: settings.allowPlaintext,
    ...(settings.encryptionKeys.length > 0 ? { encryptionKey: settings.encryptionKeys } : {}),
    ...(settings.edition ? { edition: settings.edition } : {}),
    ...(settings.concurrency ? { concurrency: settings.concurrency } : {}),
    ...(settings.creditBudget ? { creditBudget: settings.creditBudget } : {}),
    ...(settings.waitMs ? { waitMs: settings.waitMs } : {}),
    ...(settings.slotLeaseMs ? { slotLeaseMs: settings.slotLeaseMs } : {}),
    ...(config.accessDeniedWaitMs ? { accessDeniedWaitMs: config.accessDeniedWaitMs } : {}),
    ...options,
    redisUrl: settings.redisUrl,
    clientId: config.clientId,
    refreshToken: config.refreshToken,
  });
}

/**
 * The fleet the configuration asks for, as a crm-core plugin that closes it with the client:
 * `createZohoClient({ config, plugins: [fleet(config)] })`. Undefined when the configuration asks
 * for no fleet (crm-core skips it; the file store stays the only coordination).
 */
export function fleet(config: ZohoConfig, options: Partial<Omit<FleetOptions, 'redisUrl' | 'clientId' | 'refreshToken'>> = {}): FleetPlugin | undefined {
  const made = fleetFromConfig(config, options);
  if (!made) return undefined;
  return { ...made.plugin(), close: () => made.close() };
}
