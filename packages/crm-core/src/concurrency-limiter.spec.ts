import { describe, expect, it } from '@jest/globals';
import { ConcurrencyLimiter } from './concurrency-limiter.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe('ConcurrencyLimiter', () => {
  it('never lets more than the limit run at once, and runs everything', async () => {
    const limiter = new ConcurrencyLimiter(3);
    let running = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(limiter.active).toBe(0);
  });

  it('serves waiters first come, first served', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const order: number[] = [];
    const release = await limiter.acquire();
    const waiting = [1, 2, 3].map((n) => limiter.run(async () => void order.push(n)));
    release();
    await Promise.all(waiting);
    expect(order).toEqual([1, 2, 3]);
  });

  it('releases a slot when the task throws, and ignores a second release', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const release = await limiter.acquire();
    release();
    release();
    expect(limiter.active).toBe(0);
  });

  it('drops an aborted waiter with the signal reason', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const release = await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(limiter.waiting).toBe(0);
    release();
    expect(limiter.active).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyLimiter(0)).toThrow(expect.objectContaining({ name: 'ZohoApiError', code: 'INVALID_OPTION' }));
  });
});
