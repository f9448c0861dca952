import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];

/** The access token the store holds now (column 6 of the SDK FileStore CSV). */
function storedAccessToken(): string {
  const rows = readFileSync(env.config().tokenStorePath, 'utf8').trim().split('\n').slice(1);
  const token = rows[0]?.split(',')[5];
  if (!token) throw new Error('no stored access token');
  return token;
}

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  client = createZohoClient({ config: env.config() });
  ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
  await client.getRecords('Leads', ids, ['Last_Name']);
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('tokens (against the emulator)', () => {
  it('a revoked access token: INVALID_TOKEN → one refresh → success', async () => {
    const before = storedAccessToken();
    expect(env.emu.state.revokeToken(before)).toBe(true);
    env.emu.state.resetCounters();
    const records = await client.getRecords('Leads', ids, ['Last_Name']);
    expect(records).toHaveLength(2);
    const counters = env.emu.state.counters();
    expect(counters.tokenRequests.refresh_token).toBe(1);
    expect(counters.statuses['401']).toBe(1);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(2);
    expect(storedAccessToken()).not.toBe(before);
  });

  it('10 concurrent calls hitting an expired token share one refresh', async () => {
    env.emu.state.expireAccessTokens();
    env.emu.state.resetCounters();
    const results = await Promise.all(Array.from({ length: 10 }, () => client.getRecords('Leads', ids, ['Last_Name'])));
    expect(results.every((r) => r.length === 2)).toBe(true);
    const counters = env.emu.state.counters();
    expect(counters.tokenRequests.total).toBe(1);
    expect(counters.statuses['401']).toBe(10);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(20);
  });

  it('a revoked refresh token: the forced refresh fails with a typed, non-retryable error and a hint', async () => {
    env.emu.state.revokeToken(env.refreshToken);
    const error = await client.getRecords('Leads', ids, ['Last_Name']).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ZohoApiError', code: 'INVALID_CODE', retryable: false });
    expect((error as { hint?: string }).hint).toBeTruthy();
    expect(JSON.stringify(error)).not.toContain(env.refreshToken.slice(-32));
  });
});
