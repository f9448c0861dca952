import { describe, expect, it } from '@jest/globals';
import { sameChanges } from './same-changes.js';

describe('sameChanges', () => {
  it('compares change sets regardless of key order', () => {
    expect(sameChanges({ a: 1, b: 'x' }, { b: 'x', a: 1 })).toBe(true);
    expect(sameChanges({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameChanges({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
});
