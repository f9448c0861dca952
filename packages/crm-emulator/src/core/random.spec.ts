import { describe, expect, it } from '@jest/globals';
import { createRandom } from './random.js';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    const a = createRandom(42, 'x');
    const b = createRandom(42, 'x');
    const seqA = Array.from({ length: 20 }, () => a.next());
    const seqB = Array.from({ length: 20 }, () => b.next());
    expect(seqA).toEqual(seqB);
  });

  it('differs across seeds and across streams', () => {
    const first = (seed: number, stream: string): number[] => {
      const r = createRandom(seed, stream);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(first(42, 'x')).not.toEqual(first(43, 'x'));
    expect(first(42, 'x')).not.toEqual(first(42, 'y'));
  });

  it('stays within bounds', () => {
    const r = createRandom(1, 'bounds');
    for (let i = 0; i < 1000; i++) {
      const n = r.next();
      expect(n).toBeGreaterThanOrEqual(0);
      expect(n).toBeLessThan(1);
      const k = r.int(3, 5);
      expect([3, 4, 5]).toContain(k);
    }
    expect(r.chars('ab', 8)).toMatch(/^[ab]{8}$/);
    expect(() => r.pick([])).toThrow(/empty/);
  });

  it('chance(p) hits about p of the time', () => {
    const r = createRandom(9, 'chance');
    const hits = Array.from({ length: 10_000 }, () => r.chance(0.25)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(2300);
    expect(hits).toBeLessThan(2700);
  });
});
