import { request as httpRequest } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { call, obj } from '../test-support/http.js';

describe('limits and faults', () => {
  let emu: RunningEmulator;
  let token: string;
  let leadUrl: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 10 });
    token = emu.state.issueAccessToken();
    leadUrl = `${emu.url}/crm/v8/Leads/${emu.state.listRecords('Leads')[0]?.id ?? ''}`;
  });
  afterEach(() => {
    emu.state.setFaults([]);
    emu.state.setLatency(0);
    emu.state.setConcurrencyCap(null, null);
    emu.state.resetCounters();
    emu.state.clearRequestLog();
  });
  afterAll(async () => {
    await emu.stop();
  });

  const timed = async <T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> => {
    const start = performance.now();
    const value = await fn();
    return { value, ms: performance.now() - start };
  };

  it('concurrency cap: calls beyond it get 429 TOO_MANY_REQUESTS with Retry-After; Accounts is not capped', async () => {
    emu.state.setConcurrencyCap(2, 3);
    // Two calls held inside the server (a 5 s delay), then three more: those find both slots taken.
    // Ordered by the emulator's own counters, not by hoping five parallel calls overlap in time; the
    // 5 s only has to outlast sending three local requests (milliseconds quiet, far over 10×).
    emu.state.setFaults([{ kind: 'delay', route: 'GET /crm/v8/Leads/{id}', durationMs: 5_000, times: 2 }]);
    const held = [call(leadUrl, { token }), call(leadUrl, { token })];
    while (emu.state.counters().faults < 2) await new Promise((r) => setTimeout(r, 5));
    const rejected = await Promise.all(Array.from({ length: 3 }, () => call(leadUrl, { token })));
    const results = [...(await Promise.all(held)), ...rejected];
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const limited = results.find((r) => r.status === 429);
    expect(limited?.headers.get('retry-after')).toBe('3');
    expect(obj(limited?.body)).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 'error' });
    expect(emu.state.counters().statuses).toEqual({ '200': 2, '429': 3 });
    emu.state.setLatency(200);
    emu.state.setConcurrencyCap(1);
    const refresh = emu.state.issueRefreshToken();
    const { clientId, clientSecret } = emu.state.defaultClient;
    const tokenCalls = await Promise.all(
      Array.from({ length: 3 }, () =>
        fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refresh }) }),
      ),
    );
    expect(tokenCalls.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('latency is added to API calls but never to the admin API', async () => {
    emu.state.setLatency({ fixedMs: 150, jitterMs: 20 });
    const api = await timed(() => call(leadUrl, { token }));
    expect(api.value.status).toBe(200);
    // Lower bounds only: the latency was added. A loaded machine only makes them larger.
    expect(api.ms).toBeGreaterThanOrEqual(145);
    expect(emu.state.requestLog()[0]?.durationMs).toBeGreaterThanOrEqual(145);
    // With ten minutes of latency an API call would outlive jest's timeout: the admin API answering
    // at all shows it gets none, with no clock involved.
    emu.state.setLatency(600_000);
    const admin = await call(`${emu.url}/__emulator/health`);
    expect(admin.status).toBe(200);
  });

  it('error-json and error-html: 5xx bodies, and the rule stops after `times`', async () => {
    emu.state.setFaults([
      { kind: 'error-html', route: 'GET /crm/v8/org', times: 1 },
      { kind: 'error-json', route: 'GET /crm/v8/Leads/{id}', status: 503, after: 1, times: 1 },
    ]);
    const orgUrl = `${emu.url}/crm/v8/org`;
    const html = await fetch(orgUrl, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
    expect(html.status).toBe(502);
    expect(await html.text()).toMatch(/Bad Gateway/);
    expect((await call(orgUrl, { token })).status).toBe(200);
    expect((await call(leadUrl, { token })).status).toBe(200);
    const failed = await call(leadUrl, { token });
    expect(failed.status).toBe(503);
    expect(obj(failed.body)).toMatchObject({ code: 'INTERNAL_ERROR' });
    expect((await call(leadUrl, { token })).status).toBe(200);
    const log = emu.state.requestLog();
    expect(log.map((e) => [e.status, e.fault ?? null])).toEqual([[502, 'error-html'], [200, null], [200, null], [503, 'error-json'], [200, null]]);
    expect(emu.state.counters().faults).toBe(2);
  });

  it('error-html carries text/html', async () => {
    emu.state.setFaults([{ kind: 'error-html', status: 504 }]);
    const res = await fetch(`${emu.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
    expect(res.status).toBe(504);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toMatch(/<html>/);
  });

  it('reset: the connection drops without an answer', async () => {
    emu.state.setFaults([{ kind: 'reset', route: 'GET /crm/v8/Leads/{id}' }]);
    await expect(fetch(leadUrl, { headers: { authorization: `Zoho-oauthtoken ${token}` } })).rejects.toThrow();
    expect(emu.state.requestLog()[0]).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('stall: no answer; the socket closes after durationMs', async () => {
    emu.state.setFaults([{ kind: 'stall', durationMs: 200 }]);
    const { ms } = await timed(() => fetch(leadUrl, { headers: { authorization: `Zoho-oauthtoken ${token}` } }).then(() => 'answered', () => 'dropped'));
    expect(ms).toBeGreaterThanOrEqual(190);
    expect(emu.state.requestLog()[0]).toMatchObject({ status: 0, fault: 'stall' });
  });

  it('truncate: headers and half a body, then the socket is destroyed', async () => {
    emu.state.setFaults([{ kind: 'truncate', route: 'GET /crm/v8/Leads/{id}' }]);
    const outcome = await new Promise<{ status: number; declared: number; received: number; error: boolean }>((resolve) => {
      const req = httpRequest(leadUrl, { headers: { authorization: `Zoho-oauthtoken ${token}` } }, (res) => {
        let received = 0;
        res.on('data', (chunk: Buffer) => (received += chunk.length));
        const finish = (error: boolean): void => resolve({ status: res.statusCode ?? 0, declared: Number(res.headers['content-length']), received, error });
        res.on('end', () => finish(false));
        res.on('error', () => finish(true));
        res.on('aborted', () => finish(true));
      });
      req.on('error', () => resolve({ status: 0, declared: 0, received: 0, error: true }));
      req.end();
    });
    expect(outcome.status).toBe(200);
    expect(outcome.error).toBe(true);
    expect(outcome.received).toBeLessThan(outcome.declared);
    expect(outcome.received).toBeGreaterThan(0);
  });

  it('delay: the request is held, then served', async () => {
    emu.state.setFaults([{ kind: 'delay', durationMs: 150, route: 'GET /crm/v8/Leads/{id}' }]);
    const { value, ms } = await timed(() => call(leadUrl, { token }));
    expect(value.status).toBe(200);
    expect(ms).toBeGreaterThanOrEqual(145);
  });

  it('phase "after": the write lands, the answer fails', async () => {
    const id = emu.state.listRecords('Leads')[1]?.id ?? '';
    emu.state.setFaults([{ kind: 'error-json', route: 'PUT /crm/v8/Leads/{id}', phase: 'after' }]);
    const res = await call(`${emu.url}/crm/v8/Leads/${id}`, { method: 'PUT', token, body: { data: [{ Designation: 'Landed anyway' }] } });
    expect(res.status).toBe(500);
    expect(emu.state.getRecord('Leads', id)?.['Designation']).toBe('Landed anyway');
    emu.state.setFaults([{ kind: 'reset', route: 'PUT /crm/v8/Leads/{id}' }]);
    await expect(fetch(`${emu.url}/crm/v8/Leads/${id}`, { method: 'PUT', headers: { authorization: `Zoho-oauthtoken ${token}` }, body: JSON.stringify({ data: [{ Designation: 'Never' }] }) })).rejects.toThrow();
    expect(emu.state.getRecord('Leads', id)?.['Designation']).toBe('Landed anyway');
  });

  it('too-many-requests fault, and faults never touch the admin API', async () => {
    emu.state.setFaults([{ kind: 'too-many-requests', retryAfterSeconds: 7 }]);
    const limited = await call(leadUrl, { token });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await call(`${emu.url}/__emulator/counters`)).status).toBe(200);
    expect(emu.state.counters().total).toBe(1);
  });

  it('rates are deterministic for a seed', async () => {
    const run = async (): Promise<string> => {
      const other = await startEmulator({ seed: 5, leadCount: 1, faults: [{ kind: 'error-json', rate: 0.5 }] });
      try {
        const t = other.state.issueAccessToken();
        let out = '';
        for (let i = 0; i < 16; i++) out += (await call(`${other.url}/crm/v8/org`, { token: t })).status === 500 ? 'X' : '.';
        return out;
      } finally {
        await other.stop();
      }
    };
    const first = await run();
    expect(await run()).toBe(first);
    expect(first).toMatch(/X/);
    expect(first).toMatch(/\./);
  });
});
