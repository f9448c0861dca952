import { describe, expect, it } from '@jest/globals';
import { createCryptoRandom, createRandom } from './random.js';

describe('createCryptoRandom', () => {
  it('stays within bounds', () => {
    const r = createCryptoRandom();
    for (let i = 0; i < 1000; i++) {
      const n = r.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      expect([3, 4, 5]).toContain(r.int(3, 5));
    }
    expect(r.chars('ab', 8)).toMatch(/^[ab]{8}$/);
    expect(() => r.pick([])).toThrow(/empty/);
  });

  it('reaches both ends of an int range', () => {
    const r = createCryptoRandom();
    const seen = new Set(Array.from({ length: 200 }, () => r.int(0, 1)));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('does not repeat across instances, as a seeded stream does', () => {
    const draw = (r: ReturnType<typeof createRandom>): string => r.chars('0123456789abcdef', 32);
    expect(draw(createCryptoRandom())).not.toBe(draw(createCryptoRandom()));
    expect(draw(createRandom(42, 'oauth'))).toBe(draw(createRandom(42, 'oauth')));
  });
});
