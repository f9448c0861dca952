import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const base = {
  CLIENT_ID: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  CLIENT_SECRET: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1',
  REFRESH_TOKEN: '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210',
  ACCOUNTS_URL: 'https://accounts.zoho.eu',
};
const KEY = Buffer.alloc(32, 7).toString('base64');
const load = (env: Record<string, string>) => loadConfig({ envFile: false, env: { ...base, ...env } });

function problems(env: Record<string, string>): string[] {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.variable}: ${p.message}`);
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('fleet settings', () => {
  it('are absent without ZCRMKIT_REDIS_URL: nothing changes', () => {
    expect(load({}).fleet).toBeUndefined();
  });

  it('read the URL, key, prefix, edition, concurrency and budget, and hide the URL and key', () => {
    const fleet = load({ ZCRMKIT_REDIS_URL: 'redis://:hunter2pass@127.0.0.1:6380/2', ZCRMKIT_FLEET_KEY: KEY, ZOHO_EDITION: 'Professional', ZOHO_ORG_CONCURRENCY: '12', ZOHO_CREDIT_BUDGET: '40000', ZCRMKIT_REDIS_PREFIX: 'acme', ZCRMKIT_FLEET_WAIT_MS: '5000', ZCRMKIT_FLEET_SLOT_LEASE_MS: '4000' }).fleet;
    expect(fleet).toMatchObject({ waitMs: 5000, slotLeaseMs: 4000, redisHost: '127.0.0.1:6380', keyPrefix: 'acme', edition: 'professional', concurrency: 12, creditBudget: 40000, allowPlaintext: false });
    expect(fleet?.redisUrl).toBe('redis://:hunter2pass@127.0.0.1:6380/2');
    expect(fleet?.encryptionKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    const shown = JSON.stringify(fleet) + inspect(fleet, { depth: 5 }) + inspect(load({ ZCRMKIT_REDIS_URL: 'redis://:hunter2pass@127.0.0.1:6380', ZCRMKIT_FLEET_KEY: KEY }), { depth: 5 });
    expect(shown).not.toContain('hunter2pass');
    expect(shown).not.toContain(KEY);
  });

  it('accept a 64-hex-digit key, and plaintext only when allowed explicitly', () => {
    expect(load({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1', ZCRMKIT_FLEET_KEY: 'ab'.repeat(32) }).fleet?.encryptionKey).toHaveLength(32);
    expect(load({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1', ZCRMKIT_FLEET_ALLOW_PLAINTEXT: 'true' }).fleet).toMatchObject({ allowPlaintext: true, encryptionKey: undefined });
    expect(problems({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1' })).toEqual([expect.stringMatching(/^ZCRMKIT_FLEET_KEY: is missing; .*ZCRMKIT_FLEET_ALLOW_PLAINTEXT=true/)]);
  });

  it('take a key ring for rotation: the encrypting key first, then the keys still read', () => {
    const next = Buffer.alloc(32, 9).toString('base64');
    const fleet = load({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1', ZCRMKIT_FLEET_KEY: `${next}, ${KEY}` }).fleet;
    expect(fleet?.encryptionKeys.map((k) => k[0])).toEqual([9, 7]);
    expect(fleet?.encryptionKey?.equals(Buffer.alloc(32, 9))).toBe(true);
    expect(inspect(fleet, { depth: 5 })).not.toContain(next);
    expect(problems({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1', ZCRMKIT_FLEET_KEY: `${KEY},short` })).toEqual([expect.stringMatching(/^ZCRMKIT_FLEET_KEY: key 2 of 2 must be 32 random bytes/)]);
    expect(problems({ ZCRMKIT_REDIS_URL: 'redis://127.0.0.1', ZCRMKIT_FLEET_KEY: `${KEY},${KEY}` })).toEqual([expect.stringMatching(/^ZCRMKIT_FLEET_KEY: key 2 of 2 repeats an earlier one/)]);
  });

  it('name each bad variable without echoing a secret', () => {
    const found = problems({ ZCRMKIT_REDIS_URL: 'http://user:hunter2pass@host', ZCRMKIT_FLEET_KEY: 'shortsecretkey', ZOHO_EDITION: 'gold', ZOHO_ORG_CONCURRENCY: '0', ZOHO_CREDIT_BUDGET: 'lots' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['ZCRMKIT_FLEET_KEY', 'ZCRMKIT_REDIS_URL', 'ZOHO_CREDIT_BUDGET', 'ZOHO_EDITION', 'ZOHO_ORG_CONCURRENCY']);
    expect(found.join('\n')).not.toMatch(/hunter2pass|shortsecretkey/);
  });
});
