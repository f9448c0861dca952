import { createHash } from 'node:crypto';

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 24);
}

/**
 * Redis key names. They hold hashes, never a token or client secret: the refresh token's
 * keys are named after sha256(client id, refresh token), the org's after the given org key.
 */
export interface FleetKeys {
  /** The shared token written with one key (by its id): a worker holding another key never touches it. */
  tokenFor(keyId: string): string;
  refreshLease: string;
  tokenLedger: string;
  /** Lives longer than any token: a token without it means Redis lost the ledger. */
  ledgerMarker: string;
  /** Present while every worker waits out an Access Denied. */
  denied: string;
  /** The live workers of the refresh token, each with the ids of its keys. */
  members: string;
  slots: string;
  credits: string;
  /** The org profile kept for one credential (crm-core's key for it, itself a hash). */
  profileFor(org: string): string;
}

export function fleetKeys(prefix: string, clientId: string, refreshToken: string, orgKey: string): FleetKeys {
  const grant = `${prefix}:grant:${digest(clientId, refreshToken)}`;
  const org = `${prefix}:org:${digest(orgKey)}`;
  return {
    tokenFor: (keyId) => `${grant}:token:${keyId}`,
    refreshLease: `${grant}:lease`,
    tokenLedger: `${grant}:ledger`,
    ledgerMarker: `${grant}:ledger-marker`,
    denied: `${grant}:denied`,
    members: `${grant}:members`,
    slots: `${org}:slots`,
    credits: `${org}:credits`,
    profileFor: (key) => `${grant}:profile:${digest(key)}`,
  };
}
