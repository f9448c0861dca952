import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuthError, ZohoTokenStore } from '@zcrmkit/auth';
import { ConfigError, ZcrmkitError, loadConfig } from '@zcrmkit/config';
import { ZohoApiError, createZohoClient } from '@zcrmkit/crm-core';
import { EmulatorError, EmulatorOptionsError, startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { SafeUpdateError, updateLeads } from '@zcrmkit/crm-leads';
import { FleetError, createFleet } from '@zcrmkit/fleet';

// One `instanceof ZcrmkitError` must catch what every package throws: each case below makes a
// package throw for real (the token request goes over HTTP to the emulator).

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}

describe('ZcrmkitError is the base of every package error', () => {
  let emu: RunningEmulator;
  let dir: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 1 });
    dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-errors-'));
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('@zcrmkit/config: ConfigError', async () => {
    const error = await caught(() => loadConfig({ env: {}, envFile: false }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(ZcrmkitError);
    expect((error as ZcrmkitError).code).toBe('CONFIG_INVALID');
  });

  it('@zcrmkit/auth: AuthError', async () => {
    const { clientId, clientSecret } = emu.state.defaultClient;
    const store = new ZohoTokenStore({ path: path.join(dir, 'tokens.csv'), clientId, clientSecret, refreshToken: '1000.revoked0000000000.0000000000000000', tokenUrl: emu.tokenUrl });
    const error = await caught(() => store.getAccessToken());
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toBeInstanceOf(ZcrmkitError);
    expect((error as ZcrmkitError).code).toBe('INVALID_CODE');
  });

  it('@zcrmkit/crm-core: ZohoApiError', async () => {
    const config = loadConfig({ env: {}, envFile: false, values: { CLIENT_ID: '1000.ABCDEFGHIJ', CLIENT_SECRET: 'abcdef0123456789', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'sdk.log') } });
    const client = createZohoClient({ config });
    try {
      // An api name that could inject query parameters is refused before anything is sent.
      const error = await caught(() => client.getRecords('Leads&x=1', ['1'], ['Last_Name']));
      expect(error).toBeInstanceOf(ZohoApiError);
      expect(error).toBeInstanceOf(ZcrmkitError);
      expect((error as ZcrmkitError).code).toBe('INVALID_INPUT');
    } finally {
      await client.close();
    }
  });

  it('@zcrmkit/crm-leads: SafeUpdateError', async () => {
    const client = createZohoClient({ config: loadConfig({ env: {}, envFile: false, values: { CLIENT_ID: '1000.ABCDEFGHIJ', CLIENT_SECRET: 'abcdef0123456789', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data2'), ZOHO_LOG_FILE: path.join(dir, 'sdk2.log') } }) });
    try {
      const error = await caught(() => updateLeads(client, 'not a list' as never));
      expect(error).toBeInstanceOf(SafeUpdateError);
      expect(error).toBeInstanceOf(ZcrmkitError);
      expect((error as ZcrmkitError).code).toBe('INVALID_ITEMS');
    } finally {
      await client.close();
    }
  });

  it('@zcrmkit/crm-emulator: its own base carries the same mark', async () => {
    const error = await caught(() => startEmulator({ latencyMs: -1 }));
    expect(error).toBeInstanceOf(EmulatorOptionsError);
    expect(error).toBeInstanceOf(EmulatorError);
    expect(error).toBeInstanceOf(ZcrmkitError);
    expect((error as ZcrmkitError).code).toBe('INVALID_OPTIONS');
  });

  it('@zcrmkit/fleet: FleetError, refusing plain text and when Redis does not answer', async () => {
    // Should it not refuse, the fleet it made is closed at once: no connection outlives the test.
    const refused = await caught(async () => {
      const made = createFleet({ redisUrl: 'redis://127.0.0.1:6379', clientId: '1000.ABCDEFGHIJ', refreshToken: '1000.0123456789abcdef.0123456789abcdef' });
      await made.close();
    });
    expect(refused).toBeInstanceOf(FleetError);
    expect(refused).toBeInstanceOf(ZcrmkitError);
    expect((refused as ZcrmkitError).code).toBe('INVALID_OPTION');

    // A port that was free a moment ago: nothing answers there, so the fleet fails closed.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const fleet = createFleet({ redisUrl: `redis://127.0.0.1:${port}`, clientId: '1000.ABCDEFGHIJ', refreshToken: '1000.0123456789abcdef.0123456789abcdef', encryptionKey: Buffer.alloc(32, 7), waitMs: 500, commandTimeoutMs: 200 });
    try {
      const unavailable = await caught(() => fleet.tokenRequestsInWindow());
      expect(unavailable).toBeInstanceOf(FleetError);
      expect(unavailable).toBeInstanceOf(ZcrmkitError);
      expect((unavailable as ZcrmkitError).code).toBe('REDIS_UNAVAILABLE');
    } finally {
      await fleet.close();
    }
  });

  it('keeps each class to its own package: an AuthError is no ConfigError', async () => {
    const error = await caught(() => loadConfig({ env: {}, envFile: false }));
    expect(error).not.toBeInstanceOf(AuthError);
    expect(error).not.toBeInstanceOf(EmulatorError);
  });
});
