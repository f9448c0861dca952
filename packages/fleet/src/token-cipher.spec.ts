import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { FleetError } from './fleet-error.js';
import { createTokenCipher, keyIdOf } from './token-cipher.js';

const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

describe('token cipher (AES-256-GCM)', () => {
  it('round-trips, never shows the token, and uses a fresh IV each time', () => {
    const cipher = createTokenCipher(randomBytes(32), false);
    const a = cipher.seal(TOKEN, 'k1');
    const b = cipher.seal(TOKEN, 'k1');
    expect(a).not.toContain(TOKEN.slice(5, 20));
    expect(a).not.toBe(b);
    expect(cipher.open(a, 'k1')).toBe(TOKEN);
    expect(cipher.encrypted).toBe(true);
  });

  it('refuses another key, another key name, and an altered value', () => {
    const key = randomBytes(32);
    const sealed = createTokenCipher(key, false).seal(TOKEN, 'k1');
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof FleetError ? err.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => createTokenCipher(randomBytes(32), false).open(sealed, 'k1'))).toBe('TOKEN_UNREADABLE');
    expect(codeOf(() => createTokenCipher(key, false).open(sealed, 'k2'))).toBe('TOKEN_UNREADABLE');
    const parts = sealed.split(':');
    const data = Buffer.from(parts[4]!, 'base64');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64');
    expect(codeOf(() => createTokenCipher(key, false).open(parts.join(':'), 'k1'))).toBe('TOKEN_UNREADABLE');
    expect(codeOf(() => createTokenCipher(key, false).open('plain:abc', 'k1'))).toBe('TOKEN_UNREADABLE');
  });

  it('tags what it seals with the writing key\'s id, a fingerprint that never shows the key', () => {
    const key = randomBytes(32);
    const cipher = createTokenCipher(key, false);
    expect(cipher.writeKeyId).toBe(keyIdOf(key));
    expect(cipher.writeKeyId).toMatch(/^[0-9a-f]{16}$/);
    expect(key.toString('hex')).not.toContain(cipher.writeKeyId);
    expect(cipher.seal(TOKEN, 'k').split(':')[1]).toBe(cipher.writeKeyId);
    expect(createTokenCipher(randomBytes(32), false).writeKeyId).not.toBe(cipher.writeKeyId);
  });

  it('a key ring reads with every key and writes with the first: a rotation loses nothing', () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const before = createTokenCipher([oldKey], false);
    const during = createTokenCipher([newKey, oldKey], false);
    expect(during.keyIds).toEqual([keyIdOf(newKey), keyIdOf(oldKey)]);
    expect(during.open(before.seal(TOKEN, 'k'), 'k')).toBe(TOKEN);
    const written = during.seal(TOKEN, 'k');
    expect(written.split(':')[1]).toBe(keyIdOf(newKey));
    expect(createTokenCipher([newKey], false).open(written, 'k')).toBe(TOKEN);
    expect(() => before.open(written, 'k')).toThrow(/a key this process does not hold \(key id [0-9a-f]{16}\)/);
  });

  it('refuses plain text unless allowed explicitly, and a key that is not 32 bytes', () => {
    expect(() => createTokenCipher(undefined, false)).toThrow(/ZCRMKIT_FLEET_KEY/);
    const plain = createTokenCipher(undefined, true);
    expect(plain.encrypted).toBe(false);
    expect(plain.open(plain.seal(TOKEN, 'k'), 'k')).toBe(TOKEN);
    expect(() => plain.open(createTokenCipher(randomBytes(32), false).seal(TOKEN, 'k'), 'k')).toThrow(FleetError);
    expect(() => createTokenCipher(randomBytes(16), false)).toThrow(/32 bytes/);
  });
});
