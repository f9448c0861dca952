import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import { ZohoApiError } from './zoho-api-error.js';

let env: EmulatorEnv<RunningEmulator>;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
});

afterAll(async () => {
  await env?.close();
});

describe('init (against the emulator)', () => {
  it('20 concurrent first calls share 1 init: 1 token request, 1 users call, 1 org call', async () => {
    const client = createZohoClient({ config: env.config() });
    try {
      const ids = env.emu.state.listRecords('Leads').slice(0, 3).map((r) => String(r.id));
      const results = await Promise.all(Array.from({ length: 20 }, () => client.getRecords('Leads', ids, ['Last_Name'])));
      expect(results.every((r) => r.length === 3)).toBe(true);
      const counters = env.emu.state.counters();
      expect(counters.tokenRequests.total).toBe(1);
      expect(hits(env, 'GET /crm/v8/users')).toBe(1);
      expect(hits(env, 'GET /crm/v8/org')).toBe(1);
      expect(hits(env, 'GET /crm/v8/Leads')).toBe(20);
      // The first call per module fetches the metadata; the other 19 wait for it instead of fetching too.
      expect(hits(env, 'GET /crm/v8/settings/fields')).toBeLessThanOrEqual(3);

      // A second init, and a second client with the same configuration, send nothing.
      env.emu.state.resetCounters();
      await client.init();
      const twin = createZohoClient({ config: env.config() });
      await twin.init();
      await twin.close();
      expect(env.emu.state.counters().total).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('refuses a different configuration while one is active, and accepts it after close()', async () => {
    const first = createZohoClient({ config: env.config() });
    await first.init();
    const other = createZohoClient({ config: env.config({ refreshToken: env.emu.state.issueRefreshToken() }) });
    const error = (await other.init().catch((e: unknown) => e)) as ZohoApiError;
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error.code).toBe('INIT_CONFLICT');
    expect(error.message).toContain(env.emu.url);
    await first.close();
    await expect(first.init()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await other.init();
    const report = await other.checkConnection();
    expect(report.scopes.ok).toBe(true);
    await other.close();
  });

  it('a failed init leaves nothing behind: the next call starts clean and succeeds', async () => {
    env.emu.state.resetCounters();
    env.emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/org', status: 503, times: 2 }]);
    // No org profile: the user and org must be looked up (an earlier test's are kept otherwise).
    const client = createZohoClient({ config: env.config(), maxAttempts: 2, retryBaseDelayMs: 10, orgProfile: false });
    try {
      await expect(client.init()).rejects.toMatchObject({ operation: 'getOrganization', status: 503, attempts: 2 });
      expect(hits(env, 'GET /crm/v8/org')).toBe(2);
      await client.init();
      expect(hits(env, 'GET /crm/v8/users')).toBe(2);
      expect(hits(env, 'GET /crm/v8/org')).toBe(3);
      // The token stored by the failed init is reused: no second token request.
      expect(env.emu.state.counters().tokenRequests.total).toBe(0);
      const fields = await client.getFields('Leads');
      expect(fields.some((f) => f.apiName === 'Last_Name')).toBe(true);
    } finally {
      env.emu.state.setFaults([]);
      await client.close();
    }
  });

  it('the next process takes the user, org and metadata from the org profile: no lookup; checkConnection still asks Zoho', async () => {
    const first = createZohoClient({ config: env.config() });
    try {
      await first.init();
      await first.getFields('Leads');
      await first.getLayouts('Leads');
    } finally {
      await first.close();
    }
    env.emu.state.resetCounters();
    // A new runtime (close() freed the process's one SDK configuration), as a new process has.
    const next = createZohoClient({ config: env.config() });
    try {
      await next.init();
      expect(await next.getFields('Leads')).toEqual(expect.arrayContaining([expect.objectContaining({ apiName: 'Last_Name' })]));
      expect((await next.getLayouts('Leads')).length).toBeGreaterThan(0);
      expect(hits(env, 'GET /crm/v8/users') + hits(env, 'GET /crm/v8/org') + hits(env, 'GET /crm/v8/settings/fields') + hits(env, 'GET /crm/v8/settings/layouts')).toBe(0);
      const report = await next.checkConnection();
      expect(report.user.email).not.toBe('');
      expect(hits(env, 'GET /crm/v8/users')).toBe(1);
      expect(hits(env, 'GET /crm/v8/org')).toBe(1);

      // clearMetadataCache drops the kept metadata too: the next read asks Zoho.
      next.clearMetadataCache('Leads');
      await next.getFields('Leads');
      expect(hits(env, 'GET /crm/v8/settings/fields')).toBe(1);
    } finally {
      await next.close();
    }
  });
});
