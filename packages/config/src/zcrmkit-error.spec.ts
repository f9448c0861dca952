import { describe, expect, it } from '@jest/globals';
import { ConfigError, ZcrmkitError, isZcrmkitError } from './index.js';

describe('ZcrmkitError', () => {
  it('carries a code, a message and a cause', () => {
    const cause = new Error('root');
    const error = new ZcrmkitError('SOME_CODE', 'it failed', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(ZcrmkitError);
    expect([error.name, error.code, error.message, error.cause]).toEqual(['ZcrmkitError', 'SOME_CODE', 'it failed', cause]);
  });

  it('is the base of ConfigError', () => {
    const error = new ConfigError([{ variable: 'CLIENT_ID', message: 'is missing' }]);
    expect(error).toBeInstanceOf(ZcrmkitError);
    expect(Object.getPrototypeOf(ConfigError.prototype)).toBe(ZcrmkitError.prototype);
    expect(error.code).toBe('CONFIG_INVALID');
  });

  it('recognises an error of another copy of the package by its process-wide mark', () => {
    // What a second, nested copy of @zcrmkit/config (or the emulator's own base) makes.
    class OtherCopyError extends Error {
      readonly code = 'OTHER';
    }
    Object.defineProperty(OtherCopyError.prototype, Symbol.for('@zcrmkit/error'), { value: true });
    expect(new OtherCopyError('x')).toBeInstanceOf(ZcrmkitError);
    expect(isZcrmkitError(new OtherCopyError('x'))).toBe(true);
  });

  it('accepts nothing unmarked, and subclasses keep their own prototype check', () => {
    const plain = Object.assign(new Error('x'), { code: 'CONFIG_INVALID' });
    for (const value of [plain, null, undefined, 'ZcrmkitError', { code: 'X' }]) expect(isZcrmkitError(value)).toBe(false);
    expect(new ZcrmkitError('A', 'b')).not.toBeInstanceOf(ConfigError);
  });
});
