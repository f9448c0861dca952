import { describe, expect, it } from '@jest/globals';
import { createRandom } from '../core/random.js';
import type { OAuthObserver } from './oauth-store.js';
import { OAuthStore } from './oauth-store.js';

function store(): { s: OAuthStore; revoked: [string, string, string][] } {
  const revoked: [string, string, string][] = [];
  const observer: OAuthObserver = {
    refreshIssued: () => undefined,
    accessIssued: () => undefined,
    accessExpired: () => undefined,
    tokenRevoked: (token, type, reason) => revoked.push([token, type, reason]),
    accessDenied: () => undefined,
  };
  const s = new OAuthStore({ random: createRandom(42, 'oauth'), clock: () => Date.UTC(2026, 0, 1), accessTokenTtlSeconds: 3600, grantCodeTtlSeconds: 180, tokenRateLimit: false, clients: undefined, observer });
  return { s, revoked };
}

/** A refresh token by grant-code exchange, as a user's consent gives one. */
function exchange(s: OAuthStore, clientId = s.defaultClient.clientId, clientSecret = s.defaultClient.clientSecret): { refresh: string; access: string } {
  const result = s.exchangeCode({ clientId, clientSecret, code: s.mintGrantCode({ clientId }) });
  if (!result.ok || result.tokens.refreshToken === undefined) throw new Error(`exchange failed: ${JSON.stringify(result)}`);
  return { refresh: result.tokens.refreshToken, access: result.tokens.accessToken };
}

function refresh(s: OAuthStore, refreshToken: string, client = s.defaultClient): ReturnType<OAuthStore['refresh']> {
  return s.refresh({ clientId: client.clientId, clientSecret: client.clientSecret, refreshToken });
}

describe('20 refresh tokens per user per client: the 21st deletes the first', () => {
  it('by grant-code exchange: the first then answers invalid_code and its access tokens are refused', () => {
    const { s, revoked } = store();
    const first = exchange(s);
    const minted = refresh(s, first.refresh);
    if (!minted.ok) throw new Error(minted.error);
    const others = Array.from({ length: 19 }, () => exchange(s));
    // Twenty: all alive.
    expect(refresh(s, first.refresh).ok).toBe(true);
    const twentyFirst = exchange(s);
    expect(refresh(s, first.refresh)).toEqual({ ok: false, error: 'invalid_code' });
    expect(s.checkAccessToken(first.access).ok).toBe(false);
    expect(s.checkAccessToken(minted.tokens.accessToken).ok).toBe(false);
    for (const token of [...others, twentyFirst]) {
      expect(refresh(s, token.refresh).ok).toBe(true);
      expect(s.checkAccessToken(token.access).ok).toBe(true);
    }
    expect(revoked.filter(([, , reason]) => reason === '21st-refresh-token').map(([token, type]) => [token, type])).toEqual(
      expect.arrayContaining([[first.refresh, 'refresh'], [first.access, 'access']]),
    );
    // The 22nd deletes the second, and so on: always the oldest.
    exchange(s);
    expect(refresh(s, others[0]!.refresh)).toEqual({ ok: false, error: 'invalid_code' });
    expect(refresh(s, others[1]!.refresh).ok).toBe(true);
  });

  it('by issueRefreshToken(), counted together with exchanged ones', () => {
    const { s } = store();
    const first = s.issueRefreshToken();
    const access = refresh(s, first);
    if (!access.ok) throw new Error(access.error);
    for (let i = 0; i < 10; i++) exchange(s);
    for (let i = 0; i < 9; i++) s.issueRefreshToken();
    expect(refresh(s, first).ok).toBe(true);
    s.issueRefreshToken();
    expect(refresh(s, first)).toEqual({ ok: false, error: 'invalid_code' });
    expect(s.checkAccessToken(access.tokens.accessToken)).toEqual({ ok: false, reason: 'unknown' });
  });

  it('per client: another client\'s tokens do not push a client\'s first out', () => {
    const { s } = store();
    const other = s.registerClient();
    const first = s.issueRefreshToken();
    for (let i = 0; i < 25; i++) s.issueRefreshToken({ clientId: other.clientId });
    expect(refresh(s, first).ok).toBe(true);
  });

  it('a revoked refresh token no longer counts', () => {
    const { s } = store();
    const tokens = Array.from({ length: 20 }, () => s.issueRefreshToken());
    expect(s.revokeToken(tokens[5]!)).toBe(true);
    s.issueRefreshToken();
    expect(refresh(s, tokens[0]!).ok).toBe(true);
    s.issueRefreshToken();
    expect(refresh(s, tokens[0]!)).toEqual({ ok: false, error: 'invalid_code' });
  });
});
