import { describe, expect, it } from '@jest/globals';
import { OAuthStore } from '../accounts/oauth-store.js';
import { parseCriteria } from '../crm/search-criteria.js';
import { EmulatorError } from './emulator-error.js';
import { createRandom } from './random.js';

// Every error the emulator throws is an EmulatorError: a stable code, and the process-wide mark
// that makes `instanceof ZcrmkitError` (from @zcrmkit/config, which the emulator cannot import) hold.


const oauth = () =>
  new OAuthStore({ random: createRandom(42, 'oauth'), clock: () => Date.UTC(2026, 0, 1), accessTokenTtlSeconds: 3600, grantCodeTtlSeconds: 180, tokenRateLimit: false, clients: undefined });

describe('emulator misuse errors', () => {
  it('carries the process-wide zcrmkit mark', () => {
    expect((new EmulatorError('INTERNAL', 'x') as unknown as Record<symbol, unknown>)[Symbol.for('@zcrmkit/error')]).toBe(true);
  });

  it.each<[string, () => unknown, string, RegExp]>([
    ['a grant code for an unknown client', () => oauth().mintGrantCode({ clientId: '1000.NOPE' }), 'UNKNOWN_CLIENT', /unknown OAuth client 1000\.NOPE/],
    ['a refresh token with a malformed scope', () => oauth().issueRefreshToken({ scopes: 'ZohoCRM modules' }), 'INVALID_SCOPE', /malformed scope/],
    ['pick() from an empty list', () => createRandom(1, 'x').pick([]), 'INTERNAL', /empty list/],
    ['search criteria with an unknown operator', () => parseCriteria('(Last_Name:like:x)'), 'INVALID_CRITERIA', /unknown operator like/],
    ['search criteria without parentheses', () => parseCriteria('Last_Name:equals:x'), 'INVALID_CRITERIA', /expected \(/],
  ])('%s', (_what, run, code, message) => {
    expect(run).toThrow(EmulatorError);
    expect(run).toThrow(expect.objectContaining({ code, message: expect.stringMatching(message) }));
  });
});
