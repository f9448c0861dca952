import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { FleetError } from './fleet-error.js';

/**
 * Encrypts the shared token for Redis: AES-256-GCM, a random 96-bit IV per write, the key name and
 * the key's id as AAD. A key ring reads with any of its keys and writes with the first, so keys can
 * be rotated without stopping the fleet.
 */
export interface TokenCipher {
  readonly encrypted: boolean;
  /** The id of the key that writes (a fingerprint: it says nothing of the key). */
  readonly writeKeyId: string;
  /** The ids of every key this ring reads, the writing one first. */
  readonly keyIds: readonly string[];
  seal(plain: string, keyName: string): string;
  open(sealed: string, keyName: string): string;
}

const VERSION = 'v2';
/** The key id of tokens stored unencrypted (ZCRMKIT_FLEET_ALLOW_PLAINTEXT). */
export const PLAINTEXT_KEY_ID = 'plain';

/**
 * A key's id: 64 bits of a SHA-256 of the key under a label of its own. Enough to tell two keys
 * apart; nothing to learn the key from (a 256-bit key behind a one-way function).
 */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('zcrmkit fleet key id\0').update(key).digest('hex').slice(0, 16);
}

export function createTokenCipher(keys: Buffer | readonly Buffer[] | undefined, allowPlaintext: boolean): TokenCipher {
  const ring = keys === undefined ? [] : Buffer.isBuffer(keys) ? [keys] : [...keys];
  if (ring.length === 0) {
    if (!allowPlaintext) {
      throw new FleetError('INVALID_OPTION', 'no encryption key (ZCRMKIT_FLEET_KEY): the shared access token would be stored in Redis in plain text', {
        hint: 'set ZCRMKIT_FLEET_KEY to 32 random bytes (openssl rand -base64 32), or allowPlaintext / ZCRMKIT_FLEET_ALLOW_PLAINTEXT=true to accept plain text',
      });
    }
    return {
      encrypted: false,
      writeKeyId: PLAINTEXT_KEY_ID,
      keyIds: [PLAINTEXT_KEY_ID],
      seal: (plain) => `plain:${plain}`,
      open: (sealed) => (sealed.startsWith('plain:') ? sealed.slice(6) : unreadable('it is encrypted and this process has no key')),
    };
  }
  for (const key of ring) {
    if (key.length !== 32) throw new FleetError('INVALID_OPTION', `the encryption key must be 32 bytes, got ${key.length}`, { hint: 'make one with openssl rand -base64 32' });
  }
  const byId = new Map(ring.map((key) => [keyIdOf(key), key]));
  const writeKeyId = keyIdOf(ring[0]!);
  const aad = (keyName: string, id: string) => Buffer.from(`${keyName}\0${id}`);
  return {
    encrypted: true,
    writeKeyId,
    keyIds: [...byId.keys()],
    seal(plain, keyName) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', byId.get(writeKeyId)!, iv);
      cipher.setAAD(aad(keyName, writeKeyId));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, writeKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed, keyName) {
      const [version, id, iv, tag, data] = sealed.split(':');
      if (version !== VERSION || !id || !iv || !tag || data === undefined) return unreadable(sealed.startsWith('plain:') ? 'it is stored in plain text and this process expects it encrypted' : 'unknown format');
      const key = byId.get(id);
      if (!key) return unreadable(`it was written with a key this process does not hold (key id ${id})`);
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(aad(keyName, id));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return unreadable('it was altered, or written under another name');
      }
    },
  };
}

function unreadable(why: string): never {
  throw new FleetError('TOKEN_UNREADABLE', `the shared access token in Redis cannot be read: ${why}`, {
    hint: 'give every worker the same ZCRMKIT_FLEET_KEY (and the same plaintext setting); a wrong one is never overwritten silently',
  });
}
