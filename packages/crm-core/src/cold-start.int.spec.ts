import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';

// The first call's path: the access token is fetched while the SDK loads (a head start through
// the same store, lock and single flight), and the user and org lookups run side by side. None of
// it may change what is sent or how a failure ends.

let env: EmulatorEnv<RunningEmulator>;
const TOKEN_ROUTE = 'POST /oauth/v2/token';

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 5, tokenRateLimit: false }));
});

afterEach(() => {
  env.emu.state.setFaults([]);
});

afterAll(async () => {
  await env?.close();
});

describe('cold start (against the emulator)', () => {
  it('a first read sends what the plain SDK sends: one token request, users, org, metadata, the read', async () => {
    env.emu.state.resetCounters();
    const client = createZohoClient({ config: env.config({ refreshToken: env.emu.state.issueRefreshToken() }) });
    try {
      const [lead] = env.emu.state.listRecords('Leads');
      const records = await client.getRecords('Leads', [String(lead?.id)], ['Last_Name']);
      expect(records).toHaveLength(1);
      const counters = env.emu.state.counters();
      expect(counters.tokenRequests.total).toBe(1);
      expect(hits(env, 'GET /crm/v8/users')).toBe(1);
      expect(hits(env, 'GET /crm/v8/org')).toBe(1);
      expect(hits(env, 'GET /crm/v8/Leads')).toBe(1);
      expect(counters.total).toBe(counters.tokenRequests.total + 2 + hits(env, 'GET /crm/v8/settings/fields') + 1);
    } finally {
      await client.close();
    }
  });

  it('a refused refresh token fails init once, with one token request — the head start is not repeated', async () => {
    const refreshToken = env.emu.state.issueRefreshToken();
    env.emu.state.revokeToken(refreshToken);
    env.emu.state.resetCounters();
    const client = createZohoClient({ config: env.config({ refreshToken }), retryBaseDelayMs: 10 });
    try {
      await expect(client.init()).rejects.toMatchObject({ name: 'ZohoApiError', code: 'INVALID_CODE', operation: 'init', retryable: false });
      expect(env.emu.state.counters().tokenRequests.total).toBe(1);
      expect(env.emu.state.counters().total).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a token request cut by the network is retried like any init attempt, then init succeeds', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'reset', route: TOKEN_ROUTE, times: 1 }]);
    const client = createZohoClient({ config: env.config({ refreshToken: env.emu.state.issueRefreshToken() }), retryBaseDelayMs: 10 });
    try {
      await client.init();
      expect(hits(env, TOKEN_ROUTE)).toBe(2);
      expect(env.emu.state.counters().tokenRequests.total).toBe(1);
      expect(hits(env, 'GET /crm/v8/users')).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a failed user lookup fails init even though the org lookup beside it succeeded; the next call starts clean', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/users', status: 503, times: 2 }]);
    const client = createZohoClient({ config: env.config({ refreshToken: env.emu.state.issueRefreshToken() }), maxAttempts: 2, retryBaseDelayMs: 10 });
    try {
      await expect(client.init()).rejects.toMatchObject({ operation: 'getCurrentUser', status: 503, attempts: 2 });
      expect(hits(env, 'GET /crm/v8/users')).toBe(2);
      expect(hits(env, 'GET /crm/v8/org')).toBe(1);
      await client.init();
      expect(hits(env, 'GET /crm/v8/users')).toBe(3);
      expect(hits(env, 'GET /crm/v8/org')).toBe(2);
      // The token the failed init stored is reused.
      expect(env.emu.state.counters().tokenRequests.total).toBe(1);
    } finally {
      await client.close();
    }
  });
});
