import { describe, expect, it } from '@jest/globals';
import { OAuthStore } from '../accounts/oauth-store.js';
import { parseCriteria } from '../crm/search-criteria.js';
import { EmulatorError } from './emulator-error.js';
import { createRandom } from './random.js';

// Every error the emulator throws is an EmulatorError: a stable code, and the process-wide mark
// that makes `instanceof ZcrmkitError` (from @zcrmkit/config, which the emulator cannot import) hold.

const ZCRMKIT_ERROR = Symbol.for('@zcrmkit/error');

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const oauth = () =>
  new OAuthStore({ random: createRandom(42, 'oauth'), clock: () => Date.UTC(2026, 0, 1), accessTokenTtlSeconds: 3600, grantCodeTtlSeconds: 180, tokenRateLimit: false, clients: undefined });

describe('emulator misuse errors', () => {
  it.each<[string, () => unknown, string, RegExp]>([
    ['a grant code for an unknown client', () => oauth().mintGrantCode({ clientId: '1000.NOPE' }), 'UNKNOWN_CLIENT', /unknown OAuth client 1000\.NOPE/],
    ['a refresh token with a malformed scope', () => oauth().issueRefreshToken({ scopes: 'ZohoCRM modules' }), 'INVALID_SCOPE', /malformed scope/],
    ['pick() from an empty list', () => createRandom(1, 'x').pick([]), 'INTERNAL', /empty list/],
    ['search criteria with an unknown operator', () => parseCriteria('(Last_Name:like:x)'), 'INVALID_CRITERIA', /unknown operator like/],
    ['search criteria without parentheses', () => parseCriteria('Last_Name:equals:x'), 'INVALID_CRITERIA', /expected \(/],
  ])('%s', (_what, run, code, message) => {
    const error = thrown(run);
    expect(error).toBeInstanceOf(EmulatorError);
    expect((error as Record<symbol, unknown>)[ZCRMKIT_ERROR]).toBe(true);
    expect(error).toMatchObject({ code });
    expect((error as Error).message).toMatch(message);
  });
});
