import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INVOCATION_HEADER, invocationContext, newInvocation, tagInvocation, untagInvocation, type Invocation } from './call-context.js';
import { CoreLog } from './core-log.js';
import { abandon, observeHttp } from './http-observer.js';
import { Redactor } from './redact.js';
import { MemoryLogger } from './test-support/memory-logger.js';

let server: http.Server;
let base: string;
let stop: () => void;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/crm/v8/slow')) return; // never answers
    if (req.url?.startsWith('/crm/v8/reset')) return req.socket.destroy();
    res.writeHead(req.url?.startsWith('/crm/v8/busy') ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '7' });
    res.end('{"data":[]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  stop = observeHttp();
});

afterAll(async () => {
  stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function inv(): Invocation {
  return newInvocation({ requestId: 'r-test', operation: 'test', log: new CoreLog(new MemoryLogger(), new Redactor()) });
}

interface Got {
  status?: number;
  retryAfter?: string | string[];
  rawBody?: unknown;
  errorCode?: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Got> {
  return new Promise((resolve) => {
    const req = http.get(`${base}${path}`, { headers }, (res) => {
      const out: Got = { status: res.statusCode, retryAfter: res.headers['retry-after'], rawBody: (res as unknown as { rawBody?: unknown }).rawBody };
      res.resume();
      res.on('end', () => resolve(out));
    });
    req.on('error', (e: Error & { code?: string }) => resolve({ errorCode: e.code }));
  });
}

describe('HTTP observer', () => {
  it('counts the CRM requests of an invocation and keeps the real Retry-After while hiding it from the client', async () => {
    const current = inv();
    const got = await invocationContext.run(current, () => get('/crm/v8/busy?x=1'));
    expect(got.status).toBe(429);
    // What the SDK's HTTP client sees: a Retry-After too long to wait for, so it does not retry.
    expect(got.retryAfter).toBe('2147483');
    expect(Buffer.isBuffer(got.rawBody)).toBe(true);
    expect(current.started).toEqual([`GET ${base}/crm/v8/busy?x=1`]);
    expect(current.responses).toEqual([{ method: 'GET', url: `${base}/crm/v8/busy?x=1`, status: 429, retryAfter: '7' }]);
    expect(current.sdkRetries).toBe(0);
  });

  it('notices a repeated request (an HTTP-client retry) and counts it', async () => {
    const current = inv();
    await invocationContext.run(current, async () => {
      await get('/crm/v8/Leads');
      await get('/crm/v8/Leads');
    });
    expect(current.sdkRetries).toBe(1);
  });

  it('renames retryable transport error codes for the client and records the original', async () => {
    const current = inv();
    const got = await invocationContext.run(current, () => get('/crm/v8/reset'));
    expect(got.errorCode).toBe('ZCRMKIT_NO_RETRY_ECONNRESET');
    expect(current.networkError?.code).toBe('ECONNRESET');
  });

  it('cuts the open requests of an abandoned invocation, and any it starts afterwards', async () => {
    const current = inv();
    const pending = invocationContext.run(current, () => get('/crm/v8/slow'));
    // Wait for the request to be open (state, not a fixed sleep); a hang meets jest's timeout.
    while (current.live.size < 1) await new Promise((r) => setTimeout(r, 5));
    expect(current.live.size).toBe(1);
    abandon(current);
    expect(await pending).toEqual({ errorCode: undefined });
    const after = await invocationContext.run(current, () => get('/crm/v8/Leads'));
    expect(after.status).toBeUndefined();
  });

  it('tells the invocation of a request by the tag it carries, without an async context, and records its token', async () => {
    const current = inv();
    const tag = tagInvocation(current);
    try {
      const got = await get('/crm/v8/busy?t=1', { [INVOCATION_HEADER]: tag, authorization: 'Zoho-oauthtoken 1000.tagged-token' });
      expect(got.retryAfter).toBe('2147483');
      expect(current.started).toEqual([`GET ${base}/crm/v8/busy?t=1`]);
      expect(current.responses).toEqual([{ method: 'GET', url: `${base}/crm/v8/busy?t=1`, status: 429, retryAfter: '7' }]);
      expect(current.accessToken).toBe('1000.tagged-token');
      // A tag nobody registered (or one already released) belongs to no invocation.
      const stray = await get('/crm/v8/busy?t=2', { [INVOCATION_HEADER]: `${tag}-unknown` });
      expect(stray.retryAfter).toBe('7');
    } finally {
      untagInvocation(tag);
    }
    const late = await get('/crm/v8/busy?t=3', { [INVOCATION_HEADER]: tag });
    expect(late.retryAfter).toBe('7');
    expect(current.started).toHaveLength(1);
  });

  it('leaves requests outside a call, and non-CRM requests, untouched', async () => {
    const outside = await get('/crm/v8/busy');
    expect(outside.retryAfter).toBe('7');
    const current = inv();
    const token = await invocationContext.run(current, () => get('/oauth/v2/token'));
    expect(token.retryAfter).toBe('7');
    expect(current.started).toEqual([]);
  });
});
