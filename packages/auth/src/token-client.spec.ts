import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from '@jest/globals';
import { AuthError, type AuthErrorCode } from './auth-error.js';
import { TokenClient } from './token-client.js';
import { fakeTokenEndpoint, zohoLikeToken } from './test-support/fake-token-endpoint.js';
import { inspectDeep, leakedSecrets } from './test-support/secrets.js';

const CLIENT_ID = '1000.ABCDEFGHIJ';
const SECRET = 'secretsecret0123456789';
const TOKEN_URL = 'https://accounts.zoho.eu/oauth/v2/token';

function client(fetchImpl: typeof fetch, timeoutMs = 2_000): TokenClient {
  return new TokenClient({ tokenUrl: TOKEN_URL, clientId: CLIENT_ID, clientSecret: SECRET, timeoutMs, fetch: fetchImpl });
}

async function failure(promise: Promise<unknown>): Promise<AuthError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthError) return err;
    throw err;
  }
  throw new Error('expected an AuthError');
}

describe('TokenClient requests', () => {
  it('refreshes with a form-urlencoded POST and a deadline', async () => {
    const endpoint = fakeTokenEndpoint(3600);
    const refresh = zohoLikeToken();
    const before = Date.now();
    const grant = await client(endpoint.fetch).refresh(refresh);
    const req = endpoint.requests[0];
    expect(req?.url).toBe(TOKEN_URL);
    expect(req?.method).toBe('POST');
    expect(req?.contentType).toBe('application/x-www-form-urlencoded');
    expect(req?.hasSignal).toBe(true);
    expect(Object.fromEntries(req?.form ?? [])).toEqual({ client_id: CLIENT_ID, client_secret: SECRET, grant_type: 'refresh_token', refresh_token: refresh });
    expect(grant.accessToken).toBe(endpoint.issued[0]);
    expect(grant.expiresInSeconds).toBe(3600);
    expect(grant.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(grant.expiresAt).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(grant.apiDomain).toBe('https://www.zohoapis.com');
  });

  it('exchanges a grant code and reads the refresh token and scopes', async () => {
    const endpoint = fakeTokenEndpoint();
    const refreshToken = zohoLikeToken();
    endpoint.queue.push({
      body: { access_token: zohoLikeToken(), refresh_token: refreshToken, scope: 'ZohoCRM.modules.ALL ZohoCRM.org.READ', expires_in: 3600, token_type: 'Bearer' },
    });
    const code = zohoLikeToken();
    const grant = await client(endpoint.fetch).exchangeCode(code, 'https://example.com/cb');
    expect(Object.fromEntries(endpoint.requests[0]?.form ?? [])).toEqual({
      client_id: CLIENT_ID,
      client_secret: SECRET,
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://example.com/cb',
    });
    expect(grant.refreshToken).toBe(refreshToken);
    expect(grant.scopes).toEqual(['ZohoCRM.modules.ALL', 'ZohoCRM.org.READ']);
  });

  it('revokes with the token only, at <tokenUrl>/revoke', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.queue.push({ body: { status: 'success' } });
    const token = zohoLikeToken();
    await client(endpoint.fetch).revoke(token);
    expect(endpoint.requests[0]?.url).toBe(`${TOKEN_URL}/revoke`);
    expect(Object.fromEntries(endpoint.requests[0]?.form ?? [])).toEqual({ token });
  });

  it('reads the legacy expires_in_sec answer', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.queue.push({ body: { access_token: zohoLikeToken(), expires_in: 3_600_000, expires_in_sec: 3600 } });
    expect((await client(endpoint.fetch).refresh(zohoLikeToken())).expiresInSeconds).toBe(3600);
  });

  it('validates its options up front', () => {
    expect(() => new TokenClient({ tokenUrl: '', clientId: CLIENT_ID, clientSecret: SECRET })).toThrow('[@zcrmkit/auth] tokenUrl option is required');
    expect(() => new TokenClient({ tokenUrl: 'ftp://x', clientId: CLIENT_ID, clientSecret: SECRET })).toThrow(/http\(s\) URL/);
    expect(() => new TokenClient({ tokenUrl: TOKEN_URL, clientId: CLIENT_ID, clientSecret: '' })).toThrow(/clientSecret option is required/);
    expect(() => new TokenClient({ tokenUrl: TOKEN_URL, clientId: CLIENT_ID, clientSecret: SECRET, timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

describe('TokenClient errors (Zoho answers HTTP 200 with {"error": ...})', () => {
  const cases: [string, { status?: number; body: unknown }, AuthErrorCode, RegExp][] = [
    ['invalid_code', { body: { error: 'invalid_code' } }, 'INVALID_CODE', /revoked/],
    ['invalid_client', { body: { error: 'invalid_client' } }, 'INVALID_CLIENT', /ACCOUNTS_URL/],
    ['invalid_client_secret', { body: { error: 'invalid_client_secret' } }, 'INVALID_CLIENT', /CLIENT_SECRET/],
    [
      'Access Denied',
      { body: { error_description: 'You have made too many requests continuously. Please try again after some time.', error: 'Access Denied', status: 'failure' } },
      'THROTTLED',
      /10 new access tokens/,
    ],
    ['HTTP 429', { status: 429, body: {} }, 'THROTTLED', /Wait/],
    ['an unknown error', { body: { error: 'invalid_redirect_uri' } }, 'UNEXPECTED_RESPONSE', /ACCOUNTS_URL/],
    ['no access_token', { body: { token_type: 'Bearer' } }, 'UNEXPECTED_RESPONSE', /ACCOUNTS_URL/],
    ['no expires_in', { body: { access_token: 'x' } }, 'UNEXPECTED_RESPONSE', /ACCOUNTS_URL/],
    ['HTTP 500', { status: 500, body: { message: 'oops' } }, 'UNEXPECTED_RESPONSE', /ACCOUNTS_URL/],
  ];

  it.each(cases)('maps %s', async (_name, answer, code, hint) => {
    const endpoint = fakeTokenEndpoint();
    endpoint.queue.push(answer);
    const refresh = zohoLikeToken();
    const err = await failure(client(endpoint.fetch).refresh(refresh));
    expect(err.code).toBe(code);
    expect(err.hint).toMatch(hint);
    expect(err.operation).toBe('refresh');
    expect(leakedSecrets(inspectDeep(err), [SECRET, refresh])).toEqual([]);
  });

  it('gives the grant-code hint for invalid_code during an exchange', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.queue.push({ body: { error: 'invalid_code' } });
    const err = await failure(client(endpoint.fetch).exchangeCode(zohoLikeToken()));
    expect(err.code).toBe('INVALID_CODE');
    expect(err.message).toMatch(/expired or already used/);
    expect(err.hint).toMatch(/Generate a new one/);
  });

  it('maps a non-JSON answer and a redirect', async () => {
    const endpoint = fakeTokenEndpoint();
    endpoint.queue.push(async () => new Response('<html>login</html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    endpoint.queue.push(async () => new Response(null, { status: 302, headers: { location: 'https://evil.example' } }));
    expect((await failure(client(endpoint.fetch).refresh(zohoLikeToken()))).code).toBe('UNEXPECTED_RESPONSE');
    const redirected = await failure(client(endpoint.fetch).refresh(zohoLikeToken()));
    expect(redirected.code).toBe('UNEXPECTED_RESPONSE');
    expect(redirected.message).toMatch(/redirected/);
  });

  it('keeps a secret the transport error echoes out of the error and its cause chain', async () => {
    const refresh = zohoLikeToken();
    const leaky: typeof fetch = async (_url, init) => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`socket hang up; body was ${String(init?.body)}`), { code: 'ECONNRESET', body: init?.body }) });
    };
    const err = await failure(client(leaky).refresh(refresh));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.message).toMatch(/ECONNRESET/);
    expect(leakedSecrets(inspectDeep(err), [SECRET, refresh])).toEqual([]);
  });
});

describe('TokenClient over real sockets', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/oauth/v2/token`;
  }

  it('times out a silent server within the deadline', async () => {
    // The server never answers, so only the deadline can produce TIMEOUT; a hang meets jest's timeout.
    const url = await listen(() => undefined);
    const err = await failure(new TokenClient({ tokenUrl: url, clientId: CLIENT_ID, clientSecret: SECRET, timeoutMs: 200 }).refresh(zohoLikeToken()));
    expect(err.code).toBe('TIMEOUT');
    expect(err.hint).toMatch(/200 ms/);
  });

  it('times out an answer cut mid-body', async () => {
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"access_token":"1000.');
    });
    const err = await failure(new TokenClient({ tokenUrl: url, clientId: CLIENT_ID, clientSecret: SECRET, timeoutMs: 200 }).refresh(zohoLikeToken()));
    expect(err.code).toBe('TIMEOUT');
  });

  it('reports a refused connection as NETWORK_ERROR with the host', async () => {
    const url = await listen(() => undefined);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const refresh = zohoLikeToken();
    const err = await failure(new TokenClient({ tokenUrl: url, clientId: CLIENT_ID, clientSecret: SECRET, timeoutMs: 10_000 }).refresh(refresh));
    expect(err.code).toBe('NETWORK_ERROR');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(err.hint).toMatch(/127\.0\.0\.1/);
    expect(leakedSecrets(inspectDeep(err), [SECRET, refresh])).toEqual([]);
  });
});
