import { describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { redact, sanitizeError } from './sanitize.js';
import { inspectDeep, leakedSecrets } from './test-support/secrets.js';

const SECRET = 'Sup3rS3cretValue99';
const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

describe('sanitizeError', () => {
  it('keeps name, message and code of each link of the cause chain, and nothing else', () => {
    const inner = Object.assign(new Error(`connect failed for ${TOKEN}`), {
      code: 'ECONNREFUSED',
      options: { headers: { authorization: `Zoho-oauthtoken ${TOKEN}` }, body: `client_secret=${SECRET}` },
    });
    const outer = Object.assign(new TypeError('fetch failed', { cause: inner }), { request: { body: SECRET } });
    const copy = sanitizeError(outer, [SECRET, TOKEN]);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe('fetch failed');
    const cause = copy.cause as Error & { code?: string };
    expect(cause.message).toBe('connect failed for [redacted]');
    expect(cause.code).toBe('ECONNREFUSED');
    expect(leakedSecrets(inspectDeep(copy), [SECRET, TOKEN])).toEqual([]);
    expect(Object.keys(cause)).not.toContain('options');
  });

  it('stops at a bounded depth on a cyclic chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(() => inspectDeep(sanitizeError(a, []))).not.toThrow();
  });

  it('copies non-Error causes as text', () => {
    expect(sanitizeError(`oops ${SECRET}`, [SECRET]).message).toBe('oops [redacted]');
  });
});

describe('redact', () => {
  it('blanks every occurrence and ignores empty secrets', () => {
    expect(redact(`${SECRET}/${SECRET}`, [SECRET, '', undefined])).toBe('[redacted]/[redacted]');
  });
});

describe('AuthError', () => {
  it('carries code, hint, operation and a sanitized cause', () => {
    const err = new AuthError('NETWORK_ERROR', 'refresh failed', {
      hint: 'check the network',
      operation: 'refresh',
      cause: Object.assign(new Error(`bad ${SECRET}`), { config: { secret: SECRET } }),
      secrets: [SECRET],
    });
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('AuthError');
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.hint).toBe('check the network');
    expect(err.message).toBe('[@zcrmkit/auth] refresh failed');
    expect((err.cause as Error).message).toBe('bad [redacted]');
    expect(leakedSecrets(inspectDeep(err), [SECRET])).toEqual([]);
  });
});
