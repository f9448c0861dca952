import { describe, expect, it } from '@jest/globals';
import { emptyRow, expiryOf, nextId, parseStore, serializeStore, STORE_HEADER, StoreFormatError } from './store-format.js';

const header = 'id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain';

describe('store format (the SDK FileStore CSV)', () => {
  it('has exactly the FileStore header', () => {
    expect(STORE_HEADER).toBe(header);
  });

  it('round-trips rows byte for byte, without a trailing newline, empty fields for absent values', () => {
    const text = `${header}\n1,a@b.com,1000.CLIENT,,1000.aa.bb,1000.cc.dd,,1700000000000,,https://www.zohoapis.eu\n2,,1000.OTHER,sec,1000.ee.ff,,,,,`;
    const rows = parseStore(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      id: '1',
      userName: 'a@b.com',
      clientId: '1000.CLIENT',
      clientSecret: '',
      refreshToken: '1000.aa.bb',
      accessToken: '1000.cc.dd',
      grantToken: '',
      expiryTime: '1700000000000',
      redirectUrl: '',
      apiDomain: 'https://www.zohoapis.eu',
    });
    expect(serializeStore(rows)).toBe(text);
  });

  it('reads an empty file, a header-only file, CRLF and blank lines', () => {
    expect(parseStore('')).toEqual([]);
    expect(parseStore(header)).toEqual([]);
    const rows = parseStore(`${header}\r\n\r\n3,,c,,r,a,,5,,\r\n`);
    expect(rows.map((r) => [r.id, r.expiryTime])).toEqual([['3', '5']]);
  });

  it('reads the 9-column header of older SDK versions and writes it back with api_domain', () => {
    const legacy = header.replace(',api_domain', '');
    const rows = parseStore(`${legacy}\n1,,c,,r,a,,5,`);
    expect(rows[0]?.apiDomain).toBe('');
    expect(serializeStore(rows)).toBe(`${header}\n1,,c,,r,a,,5,,`);
  });

  it.each([
    ['a wrong header', 'hello,world\n1,2', 1],
    ['a line with too few fields', `${header}\n1,,c,,r`, 2],
    ['a line with too many fields', `${header}\n1,,c,,r,a,,5,,,x`, 2],
    ['a truncated second row', `${header}\n1,,c,,r,a,,5,,\n2,,c`, 3],
    ['binary data', `${header}\n\0\0\0`, 1],
    ['JSON', '{"access_token":"x"}', 1],
  ])('rejects %s, naming the line but not its content', (_what, text, line) => {
    let error: unknown;
    try {
      parseStore(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(StoreFormatError);
    expect((error as StoreFormatError).line).toBe(line);
    expect((error as StoreFormatError).message).not.toContain('1000');
  });

  it('refuses to write a value the format cannot hold', () => {
    expect(() => serializeStore([{ ...emptyRow(), id: '1', userName: 'a,b' }])).toThrow(/userName value containing a comma/);
    expect(() => serializeStore([{ ...emptyRow(), id: '1', accessToken: 'a\nb' }])).toThrow(expect.objectContaining({ name: 'AuthError', code: 'INVALID_OPTION', message: expect.stringContaining('accessToken') }));
  });

  it('numbers new rows like the SDK: one more than the largest id', () => {
    expect(nextId([])).toBe('1');
    expect(nextId([{ ...emptyRow(), id: '2' }, { ...emptyRow(), id: '10' }, { ...emptyRow(), id: 'x' }])).toBe('11');
  });

  it('reads the expiry in epoch ms and treats an unreadable one (the SDK can write NaN) as expired', () => {
    expect(expiryOf({ ...emptyRow(), expiryTime: '1700000000000' })).toBe(1700000000000);
    expect(expiryOf({ ...emptyRow(), expiryTime: 'NaN' })).toBe(0);
    expect(expiryOf({ ...emptyRow(), expiryTime: '' })).toBe(0);
  });
});
