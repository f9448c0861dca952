import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenClient } from '@zcrmkit/auth';
import { tokenFetch } from './token-transport.js';

// The transport crm-core gives @zcrmkit/auth for token requests, checked through auth's own token
// client: what matters is that auth maps its outcomes exactly as it maps the global fetch's.

let server: http.Server;
let base: string;
const seen: { method?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
const TOKEN = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method, headers: req.headers, body });
      const path = req.url ?? '';
      if (path.startsWith('/slow')) return; // never answers
      if (path.startsWith('/reset')) return req.socket.destroy();
      if (path.startsWith('/redirect')) {
        res.writeHead(302, { location: `${base}/token` });
        return res.end();
      }
      if (path.startsWith('/cut')) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
        return res.write('{"access_token":"', () => req.socket.destroy());
      }
      if (path.startsWith('/invalid')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end('{"error":"invalid_code"}');
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, api_domain: 'https://www.zohoapis.eu', token_type: 'Bearer' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function client(path: string, timeoutMs = 10_000): TokenClient {
  return new TokenClient({ tokenUrl: `${base}${path}`, clientId: '1000.CLIENTID', clientSecret: 'client-secret-value', timeoutMs, fetch: tokenFetch });
}

describe('token transport (node:http fetch for @zcrmkit/auth)', () => {
  it('posts the form with its headers and a content length, and returns the grant', async () => {
    seen.length = 0;
    const grant = await client('/token').refresh('1000.refresh.token');
    expect(grant.accessToken).toBe(TOKEN);
    expect(grant.apiDomain).toBe('https://www.zohoapis.eu');
    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.method).toBe('POST');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers.accept).toBe('application/json');
    expect(request?.headers['content-length']).toBe(String(Buffer.byteLength(request?.body ?? '')));
    expect(new URLSearchParams(request?.body).get('grant_type')).toBe('refresh_token');
  });

  it("passes Zoho's error answer through to auth's parser", async () => {
    await expect(client('/invalid').refresh('1000.refresh.token')).rejects.toMatchObject({ name: 'AuthError', code: 'INVALID_CODE' });
  });

  it('does not follow a redirect (the secret would go along); auth refuses it', async () => {
    seen.length = 0;
    await expect(client('/redirect').refresh('1000.refresh.token')).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE', status: 302 });
    expect(seen).toHaveLength(1);
  });

  it('a silent server: TIMEOUT at the deadline, the request cut', async () => {
    // /slow never answers, so only the deadline can produce TIMEOUT; a hang meets jest's timeout.
    await expect(client('/slow', 300).refresh('1000.refresh.token')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('a reset connection and a refused one: NETWORK_ERROR with the system code', async () => {
    const reset = await client('/reset').refresh('1000.refresh.token').catch((e: unknown) => e);
    expect(reset).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(String((reset as Error).message)).toMatch(/ECONNRESET|socket hang up/);
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = new TokenClient({ tokenUrl: `http://127.0.0.1:${port}/token`, clientId: '1000.CLIENTID', clientSecret: 'client-secret-value', fetch: tokenFetch });
    const error = await refused.refresh('1000.refresh.token').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expect(String((error as Error).message)).toContain('ECONNREFUSED');
  });

  it('an answer cut mid-body: NETWORK_ERROR, never a half-read token', async () => {
    await expect(client('/cut').refresh('1000.refresh.token')).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('an already aborted signal sends nothing', async () => {
    seen.length = 0;
    const controller = new AbortController();
    controller.abort();
    await expect(tokenFetch(`${base}/token`, { method: 'POST', body: 'a=b', signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(0);
  });

  it('refuses what it does not implement instead of guessing', async () => {
    await expect(tokenFetch('ftp://127.0.0.1/token')).rejects.toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('unsupported protocol ftp:') }));
    await expect(tokenFetch(`${base}/token`, { method: 'POST', body: new Blob(['x']) })).rejects.toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('bodies are supported') }));
  });
});
