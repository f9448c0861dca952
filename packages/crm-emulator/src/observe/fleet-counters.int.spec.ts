import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { call, obj } from '../test-support/http.js';

// Admin writes need a JSON content type (the admin guard refuses others).
const ADMIN_WRITE = { 'content-type': 'application/json' };

describe('counters for many workers: peakConcurrentCalls and accessDenied', () => {
  let emu: RunningEmulator;

  beforeAll(async () => {
    // Latency keeps the parallel calls overlapping at the server even on a loaded machine.
    emu = await startEmulator({ leadCount: 3, latencyMs: 150, tokenRateLimit: { maxTokens: 2, windowSeconds: 600 } });
  });
  afterAll(async () => {
    await emu.stop();
  });

  it('peakConcurrentCalls is the most CRM calls in flight at once, and reset clears it', async () => {
    await call(`${emu.url}/__emulator/counters/reset`, { method: 'POST', headers: ADMIN_WRITE });
    const token = obj((await call(`${emu.url}/__emulator/access-tokens`, { method: 'POST', body: {}, headers: ADMIN_WRITE })).body)['accessToken'] as string;
    await Promise.all(Array.from({ length: 6 }, () => call(`${emu.url}/crm/v8/org`, { token })));
    const counters = obj((await call(`${emu.url}/__emulator/counters`)).body);
    expect(counters['peakConcurrentCalls']).toBe(6);
    await call(`${emu.url}/crm/v8/org`, { token });
    expect(obj((await call(`${emu.url}/__emulator/counters`)).body)['peakConcurrentCalls']).toBe(6);
    await call(`${emu.url}/__emulator/counters/reset`, { method: 'POST', headers: ADMIN_WRITE });
    await call(`${emu.url}/crm/v8/org`, { token });
    expect(emu.state.counters().peakConcurrentCalls).toBe(1);
  });

  it('accessDenied counts the throttled token answers only', async () => {
    await call(`${emu.url}/__emulator/counters/reset`, { method: 'POST', headers: ADMIN_WRITE });
    const { clientId, clientSecret } = emu.state.defaultClient;
    const refreshToken = obj((await call(`${emu.url}/__emulator/refresh-tokens`, { method: 'POST', body: {}, headers: ADMIN_WRITE })).body)['refreshToken'] as string;
    const answers: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken }) });
      answers.push(await res.json());
    }
    expect(answers.filter((a) => (a as { error?: string }).error === 'Access Denied')).toHaveLength(2);
    const wrong = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: 'not-a-token' }) });
    expect(await wrong.json()).toEqual({ error: 'invalid_code' });
    const counters = emu.state.counters();
    expect(counters.accessDenied).toBe(2);
    expect(counters.tokenRequests.refresh_token).toBe(5);
  });
});
