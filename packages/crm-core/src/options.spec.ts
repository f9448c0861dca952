import { describe, expect, it } from '@jest/globals';
import { checkLogger, DEFAULT_OPTIONS, resolvePolicy } from './options.js';

describe('options', () => {
  it('fills documented defaults', () => {
    expect(resolvePolicy({})).toEqual({ findUser: true, requestTimeoutMs: 30_000, callDeadlineMs: 90_000, maxAttempts: 4, concurrency: 10, heavyConcurrency: 10, retryBaseDelayMs: 500, retryMaxDelayMs: 30_000, retryAmbiguous: ['read'], metadataTtlMs: 600_000, retryQuota: 500 });
    expect(resolvePolicy({})).toEqual(DEFAULT_OPTIONS);
  });

  it('checks retryAmbiguous', () => {
    expect(resolvePolicy({ retryAmbiguous: ['read', 'write'] }).retryAmbiguous).toEqual(['read', 'write']);
    expect(() => resolvePolicy({ retryAmbiguous: ['writes'] as never })).toThrow(/retryAmbiguous option must be an array of 'read' and\/or 'write'/);
  });

  it('keeps given values', () => {
    expect(resolvePolicy({ maxAttempts: 1, concurrency: 2, findUser: false })).toMatchObject({ maxAttempts: 1, concurrency: 2, findUser: false });
  });

  it('names the bad option and the package', () => {
    expect(() => resolvePolicy({ requestTimeoutMs: 0 })).toThrow('[@zcrmkit/crm-core] requestTimeoutMs option must be an integer >= 1, got 0');
    expect(() => resolvePolicy({ concurrency: 1.5 })).toThrow(/concurrency/);
    expect(() => resolvePolicy({ maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => resolvePolicy({ heavyConcurrency: 0 })).toThrow(/heavyConcurrency/);
    expect(() => resolvePolicy({ findUser: 'yes' as unknown as boolean })).toThrow(/findUser/);
    expect(() => checkLogger({})).toThrow(/logger/);
    expect(checkLogger(undefined)).toBeUndefined();
  });
});
