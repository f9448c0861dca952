import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { FleetError } from './fleet-error.js';

/** Encrypts the shared token for Redis: AES-256-GCM, a random 96-bit IV per write, the key name as AAD. */
export interface TokenCipher {
  readonly encrypted: boolean;
  seal(plain: string, keyName: string): string;
  open(sealed: string, keyName: string): string;
}

const VERSION = 'v1';

export function createTokenCipher(key: Buffer | undefined, allowPlaintext: boolean): TokenCipher {
  if (!key) {
    if (!allowPlaintext) {
      throw new FleetError('INVALID_OPTION', 'no encryption key (ZCRMKIT_FLEET_KEY): the shared access token would be stored in Redis in plain text', {
        hint: 'set ZCRMKIT_FLEET_KEY to 32 random bytes (openssl rand -base64 32), or allowPlaintext / ZCRMKIT_FLEET_ALLOW_PLAINTEXT=true to accept plain text',
      });
    }
    return { encrypted: false, seal: (plain) => `plain:${plain}`, open: (sealed) => (sealed.startsWith('plain:') ? sealed.slice(6) : unreadable('it is encrypted and this process has no key')) };
  }
  if (key.length !== 32) throw new FleetError('INVALID_OPTION', `the encryption key must be 32 bytes, got ${key.length}`, { hint: 'make one with openssl rand -base64 32' });
  return {
    encrypted: true,
    seal(plain, keyName) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(keyName));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed, keyName) {
      const [version, iv, tag, data] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || data === undefined) return unreadable(sealed.startsWith('plain:') ? 'it is stored in plain text and this process expects it encrypted' : 'unknown format');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
        decipher.setAAD(Buffer.from(keyName));
        decipher.setAuthTag(Buffer.from(tag, 'base64'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        return unreadable('another key encrypted it, or it was altered');
      }
    },
  };
}

function unreadable(why: string): never {
  throw new FleetError('TOKEN_UNREADABLE', `the shared access token in Redis cannot be read: ${why}`, {
    hint: 'give every worker the same ZCRMKIT_FLEET_KEY (and the same plaintext setting); a wrong one is never overwritten silently',
  });
}
