import { describe, expect, it } from '@jest/globals';
import { maskAuthorization, maskForm, maskJson, maskToken } from './secret-mask.js';

const TOKEN = `1000.${'a'.repeat(32)}.${'b'.repeat(32)}`;
const SECRET = 'c'.repeat(42);

describe('secret masking for the inspector', () => {
  it('a masked token keeps the prefix and a hash, never a character of the secret part', () => {
    const masked = maskToken(TOKEN);
    expect(masked).toMatch(/^1000\.…#[0-9a-f]{8}$/);
    expect(masked).not.toContain('aaaa');
    expect(maskToken(TOKEN)).toBe(masked);
    expect(maskToken(`1000.${'d'.repeat(32)}.${'b'.repeat(32)}`)).not.toBe(masked);
  });

  it('masks secret keys and token-shaped strings anywhere, keeps Zoho codes and counts', () => {
    const masked = maskJson({
      access_token: TOKEN,
      data: [{ code: 'SUCCESS', details: { id: '6051205000000100001' }, note: `see ${TOKEN} here` }],
      clientSecret: SECRET,
      nested: { secret: SECRET },
      tokenRequests: { refresh_token: 3 },
    });
    const text = JSON.stringify(masked);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(SECRET);
    expect(text).toContain('"code":"SUCCESS"');
    expect(text).toContain('"refresh_token":3');
    expect(text).toContain('6051205000000100001');
  });

  it('masks form fields and the Authorization header', () => {
    const form = maskForm(new Map([['client_secret', 'whatever-it-is'], ['grant_type', 'refresh_token'], ['refresh_token', TOKEN], ['code', 'x']]));
    expect(form['grant_type']).toBe('refresh_token');
    expect(Object.values(form).join(' ')).not.toMatch(/whatever|aaaa|^x$/);
    expect(maskAuthorization(`Zoho-oauthtoken ${TOKEN}`)).toMatch(/^Zoho-oauthtoken 1000\.…#[0-9a-f]{8}$/);
  });
});
