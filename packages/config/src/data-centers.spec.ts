import { describe, it, expect } from '@jest/globals';
import { DATA_CENTERS, ZOHO_ENVIRONMENTS, endpointsFor } from './data-centers.js';
import { checkAccountsUrl, checkCustomEndpoint } from './url-checks.js';

const expected: Record<string, { accounts: string; api: string; upload: string }> = {
  US: { accounts: 'accounts.zoho.com', api: 'zohoapis.com', upload: 'https://content.zohoapis.com' },
  EU: { accounts: 'accounts.zoho.eu', api: 'zohoapis.eu', upload: 'https://content.zohoapis.eu' },
  IN: { accounts: 'accounts.zoho.in', api: 'zohoapis.in', upload: 'https://content.zohoapis.in' },
  AU: { accounts: 'accounts.zoho.com.au', api: 'zohoapis.com.au', upload: 'https://content.zohoapis.com.au' },
  CN: { accounts: 'accounts.zoho.com.cn', api: 'zohoapis.com.cn', upload: 'https://content.zohoapis.com.cn' },
  JP: { accounts: 'accounts.zoho.jp', api: 'zohoapis.jp', upload: 'https://content.zohoapis.jp' },
  CA: { accounts: 'accounts.zohocloud.ca', api: 'zohoapis.ca', upload: 'https://upload.zohocloud.ca' },
  SA: { accounts: 'accounts.zoho.sa', api: 'zohoapis.sa', upload: 'https://files.zoho.sa' },
};

describe('data centers', () => {
  it('knows exactly the eight data centers the SDK supports', () => {
    expect(DATA_CENTERS.map((dc) => dc.id).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [id, want] of Object.entries(expected)) {
    for (const env of ZOHO_ENVIRONMENTS) {
      it(`${id} × ${env}: API, token and upload URLs`, () => {
        const dc = checkAccountsUrl(`https://${want.accounts}`);
        if (!dc.ok) throw new Error(dc.message);
        expect(dc.value.id).toBe(id);
        const e = endpointsFor(dc.value, env);
        const prefix = env === 'production' ? 'www' : env;
        expect(e.apiUrl).toBe(`https://${prefix}.${want.api}`);
        expect(e.tokenUrl).toBe(`https://${want.accounts}/oauth/v2/token`);
        expect(e.revokeUrl).toBe(`https://${want.accounts}/oauth/v2/token/revoke`);
        expect(e.fileUploadUrl).toBe(want.upload);
      });
    }
  }

  it.each([
    'https://ACCOUNTS.ZOHO.EU',
    'https://accounts.zoho.eu/',
    'https://accounts.zoho.eu/oauth/v2/token',
    'accounts.zoho.eu',
    'https://accounts.zoho.eu.',
  ])('tolerates case, trailing slash, path and a missing scheme: %s', (raw) => {
    const dc = checkAccountsUrl(raw);
    expect(dc.ok && dc.value.id).toBe('EU');
  });

  it('does not fall back to US for an EU host (the seed bug)', () => {
    const dc = checkAccountsUrl('https://accounts.zoho.com.au');
    expect(dc.ok && dc.value.id).toBe('AU');
  });

  it.each([
    ['https://accounts.zoho.com.evil.example', /not a Zoho accounts host.*accounts\.zoho\.com \(US\)/],
    ['https://evil.example/accounts.zoho.com', /not a Zoho accounts host/],
    ['https://accounts.zoho.com@evil.example', /user info/],
    ['https://user:pw@accounts.zoho.com', /user info/],
    ['http://accounts.zoho.com', /must use https.*clear text/],
    ['https://accounts.zoho.com:8443', /port/],
    ['https://xaccounts.zoho.com', /not a Zoho accounts host/],
    ['ftp://accounts.zoho.com', /must use https/],
    ['https://accounts.zoho.uk', /UK data center, which is not supported by the Zoho SDK yet/],
    ['not a url at all', /not a Zoho accounts host|not a URL/],
  ])('refuses %s', (raw, message) => {
    const dc = checkAccountsUrl(raw);
    expect(dc.ok).toBe(false);
    if (!dc.ok) expect(dc.message).toMatch(message);
  });
});

describe('custom endpoints', () => {
  it.each([
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.8.9.10:1/', 'http://127.8.9.10:1'],
    ['http://localhost:4010/', 'http://localhost:4010'],
    ['http://[::1]:4010', 'http://[::1]:4010'],
    ['https://127.0.0.1:4443/', 'https://127.0.0.1:4443'],
    ['https://eu-proxy.zohoapis.eu/x', 'https://eu-proxy.zohoapis.eu/x'],
  ])('accepts %s', (raw, normalised) => {
    expect(checkCustomEndpoint(raw)).toEqual({ ok: true, value: normalised });
  });

  it('accepts an https host outside Zoho only with the opt-in', () => {
    expect(checkCustomEndpoint('https://crm-proxy.example.com/zoho/', { allowCustomHosts: true })).toEqual({ ok: true, value: 'https://crm-proxy.example.com/zoho' });
    const r = checkCustomEndpoint('https://crm-proxy.example.com/zoho/');
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/"crm-proxy\.example\.com" is not one of Zoho's.*ZOHO_ALLOW_CUSTOM_HOSTS=true/) });
  });

  it.each([
    ['http://10.0.0.5:4010', /only allowed to a loopback address/],
    ['http://127.0.0.1.evil.example', /only allowed to a loopback address/],
    ['http://localhost.evil.example', /only allowed to a loopback address/],
    ['https://u:p@proxy.example.com', /user info/],
    ['https://proxy.example.com/?x=1', /query string/],
    ['127.0.0.1:4010', /not an absolute URL/],
    ['ftp://127.0.0.1', /must use https/],
    ['https://accounts.zoho.com.evil.example', /not one of Zoho's/],
    ['https://zoho.com-evil.example', /not one of Zoho's/],
  ])('refuses %s', (raw, message) => {
    const r = checkCustomEndpoint(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});
