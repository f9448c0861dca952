import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKEN_PATTERN } from '../core/formats.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { call, obj } from '../test-support/http.js';

describe('POST /oauth/v2/token (Zoho Accounts)', () => {
  let emu: RunningEmulator;
  const clock = { now: Date.UTC(2026, 2, 1) };

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 5, accessTokenTtlSeconds: 120, clock: () => clock.now });
  });
  afterAll(async () => {
    await emu.stop();
  });

  async function post(form: Record<string, string>, as: 'multipart' | 'urlencoded' | 'query' = 'urlencoded'): Promise<Record<string, unknown>> {
    let res: Response;
    if (as === 'query') res = await fetch(`${emu.tokenUrl}?${new URLSearchParams(form)}`, { method: 'POST' });
    else if (as === 'multipart') {
      const body = new FormData();
      for (const [k, v] of Object.entries(form)) body.append(k, v);
      res = await fetch(emu.tokenUrl, { method: 'POST', body });
    } else res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams(form) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    return (await res.json()) as Record<string, unknown>;
  }

  const client = (): { client_id: string; client_secret: string } => ({
    client_id: emu.state.defaultClient.clientId,
    client_secret: emu.state.defaultClient.clientSecret,
  });

  it('authorization_code (multipart, as the SDK sends it): full Zoho answer', async () => {
    const code = emu.state.mintGrantCode({ scopes: ['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL'] });
    expect(code).toMatch(TOKEN_PATTERN);
    const answer = await post({ ...client(), grant_type: 'authorization_code', code, redirect_uri: 'http://localhost/cb' }, 'multipart');
    expect(answer).toEqual({
      access_token: expect.stringMatching(TOKEN_PATTERN),
      refresh_token: expect.stringMatching(TOKEN_PATTERN),
      scope: 'ZohoCRM.modules.ALL ZohoCRM.settings.ALL',
      api_domain: emu.url,
      token_type: 'Bearer',
      expires_in: 120,
    });
    const again = await post({ ...client(), grant_type: 'authorization_code', code });
    expect(again).toEqual({ error: 'invalid_code' });
  });

  it('refresh_token (urlencoded and query string): no refresh_token in the answer', async () => {
    const refresh = emu.state.issueRefreshToken({ scopes: 'ZohoCRM.modules.leads.READ' });
    for (const as of ['urlencoded', 'query'] as const) {
      const answer = await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh }, as);
      expect(Object.keys(answer).sort()).toEqual(['access_token', 'api_domain', 'expires_in', 'scope', 'token_type']);
      expect(answer['scope']).toBe('ZohoCRM.modules.leads.READ');
    }
  });

  it('the access token works on the CRM until it expires (clock), then INVALID_TOKEN', async () => {
    const answer = await post({ ...client(), grant_type: 'refresh_token', refresh_token: emu.state.issueRefreshToken() });
    const token = String(answer['access_token']);
    expect((await call(`${emu.url}/crm/v8/org`, { token })).status).toBe(200);
    clock.now += 121_000;
    const expired = await call(`${emu.url}/crm/v8/org`, { token });
    expect(expired.status).toBe(401);
    expect(obj(expired.body)['code']).toBe('INVALID_TOKEN');
  });

  it('errors come as Zoho sends them: HTTP 200 with an error string', async () => {
    const refresh = emu.state.issueRefreshToken();
    expect(await post({ client_id: '1000.UNKNOWN', client_secret: 'x', grant_type: 'refresh_token', refresh_token: refresh })).toEqual({ error: 'invalid_client' });
    expect(await post({ ...client(), client_secret: 'wrong', grant_type: 'refresh_token', refresh_token: refresh })).toEqual({ error: 'invalid_client_secret' });
    expect(await post({ ...client(), grant_type: 'refresh_token', refresh_token: '1000.nope.nope' })).toEqual({ error: 'invalid_code' });
    expect(await post({ ...client(), grant_type: 'password' })).toEqual({ error: 'unsupported_grant_type' });
    const expiring = emu.state.mintGrantCode({ ttlSeconds: 1 });
    clock.now += 2_000;
    expect(await post({ ...client(), grant_type: 'authorization_code', code: expiring })).toEqual({ error: 'invalid_code' });
  });

  it('the 11th access token for one refresh token within 10 minutes is refused (Access Denied)', async () => {
    const refresh = emu.state.issueRefreshToken();
    for (let i = 0; i < 10; i++) {
      expect(await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh })).toHaveProperty('access_token');
    }
    expect(await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh })).toEqual({
      error: 'Access Denied',
      error_description: 'You have made too many requests continuously. Please try again after some time.',
    });
    clock.now += 600_001;
    expect(await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh })).toHaveProperty('access_token');
  });

  it('revoke (?token=): the refresh token and its access tokens stop working', async () => {
    const refresh = emu.state.issueRefreshToken();
    const access = String((await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh }))['access_token']);
    const revoked = await fetch(`${emu.url}/oauth/v2/token/revoke?token=${refresh}`, { method: 'POST' });
    expect(await revoked.json()).toEqual({ status: 'success' });
    expect((await call(`${emu.url}/crm/v8/org`, { token: access })).status).toBe(401);
    expect(await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh })).toEqual({ error: 'invalid_code' });
    const unknown = await fetch(`${emu.url}/oauth/v2/token/revoke?token=1000.x.y`, { method: 'POST' });
    expect(await unknown.json()).toEqual({ error: 'invalid_token' });
  });

  it('counts token requests by grant type and never logs secrets', async () => {
    emu.state.resetCounters();
    emu.state.clearRequestLog();
    const refresh = emu.state.issueRefreshToken();
    await post({ ...client(), grant_type: 'refresh_token', refresh_token: refresh }, 'query');
    await post({ ...client(), grant_type: 'authorization_code', code: emu.state.mintGrantCode() });
    await post({ grant_type: 'nonsense' });
    await fetch(`${emu.url}/oauth/v2/token/revoke?token=${refresh}`, { method: 'POST' });
    const c = emu.state.counters();
    expect(c.tokenRequests).toEqual({ authorization_code: 1, refresh_token: 1, other: 1, total: 3 });
    expect(c.routes).toEqual({ 'POST /oauth/v2/token': 3, 'POST /oauth/v2/token/revoke': 1 });
    const log = JSON.stringify(emu.state.requestLog());
    expect(log).not.toContain(refresh);
    expect(log).not.toContain(emu.state.defaultClient.clientSecret);
    expect(log).toContain('refresh_token=***');
    expect(log).toContain('revoke?token=***');
  });

  it('GET on the token URL is not an OAuth operation', async () => {
    const res = await fetch(emu.tokenUrl);
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
