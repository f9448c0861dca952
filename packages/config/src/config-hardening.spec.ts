import { describe, it, expect } from '@jest/globals';
import { ConfigError } from './config-error.js';
import { customEndpointNotice } from './endpoint-notice.js';
import { loadConfig } from './load-config.js';
import { MAX_ECHOED_LENGTH, looksLikeSecret, showValue } from './show-value.js';

const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1';
const REFRESH = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const good = {
  CLIENT_ID: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  CLIENT_SECRET: SECRET,
  REFRESH_TOKEN: REFRESH,
  ACCOUNTS_URL: 'https://accounts.zoho.eu',
};

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig({ env, envFile: false });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config messages never echo a secret', () => {
  it('CLIENT_ID and CLIENT_SECRET swapped: neither value appears in the message', () => {
    const err = configError({ ...good, CLIENT_ID: SECRET, CLIENT_SECRET: good.CLIENT_ID });
    expect(err.problems.map((p) => p.variable)).toEqual(['CLIENT_ID', 'CLIENT_SECRET']);
    expect(err.message).not.toContain(SECRET);
    expect(err.message).not.toContain(good.CLIENT_ID);
    expect(err.message).toContain('<set, 42 characters>');
  });

  it.each(['USER_EMAIL', 'ACCOUNTS_URL', 'ZOHO_ENVIRONMENT', 'ZOHO_LOG_LEVEL', 'ZOHO_ALLOW_CUSTOM_HOSTS'])('a token pasted into %s is not echoed', (name) => {
    for (const pasted of [REFRESH, SECRET, `https://${REFRESH}`, `x ${SECRET.slice(0, 20)} y`]) {
      const err = configError({ ...good, [name]: pasted });
      expect(err.problems.map((p) => p.variable)).toEqual([name]);
      expect(err.message).not.toContain(pasted);
      expect(err.message).not.toContain(REFRESH.slice(5, 25));
      expect(err.message).not.toContain(SECRET.slice(0, 16));
    }
    expect(configError({ ...good, [name]: REFRESH }).message).toContain(`<hidden: looks like a token or secret, ${REFRESH.length} characters>`);
  });

  it.each(['ZOHO_ENVIRONMENT', 'ZOHO_LOG_LEVEL'])('CR and ANSI escapes in %s are escaped, not printed raw', (name) => {
    const spoof = 'x\r\u001b[2K\u001b[32mOK: configuration valid\u001b[0m\u202e';
    const err = configError({ ...good, [name]: spoof });
    // eslint-disable-next-line no-control-regex
    expect(err.message).not.toMatch(/[\r\u001b\u202e]/);
    expect(err.message).toContain('\\x0d\\x1b[2K\\x1b[32mOK: configuration valid\\x1b[0m\\u202e');
  });

  it('caps an echoed value and says how long it was', () => {
    const err = configError({ ...good, ZOHO_ENVIRONMENT: 'ab-'.repeat(400) });
    expect(err.problems[0]?.message).toContain('… (1200 characters)');
    expect(err.problems[0]?.message.length).toBeLessThan(MAX_ECHOED_LENGTH + 120);
  });
});

describe('config checks on hostile input', () => {
  it('a USER_EMAIL of a@ + 60k dots + @ is refused without being echoed whole', () => {
    const email = `a@${'.'.repeat(60_000)}@`;
    const err = configError({ ...good, USER_EMAIL: email });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]?.variable).toBe('USER_EMAIL');
    expect(err.message.length).toBeLessThan(400);
  });

  it('a USER_EMAIL of a@ + 4000 dots + @ (under the length cap) is refused, echoed capped', () => {
    const err = configError({ ...good, USER_EMAIL: `a@${'.'.repeat(4000)}@` });
    expect(err.problems[0]?.message).toMatch(/is malformed \("a@\.+"… \(4003 characters\)\)/);
  });

  it('a 10 MB CLIENT_SECRET ends in a ConfigError, not a stack overflow', () => {
    const err = configError({ ...good, CLIENT_SECRET: 'a'.repeat(10_000_000) });
    expect(err.problems).toEqual([{ variable: 'CLIENT_SECRET', message: expect.stringMatching(/is too long \(10000000 characters; at most 4096\)/) }]);
  });

  it.each(['CLIENT_ID', 'REFRESH_TOKEN', 'ACCOUNTS_URL', 'USER_EMAIL', 'ZOHO_API_URL', 'ZOHO_DATA_DIR'])('10 MB in %s ends in a ConfigError', (name) => {
    const err = configError({ ...good, [name]: `1${'0'.repeat(10_000_000)}` });
    expect(err.problems.map((p) => p.variable)).toContain(name);
    expect(err.message.length).toBeLessThan(1000);
  });
});

describe('custom endpoints', () => {
  const custom = { ...good, ZOHO_API_URL: 'https://accounts.zoho.com.evil.example', ZOHO_ACCOUNTS_URL: 'https://accounts.zoho.com.evil.example' };

  it('refuse an https host outside Zoho without ZOHO_ALLOW_CUSTOM_HOSTS', () => {
    const err = configError(custom);
    expect(err.problems.map((p) => p.variable)).toEqual(['ZOHO_API_URL', 'ZOHO_ACCOUNTS_URL']);
    expect(err.problems[0]?.message).toMatch(/"accounts\.zoho\.com\.evil\.example" is not one of Zoho's.*ZOHO_ALLOW_CUSTOM_HOSTS=true/);
  });

  it('accept it with ZOHO_ALLOW_CUSTOM_HOSTS=true, and the notice names both hosts and the ignored ACCOUNTS_URL', () => {
    const config = loadConfig({ env: { ...custom, ZOHO_API_URL: 'https://crm-proxy.example.com', ZOHO_ALLOW_CUSTOM_HOSTS: 'true' }, envFile: false });
    expect(config.dataCenter).toBe('custom');
    expect(customEndpointNotice(config)).toBe(
      'zcrmkit: custom endpoints (ZOHO_API_URL, ZOHO_ACCOUNTS_URL): the client secret and refresh token go to accounts.zoho.com.evil.example, access tokens and CRM data to crm-proxy.example.com; ACCOUNTS_URL is ignored',
    );
  });

  it('refuse a ZOHO_ALLOW_CUSTOM_HOSTS that is not a yes or no', () => {
    expect(configError({ ...custom, ZOHO_ALLOW_CUSTOM_HOSTS: 'maybe' }).problems.map((p) => p.variable)).toContain('ZOHO_ALLOW_CUSTOM_HOSTS');
  });

  it('give no notice for a Zoho data center', () => {
    expect(customEndpointNotice(loadConfig({ env: good, envFile: false }))).toBeUndefined();
  });
});

describe('showValue', () => {
  it.each([
    ['production', '"production"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there', '"tab\\x09here"'],
  ])('shows %j as %s', (value, shown) => {
    expect(showValue(value)).toBe(shown);
  });

  it.each([REFRESH, SECRET, '1000.ABCDEF', 'abcdefghijklmnop'])('hides %s', (value) => {
    expect(looksLikeSecret(value)).toBe(true);
  });

  it.each(['production', 'owner@example.com', 'https://accounts.zoho.eu', '1000.', 'abcdefghijklmno'])('does not hide %s', (value) => {
    expect(looksLikeSecret(value)).toBe(false);
  });
});
