import { describe, expect, it } from '@jest/globals';
import { TOKEN_PATTERN } from '../core/formats.js';
import { createRandom } from '../core/random.js';
import { DEFAULT_SCOPES } from '../options.js';
import { OAuthStore, type OAuthStoreSettings } from './oauth-store.js';

function store(overrides: Partial<OAuthStoreSettings> = {}): { s: OAuthStore; clock: { now: number } } {
  const clock = { now: Date.UTC(2026, 0, 1) };
  const s = new OAuthStore({
    random: createRandom(42, 'oauth'),
    clock: () => clock.now,
    accessTokenTtlSeconds: 3600,
    grantCodeTtlSeconds: 180,
    tokenRateLimit: { maxTokens: 10, windowSeconds: 600 },
    clients: undefined,
    ...overrides,
  });
  return { s, clock };
}

describe('OAuthStore', () => {
  it('derives the default client from the seed', () => {
    const a = store().s.defaultClient;
    const b = store().s.defaultClient;
    const c = store({ random: createRandom(43, 'oauth') }).s.defaultClient;
    expect(a).toEqual(b);
    expect(a.clientId).not.toBe(c.clientId);
  });

  it('uses the given clients, the first as default', () => {
    const { s } = store({ clients: [{ clientId: '1000.MINE', clientSecret: 'secretsecret' }] });
    expect(s.defaultClient.clientId).toBe('1000.MINE');
    const code = s.mintGrantCode();
    expect(s.exchangeCode({ clientId: '1000.MINE', clientSecret: 'secretsecret', code }).ok).toBe(true);
  });

  it('exchanges a grant code once, with its scopes', () => {
    const { s } = store();
    const { clientId, clientSecret } = s.defaultClient;
    const code = s.mintGrantCode({ scopes: 'ZohoCRM.modules.ALL,ZohoCRM.org.READ' });
    const first = s.exchangeCode({ clientId, clientSecret, code });
    if (!first.ok) throw new Error(first.error);
    expect(first.tokens.accessToken).toMatch(TOKEN_PATTERN);
    expect(first.tokens.refreshToken).toMatch(TOKEN_PATTERN);
    expect(first.tokens.scopes).toEqual(['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ']);
    expect(s.exchangeCode({ clientId, clientSecret, code })).toEqual({ ok: false, error: 'invalid_code' });
  });

  it('grant codes expire after their ttl', () => {
    const { s, clock } = store();
    const { clientId, clientSecret } = s.defaultClient;
    const code = s.mintGrantCode();
    const short = s.mintGrantCode({ ttlSeconds: 5 });
    clock.now += 6_000;
    expect(s.exchangeCode({ clientId, clientSecret, code: short })).toEqual({ ok: false, error: 'invalid_code' });
    clock.now += 170_000;
    expect(s.exchangeCode({ clientId, clientSecret, code }).ok).toBe(true);
    const late = s.mintGrantCode();
    clock.now += 180_000;
    expect(s.exchangeCode({ clientId, clientSecret, code: late })).toEqual({ ok: false, error: 'invalid_code' });
  });

  it('checks the client: unknown id, wrong secret, code of another client', () => {
    const { s } = store();
    const other = s.registerClient();
    const code = s.mintGrantCode();
    expect(s.exchangeCode({ clientId: '1000.NOPE', clientSecret: 'x', code })).toEqual({ ok: false, error: 'invalid_client' });
    expect(s.exchangeCode({ clientId: s.defaultClient.clientId, clientSecret: 'wrong', code })).toEqual({ ok: false, error: 'invalid_client_secret' });
    expect(s.exchangeCode({ clientId: other.clientId, clientSecret: other.clientSecret, code })).toEqual({ ok: false, error: 'invalid_code' });
  });

  it('enforces a registered redirect_uri', () => {
    const { s } = store();
    const client = s.registerClient({ redirectUri: 'http://localhost/cb' });
    const code = s.mintGrantCode({ clientId: client.clientId });
    expect(s.exchangeCode({ ...client, code, redirectUri: 'http://evil/cb' })).toEqual({ ok: false, error: 'invalid_redirect_uri' });
    expect(s.exchangeCode({ ...client, code, redirectUri: 'http://localhost/cb' }).ok).toBe(true);
  });

  it('refreshes; access tokens expire with the clock and on demand', () => {
    const { s, clock } = store({ accessTokenTtlSeconds: 60 });
    const refreshToken = s.issueRefreshToken();
    const result = s.refresh({ ...s.defaultClient, refreshToken });
    if (!result.ok) throw new Error(result.error);
    expect(result.tokens.refreshToken).toBeUndefined();
    expect(result.tokens.expiresInSeconds).toBe(60);
    expect(result.tokens.scopes).toEqual([...DEFAULT_SCOPES]);
    expect(s.checkAccessToken(result.tokens.accessToken)).toEqual({ ok: true, scopes: [...DEFAULT_SCOPES] });
    clock.now += 61_000;
    expect(s.checkAccessToken(result.tokens.accessToken)).toEqual({ ok: false, reason: 'expired' });
    const next = s.refresh({ ...s.defaultClient, refreshToken });
    if (!next.ok) throw new Error(next.error);
    expect(s.expireAccessTokens(next.tokens.accessToken)).toBe(1);
    expect(s.checkAccessToken(next.tokens.accessToken)).toEqual({ ok: false, reason: 'expired' });
    expect(s.checkAccessToken('1000.x.y')).toEqual({ ok: false, reason: 'unknown' });
  });

  it('throttles the 11th access token per refresh token within 10 minutes', () => {
    const { s, clock } = store();
    const refreshToken = s.issueRefreshToken();
    for (let i = 0; i < 10; i++) {
      expect(s.refresh({ ...s.defaultClient, refreshToken }).ok).toBe(true);
      clock.now += 1_000;
    }
    expect(s.refresh({ ...s.defaultClient, refreshToken })).toEqual({ ok: false, error: 'throttled' });
    // Another refresh token is not affected.
    expect(s.refresh({ ...s.defaultClient, refreshToken: s.issueRefreshToken() }).ok).toBe(true);
    clock.now += 600_000;
    expect(s.refresh({ ...s.defaultClient, refreshToken }).ok).toBe(true);
  });

  it('can run without the throttle', () => {
    const { s } = store({ tokenRateLimit: false });
    const refreshToken = s.issueRefreshToken();
    for (let i = 0; i < 30; i++) expect(s.refresh({ ...s.defaultClient, refreshToken }).ok).toBe(true);
  });

  it('keeps 15 live access tokens per refresh token; the 16th revokes the oldest', () => {
    const { s, clock } = store({ tokenRateLimit: false });
    const refreshToken = s.issueRefreshToken();
    const tokens: string[] = [];
    for (let i = 0; i < 16; i++) {
      const r = s.refresh({ ...s.defaultClient, refreshToken });
      if (!r.ok) throw new Error(r.error);
      tokens.push(r.tokens.accessToken);
      clock.now += 10;
    }
    expect(s.checkAccessToken(tokens[0] as string)).toEqual({ ok: false, reason: 'revoked' });
    expect(s.checkAccessToken(tokens[1] as string).ok).toBe(true);
    expect(s.checkAccessToken(tokens[15] as string).ok).toBe(true);
  });

  it('revoking a refresh token revokes its access tokens and stops refreshes', () => {
    const { s } = store();
    const refreshToken = s.issueRefreshToken();
    const r = s.refresh({ ...s.defaultClient, refreshToken });
    if (!r.ok) throw new Error(r.error);
    expect(s.revokeToken(refreshToken)).toBe(true);
    expect(s.checkAccessToken(r.tokens.accessToken)).toEqual({ ok: false, reason: 'revoked' });
    expect(s.refresh({ ...s.defaultClient, refreshToken })).toEqual({ ok: false, error: 'invalid_code' });
    expect(s.revokeToken('1000.unknown')).toBe(false);
  });

  it('a refresh token belongs to its client', () => {
    const { s } = store();
    const other = s.registerClient();
    const refreshToken = s.issueRefreshToken();
    expect(s.refresh({ ...other, refreshToken })).toEqual({ ok: false, error: 'invalid_code' });
  });

  it('refuses to mint for an unknown client or with a malformed scope', () => {
    expect(() => store().s.mintGrantCode({ clientId: '1000.NOBODY' })).toThrow(/unknown OAuth client/);
    expect(() => store().s.issueRefreshToken({ scopes: ['ZohoCRM.modules.ALL', 'modules.ALL'] })).toThrow(/malformed scope "modules.ALL"/);
  });
});
