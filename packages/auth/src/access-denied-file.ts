import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '@zcrmkit/safe-fs';

// Zoho allows 10 access tokens per refresh token per 10 minutes; past that it answers Access Denied
// and "the access token creation will be blocked for the rest of the ten minutes"
// (https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token-expiry.html). Every process
// sharing the store file learns of an Access Denied from this file beside it, written under the
// store's lock, so that none of them asks again until the window is over.

/** Zoho's window: after an Access Denied no process asks again for this long. */
export const DEFAULT_ACCESS_DENIED_WAIT_MS = 600_000;

/** `<store>.denied`: refresh-token hash → epoch ms until which no token request goes out. */
export function deniedFileOf(storePath: string): string {
  return `${storePath}.denied`;
}

/** A name for a refresh token that reveals nothing of it. */
export function refreshTokenKey(refreshToken: string): string {
  return createHash('sha256').update('zcrmkit denied\0').update(refreshToken).digest('hex').slice(0, 24);
}

async function readAll(storePath: string): Promise<Record<string, number>> {
  try {
    const parsed = JSON.parse(await readFile(deniedFileOf(storePath), 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, number>) : {};
  } catch {
    // Missing (the usual case) or unreadable: nothing is known to be denied.
    return {};
  }
}

/** Until when (epoch ms) token requests for this refresh token wait; undefined when they need not. */
export async function deniedUntil(storePath: string, key: string, now = Date.now()): Promise<number | undefined> {
  const until = (await readAll(storePath))[key];
  return typeof until === 'number' && until > now ? until : undefined;
}

/** Records an Access Denied (the caller holds the store's lock). */
export async function recordDenied(storePath: string, key: string, until: number): Promise<void> {
  const all = await readAll(storePath);
  const now = Date.now();
  for (const [k, v] of Object.entries(all)) if (typeof v !== 'number' || v <= now) delete all[k];
  all[key] = until;
  await writeFileAtomic(deniedFileOf(storePath), `${JSON.stringify(all)}\n`, 0o600);
}

/** Forgets an Access Denied once a token came (the caller holds the store's lock). */
export async function clearDenied(storePath: string, key: string): Promise<void> {
  const all = await readAll(storePath);
  if (!(key in all)) return;
  delete all[key];
  if (Object.keys(all).length === 0) await rm(deniedFileOf(storePath), { force: true });
  else await writeFileAtomic(deniedFileOf(storePath), `${JSON.stringify(all)}\n`, 0o600);
}
