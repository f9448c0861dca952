import { describe, expect, it } from '@jest/globals';
import { REDACTED, Redactor } from './redact.js';

const REFRESH = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const SECRET = 'S3cr3tS3cr3tS3cr3t';

function redactor(): Redactor {
  const r = new Redactor();
  r.addSecret(REFRESH);
  r.addSecret(SECRET);
  return r;
}

describe('Redactor', () => {
  it('blanks known secrets whole and in part (segments, the 32-character tail)', () => {
    const r = redactor();
    const tail = REFRESH.slice(-32);
    const segment = REFRESH.split('.')[1] as string;
    const out = r.redact(`a ${REFRESH} b ${tail} c ${segment} d ${SECRET}`);
    expect(out).not.toContain(tail);
    expect(out).not.toContain(segment);
    expect(out).not.toContain(SECRET);
    expect(out).toContain(REDACTED);
  });

  it('blanks token-shaped strings, Authorization headers and secret query parameters it was never told about', () => {
    const r = new Redactor();
    const unknownToken = '1000.aaaaaaaabbbbbbbb.ccccccccdddddddd';
    const text = [
      `Authorization: Zoho-oauthtoken ${unknownToken}`,
      '"authorization":"Bearer xyz.abc"',
      'refresh_token=abc123&client_secret=def456&grant_type=refresh_token',
      'https://x/y?code=1000.abc&state=1',
      `loose ${unknownToken} end`,
    ].join('\n');
    const out = r.redact(text);
    expect(out).not.toContain('aaaaaaaabbbbbbbb');
    expect(out).not.toContain('xyz.abc');
    expect(out).not.toContain('abc123');
    expect(out).not.toContain('def456');
    expect(out).not.toContain('code=1000.abc');
    expect(out).toContain('grant_type=refresh_token');
    expect(out).toContain('state=1');
  });

  it('leaves ordinary text, Zoho error codes and record ids alone', () => {
    const text = '{"code":"INVALID_TOKEN","details":{"id":"6051205000000123456"},"message":"invalid oauth token"}';
    expect(redactor().redact(text)).toBe(text);
  });

  it('copies data deeply: secret-named keys blanked, BigInt as text, Maps as objects, cycles cut', () => {
    const r = redactor();
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    const out = r.redactDeep({
      headers: { Authorization: 'Zoho-oauthtoken abc', accept: 'json' },
      nested: [{ refresh_token: 'whatever' }, new Map([['k', 1n]])],
      text: `see ${SECRET}`,
      cyclic,
    }) as Record<string, unknown>;
    expect(out).toEqual({
      headers: { Authorization: REDACTED, accept: 'json' },
      nested: [{ refresh_token: REDACTED }, { k: '1' }],
      text: `see ${REDACTED}`,
      cyclic: { name: 'x', self: '[…]' },
    });
  });

  it("copies an error's name, message and code chain — never its other properties", () => {
    const inner = Object.assign(new Error(`failed with ${SECRET}`), { code: 'ECONNRESET', options: { headers: { authorization: `Zoho-oauthtoken ${REFRESH}` } } });
    const outer = Object.assign(new Error('wrapper'), { cause: inner, request: { body: SECRET } });
    const copy = redactor().redactError(outer);
    expect(copy).toEqual({ name: 'Error', message: 'wrapper', cause: { name: 'Error', message: `failed with ${REDACTED}`, code: 'ECONNRESET' } });
    expect(JSON.stringify(copy)).not.toContain(REFRESH.split('.')[1] as string);
  });
});
