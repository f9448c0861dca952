import { describe, expect, it } from '@jest/globals';
import { boundaryOf, parseMultipart } from './multipart.js';
import { parseFormBody } from './request-body.js';

describe('multipart and form bodies', () => {
  it('reads the fields a real FormData encoder writes', async () => {
    const form = new FormData();
    form.append('grant_type', 'refresh_token');
    form.append('client_id', '1000.ABC');
    form.append('refresh_token', '1000.aa.bb');
    const request = new Request('http://x/', { method: 'POST', body: form });
    const contentType = request.headers.get('content-type') ?? '';
    const body = Buffer.from(await request.arrayBuffer());
    expect(Object.fromEntries(parseFormBody(body, contentType))).toEqual({ grant_type: 'refresh_token', client_id: '1000.ABC', refresh_token: '1000.aa.bb' });
  });

  it('handles quoted boundaries and values with line breaks', () => {
    const boundary = '----x y';
    expect(boundaryOf(`multipart/form-data; boundary="${boundary}"`)).toBe(boundary);
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\nline1\r\nline2\r\n--${boundary}\r\nContent-Disposition: form-data; name="b"\r\n\r\n\r\n--${boundary}--\r\n`,
    );
    expect(Object.fromEntries(parseMultipart(body, boundary))).toEqual({ a: 'line1\r\nline2', b: '' });
  });

  it('reads urlencoded bodies, with or without a Content-Type, and JSON', () => {
    const body = Buffer.from('grant_type=authorization_code&code=1000.a%2Eb&redirect_uri=http%3A%2F%2Fx');
    const expected = { grant_type: 'authorization_code', code: '1000.a.b', redirect_uri: 'http://x' };
    expect(Object.fromEntries(parseFormBody(body, 'application/x-www-form-urlencoded'))).toEqual(expected);
    expect(Object.fromEntries(parseFormBody(body, undefined))).toEqual(expected);
    expect(Object.fromEntries(parseFormBody(Buffer.from('{"code":"c","n":1}'), 'application/json'))).toEqual({ code: 'c' });
    expect(parseFormBody(Buffer.from('{broken'), 'application/json').size).toBe(0);
    expect(parseFormBody(Buffer.from('x'), 'multipart/form-data').size).toBe(0);
  });
});
