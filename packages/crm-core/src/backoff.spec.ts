import { describe, expect, it } from '@jest/globals';
import { backoffDelay, parseRetryAfter } from './backoff.js';

const options = { baseDelayMs: 500, maxDelayMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles per retry, with jitter between half and the full step', () => {
    expect(backoffDelay(1, options, undefined, () => 0)).toBe(250);
    expect(backoffDelay(1, options, undefined, () => 1)).toBe(500);
    expect(backoffDelay(2, options, undefined, () => 1)).toBe(1000);
    expect(backoffDelay(3, options, undefined, () => 0.5)).toBe(1500);
  });

  it('spreads clients apart: different random draws give different waits', () => {
    const waits = new Set([0.1, 0.4, 0.7, 0.95].map((r) => backoffDelay(3, options, undefined, () => r)));
    expect(waits.size).toBe(4);
  });

  it('never waits less than Retry-After; caps only its own exponential step', () => {
    expect(backoffDelay(1, options, 3000, () => 0)).toBe(3000);
    expect(backoffDelay(1, options, 3000, () => 1)).toBe(3250);
    expect(backoffDelay(1, options, 120_000, () => 0)).toBe(120_000);
    expect(backoffDelay(20, options, undefined, () => 1)).toBe(30_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
