import { afterAll, expect, it } from '@jest/globals';
import { loadConfig } from '@zcrmkit/config';
import { fleet } from './create-fleet.js';
import { cleanPrefix, describeRedis, testPrefix, TEST_REDIS_URL } from './test-support/redis.js';

const prefix = testPrefix();
afterAll(() => cleanPrefix(prefix));

const config = (values: Record<string, string> = {}) =>
  loadConfig({
    values: { CLIENT_ID: '1000.CLIENTABCDEF', CLIENT_SECRET: '0123456789abcdef0123456789abcdef0123456789', REFRESH_TOKEN: '1000.0123456789abcdef.0123456789abcdef', ZOHO_API_URL: 'https://www.zohoapis.com', ZOHO_ACCOUNTS_URL: 'https://accounts.zoho.com', ...values },
    env: {},
    envFile: false,
  });

it('fleet(config) is undefined without ZCRMKIT_REDIS_URL: crm-core skips it', () => {
  expect(fleet(config())).toBeUndefined();
});

describeRedis('fleet(config) as a crm-core plugin (Redis)', () => {
  it('supplies the token source, the gates and the profile store, and its close() closes the fleet it made', async () => {
    const plugin = fleet(config({ ZCRMKIT_REDIS_URL: TEST_REDIS_URL, ZCRMKIT_FLEET_ALLOW_PLAINTEXT: '1', ZCRMKIT_REDIS_PREFIX: prefix }));
    expect(plugin?.name).toBe('fleet');
    const gates = plugin?.clientOptions.callGates ?? [];
    expect(gates.length).toBe(3);
    expect(typeof plugin?.clientOptions.grantSource.obtain).toBe('function');
    expect(typeof plugin?.clientOptions.orgProfile.update).toBe('function');
    // The credit budget reports what it spent on the call (crm-core shows it to middleware).
    const call: { operation: string; credits?: number } = { operation: 'getRecords' };
    const release = await gates[2]!.acquire(call, new AbortController().signal);
    release();
    expect(call.credits).toBe(1);
    await plugin?.close?.();
    await expect(gates[1]!.acquire({ operation: 'getRecords' }, new AbortController().signal)).rejects.toThrow();
  });
});
