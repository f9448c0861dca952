import { describe, expect, it } from '@jest/globals';
import { Abandonment } from './abandonment.js';

describe('Abandonment', () => {
  it('passes on the outcome of a run that settles first, and forgets the wait', async () => {
    const a = new Abandonment();
    await expect(a.race(Promise.resolve(42))).resolves.toBe(42);
    await expect(a.race(Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(a.waiting).toBe(0);
  });

  it('keeps nothing per settled run, however many runs', async () => {
    const a = new Abandonment();
    for (let i = 0; i < 1_000; i++) await a.race(Promise.resolve({ records: new Array(100).fill(i) }));
    expect(a.waiting).toBe(0);
  });

  it('settles a run in flight as abandoned, and every later one at once', async () => {
    const a = new Abandonment();
    const never = new Promise<number>(() => undefined);
    const racing = a.race(never);
    expect(a.waiting).toBe(1);
    a.abandon();
    await expect(racing).resolves.toBe('abandoned');
    await expect(a.race(never)).resolves.toBe('abandoned');
    expect(a.waiting).toBe(0);
  });
});
