import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from './client.js';
import { ZohoApiError } from './zoho-api-error.js';

// Port 9 (discard) on loopback: nothing answers there, so any call that got as far as init would
// fail with a network error, not with the codes asserted below.
const config = loadConfig({
  values: { CLIENT_ID: '1000.ABCDEF123', CLIENT_SECRET: 'abcdefghij12', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ZOHO_API_URL: 'http://127.0.0.1:9', ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9' },
  env: {},
  envFile: false,
});

describe('createZohoClient', () => {
  it('checks options up front, naming the option', () => {
    expect(() => createZohoClient({ config, concurrency: 0 })).toThrow('[@zcrmkit/crm-core] concurrency option must be an integer >= 1, got 0');
    expect(() => createZohoClient({ config, logger: {} as never })).toThrow(/logger option/);
  });

  it("reports an incomplete configuration with @zcrmkit/config's ConfigError", () => {
    const previous = { ...process.env };
    try {
      for (const key of ['CLIENT_ID', 'CLIENT_SECRET', 'REFRESH_TOKEN', 'ACCOUNTS_URL', 'ZOHO_API_URL', 'ZOHO_ACCOUNTS_URL']) delete process.env[key];
      expect(() => createZohoClient()).toThrow(expect.objectContaining({ name: 'ConfigError', code: 'CONFIG_INVALID' }));
    } finally {
      Object.assign(process.env, previous);
    }
  });

  it('refuses bad input with INVALID_INPUT before initialising anything', async () => {
    const client = createZohoClient({ config });
    const cases: Promise<unknown>[] = [
      client.getRecords('Leads', ['abc'], ['Last_Name']),
      client.getRecords('Le ads', ['1'], ['Last_Name']),
      client.getFields('Leads?x=1'),
      client.getLayouts(''),
      client.updateRecords('Leads', [{ id: '1' }, { id: '1' }]),
      client.updateRecords('Leads', [{ id: '1', Company: 'x' }], { trigger: ['workflow&x'] }),
      client.updateRecords('Leads', Array.from({ length: 101 }, (_, i) => ({ id: String(i + 1) }))),
    ];
    for (const c of cases) await expect(c).rejects.toMatchObject({ name: 'ZohoApiError', code: 'INVALID_INPUT', retryable: false });
    await client.close();
  });

  it('answers empty requests without a call', async () => {
    const client = createZohoClient({ config });
    await expect(client.getRecords('Leads', [], ['Last_Name'])).resolves.toEqual([]);
    await expect(client.updateRecords('Leads', [])).resolves.toEqual([]);
    await client.close();
  });

  it('refuses calls after close()', async () => {
    const client = createZohoClient({ config });
    await client.close();
    const error = await client.getRecords('Leads', ['1'], ['Last_Name']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect((error as ZohoApiError).code).toBe('CLIENT_CLOSED');
  });
});
