import { inspect } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import type { RequestErrorEvent, RequestEvent, ResponseEvent } from './request-hooks.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import { untilQuiet } from './test-support/emulator-quiet.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

type Seen = ['request', RequestEvent] | ['response', ResponseEvent] | ['error', RequestErrorEvent];

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];
const seen: Seen[] = [];

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  ids = env.emu.state.listRecords('Leads').slice(0, 3).map((r) => String(r.id));
  client = createZohoClient({
    config: env.config(),
    retryBaseDelayMs: 20,
    hooks: {
      onRequest: (e) => seen.push(['request', e]),
      onResponse: (e) => seen.push(['response', e]),
      onError: (e) => seen.push(['error', e]),
    },
  });
  await client.init();
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

beforeEach(async () => {
  await untilQuiet(env.emu);
  env.emu.state.setFaults([]);
  env.emu.state.resetCounters();
  env.emu.state.clearRequestLog();
  seen.length = 0;
});

/** The emulator's log of CRM requests (token requests are not reported to hooks). */
function crmLog() {
  return env.emu.state.requestLog().filter((r) => r.route.includes(' /crm/'));
}

function storedAccessTokens(): string[] {
  const file = path.join(env.dataDir, 'tokens', 'token_store.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[5] ?? '').filter((t) => t !== '');
}

describe('request hooks (against the emulator)', () => {
  it('see every request, retries included, one end event each, in the emulator log order', async () => {
    env.emu.state.setFaults([
      { kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 1 },
      { kind: 'error-json', route: 'GET /crm/v8/settings/layouts', status: 503, times: 1 },
    ]);
    await client.getRecords('Leads', ids, ['Last_Name']);
    await client.getFields('Leads', { maxAgeMs: 0 });
    await client.getLayouts('Leads', { maxAgeMs: 0 });
    const [results] = [await client.updateRecords('Leads', [{ id: ids[0] as string, Mobile: '+1 555 7001' }])];
    expect(results[0]?.status).toBe('success');
    await untilQuiet(env.emu);

    const requests = seen.filter((s) => s[0] === 'request').map((s) => s[1]);
    const ends = seen.filter((s) => s[0] !== 'request');
    const log = crmLog();
    expect(requests).toHaveLength(log.length);
    expect(ends).toHaveLength(log.length);
    expect(requests.map((e) => `${e.method} ${e.route}`)).toEqual(log.map((r) => r.route));
    expect(ends.map((s) => (s[0] === 'response' ? s[1].status : 0))).toEqual(log.map((r) => r.status));

    // The retried read: attempt 1 answered 429, attempt 2 answered 200, one request id for both.
    const reads = seen.filter((s) => s[1].route === '/crm/v8/Leads' && s[1].method === 'GET');
    expect(reads.map(([kind, e]) => [kind, e.attempt, kind === 'response' ? (e as ResponseEvent).status : undefined])).toEqual([
      ['request', 1, undefined],
      ['response', 1, 429],
      ['request', 2, undefined],
      ['response', 2, 200],
    ]);
    expect(new Set(reads.map(([, e]) => e.requestId)).size).toBe(1);
    expect(reads[0]?.[1]).toMatchObject({ operation: 'getRecords(Leads)', module: 'Leads' });
    const layouts = seen.filter((s) => s[1].route === '/crm/v8/settings/layouts');
    expect(layouts.map(([kind, e]) => [kind, e.attempt])).toEqual([
      ['request', 1],
      ['response', 1],
      ['request', 2],
      ['response', 2],
    ]);
    for (const [, e] of ends) expect(e.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('an error event for a request cut by the server', async () => {
    env.emu.state.setFaults([{ kind: 'reset', route: 'GET /crm/v8/Leads', times: 1 }]);
    await client.getRecords('Leads', ids, ['Last_Name']);
    const reads = seen.filter((s) => s[1].route === '/crm/v8/Leads');
    expect(reads.map(([kind, e]) => [kind, e.attempt])).toEqual([
      ['request', 1],
      ['error', 1],
      ['request', 2],
      ['response', 2],
    ]);
    expect((reads[1]?.[1] as RequestErrorEvent).code).toBe('ECONNRESET');
  });

  it('carry no secret: no token, client secret or query value, however inspected', async () => {
    // A refused token forces a refresh: the new access token must not show either.
    env.emu.state.expireAccessTokens();
    await client.getRecords('Leads', ids, ['Last_Name', 'Email']);
    await client.updateRecords('Leads', [{ id: ids[1] as string, Mobile: '+1 555 7002' }]);
    await client.checkConnection();
    // The refused token (401), its retry, the write and the connection probe.
    expect(seen.filter((s) => s[0] === 'response').map((s) => (s[1] as ResponseEvent).status)).toEqual([401, 200, 200, 200]);
    const config = env.config();
    const secrets = [config.clientSecret, config.refreshToken, ...storedAccessTokens()].filter((s): s is string => typeof s === 'string' && s.length > 0);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const events = seen.map((s) => s[1]);
    const text = JSON.stringify(events) + inspect(events, { showHidden: true, depth: null });
    for (const secret of secrets) expect(text).not.toContain(secret);
    // Nor ids or field names from query strings, nor any field beyond the documented ones.
    expect(text).not.toContain(ids[0] as string);
    expect(text).not.toContain('Email');
    const allowed = new Set(['method', 'route', 'operation', 'module', 'attempt', 'requestId', 'status', 'durationMs', 'zohoRequestId', 'code']);
    for (const e of events) for (const key of Object.keys(e)) expect(allowed.has(key)).toBe(true);
  });

  it('a hook that throws does not break the call', async () => {
    const other = createZohoClient({
      config: env.config(),
      hooks: {
        onRequest: () => {
          throw new Error('hook broke');
        },
        onResponse: () => Promise.reject(new Error('async hook broke')),
      },
    });
    try {
      const records = await other.getRecords('Leads', ids, ['Last_Name']);
      expect(records.map((r) => r.id)).toEqual(ids);
    } finally {
      await other.close();
    }
  });

  it('rejects a hook that is not a function, naming it', () => {
    expect(() => createZohoClient({ config: env.config(), hooks: { onRequest: 'log' as unknown as () => void } })).toThrow(ZohoApiError);
    expect(() => createZohoClient({ config: env.config(), hooks: { onRequest: 'log' as unknown as () => void } })).toThrow(/hooks\.onRequest must be a function/);
  });
});
