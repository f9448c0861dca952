import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { call } from '../test-support/http.js';

describe('the 21st refresh token over HTTP', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 0, tokenRateLimit: false });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  const token = async (form: Record<string, string>): Promise<Record<string, string>> => {
    const { clientId, clientSecret } = emu.state.defaultClient;
    const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...form }) });
    return (await res.json()) as Record<string, string>;
  };

  it('deletes the first: refreshing with it answers invalid_code, its access token gets 401', async () => {
    const exchanged: Record<string, string>[] = [];
    for (let i = 0; i < 21; i++) exchanged.push(await token({ grant_type: 'authorization_code', code: emu.state.mintGrantCode() }));
    const [first, ...rest] = exchanged as [Record<string, string>, ...Record<string, string>[]];
    expect(await token({ grant_type: 'refresh_token', refresh_token: first['refresh_token'] as string })).toEqual({ error: 'invalid_code' });
    const res = await call(`${emu.url}/crm/v8/org`, { token: first['access_token'] as string });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'INVALID_TOKEN' });
    // The other twenty still refresh, and their access tokens still work.
    for (const t of rest) {
      expect(await token({ grant_type: 'refresh_token', refresh_token: t['refresh_token'] as string })).toHaveProperty('access_token');
      expect((await call(`${emu.url}/crm/v8/org`, { token: t['access_token'] as string })).status).toBe(200);
    }
  });
});
