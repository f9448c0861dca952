import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import type { CallContext, Middleware } from './middleware.js';
import type { ZohoPlugin } from './plugins.js';
import { startEchoProxy, type EchoProxy } from './test-support/echo-proxy.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import { untilQuiet } from './test-support/emulator-quiet.js';
import type { RecordData, ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

// The real SDK over real HTTP: the client talks to a loopback proxy (which records the headers of
// what it forwards) in front of the emulator (which injects the faults and logs what it answered).
let env: EmulatorEnv<RunningEmulator>;
let proxy: EchoProxy;
let client: ZohoClient;
let ids: string[];

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 20 }));
  proxy = await startEchoProxy(env.emu.url);
  ids = env.emu.state.listRecords('Leads').slice(0, 3).map((r) => String(r.id));
  client = createZohoClient({ config: env.config({ apiUrl: proxy.url }), retryBaseDelayMs: 10 });
  await client.init();
  await client.getRecords('Leads', ids, ['Last_Name']);
});

afterAll(async () => {
  await client?.close();
  await proxy?.close();
  await env?.close();
});

beforeEach(async () => {
  await untilQuiet(env.emu);
  env.emu.state.setFaults([]);
  env.emu.state.resetCounters();
  env.emu.state.clearRequestLog();
  proxy.forwarded.length = 0;
  for (const name of client.middleware.names()) if (!['deadline', 'retry', 'slots', 'sdk'].includes(name)) client.middleware.remove(name);
});

const crmLog = () => env.emu.state.requestLog().filter((r) => r.route.includes(' /crm/'));

describe('middleware (against the emulator, real SDK)', () => {
  it('a middleware added by name runs just before the sdk step and sees every attempt, with its status', async () => {
    const seen: Array<{ attempt: number; status: number | undefined; operation: string; module: string | undefined; records: number | undefined }> = [];
    client.middleware.use('probe', async (ctx, next) => {
      try {
        return await next();
      } finally {
        seen.push({ attempt: ctx.attempt, status: ctx.status, operation: ctx.operation, module: ctx.module, records: ctx.records });
      }
    });
    expect(client.middleware.names()).toEqual(['deadline', 'retry', 'slots', 'probe', 'sdk']);
    env.emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 2 }]);

    const records = await client.getRecords('Leads', ids, ['Last_Name']);

    expect(records.map((r) => r.id)).toEqual(ids);
    expect(seen).toEqual([1, 2, 3].map((attempt) => ({ attempt, status: attempt < 3 ? 429 : 200, operation: 'getRecords(Leads)', module: 'Leads', records: 3 })));
    expect(crmLog().map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('adds a header to every request of the call, retries included, and never to token requests', async () => {
    client.middleware.use('trace', async (ctx, next) => {
      ctx.headers.set('X-Trace-Id', `trace-${ctx.requestId}`);
      return next();
    }, { before: 'retry' });
    env.emu.state.setFaults([{ kind: 'error-json', route: 'GET /crm/v8/Leads', status: 503, times: 1 }]);

    await client.getRecords('Leads', ids, ['Last_Name']);

    const reads = proxy.forwarded.filter((r) => r.method === 'GET' && r.path === '/crm/v8/Leads');
    expect(reads).toHaveLength(2);
    const traced = reads.map((r) => r.headers['x-trace-id']);
    expect(traced[0]).toMatch(/^trace-r[0-9a-z]+-[0-9a-z]+$/);
    expect(traced[1]).toBe(traced[0]);
    expect(proxy.forwarded.filter((r) => r.path.startsWith('/oauth/')).every((r) => r.headers['x-trace-id'] === undefined)).toBe(true);
  });

  it('refuses a header crm-core owns: the call fails INVALID_OPTION and nothing is sent', async () => {
    client.middleware.use('bad', async (ctx, next) => {
      ctx.headers.set('Authorization', 'Zoho-oauthtoken forged');
      return next();
    });
    const error = await client.getRecords('Leads', ids, ['Last_Name']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(error).toMatchObject({ code: 'INVALID_OPTION' });
    expect(String((error as Error).message)).toContain('authorization header');
    expect(proxy.forwarded).toHaveLength(0);
  });

  it('short-circuits: a cache outside every step answers the second read without a request', async () => {
    const cache = new Map<string, unknown>();
    client.middleware.use('cache', async (ctx, next) => {
      const key = `${ctx.operation}:${ctx.records}`;
      if (cache.has(key)) return cache.get(key);
      const value = await next();
      cache.set(key, value);
      return value;
    }, { before: 'deadline' });
    expect(client.middleware.names()[0]).toBe('cache');

    const first = await client.getRecords('Leads', ids, ['Last_Name']);
    const second = await client.getRecords('Leads', ids, ['Last_Name']);

    expect(second).toBe(first);
    expect(crmLog().map((r) => r.route)).toEqual(['GET /crm/v8/Leads']);
  });

  it('short-circuits by throwing: a circuit breaker’s own error reaches the caller unchanged, nothing sent', async () => {
    class CircuitOpen extends Error {}
    client.middleware.use('breaker', async () => {
      throw new CircuitOpen('circuit open');
    }, { after: 'deadline' });
    const error = await client.updateRecords('Leads', [{ id: ids[0] as string, Mobile: '+1 555 0101' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpen);
    expect(crmLog()).toHaveLength(0);
  });

  it('wraps a built-in step, and removing retry leaves one attempt while a lost write still ends outcome unknown', async () => {
    // A client of its own (sharing the process's runtime): its stack changes go with it.
    const bare = createZohoClient({ config: env.config({ apiUrl: proxy.url }), retryBaseDelayMs: 10 });
    const waits: Array<[string, number]> = [];
    bare.middleware.wrap('slots', (step) => async (ctx, next) => {
      try {
        return await step(ctx, next);
      } finally {
        waits.push([ctx.operation, ctx.stats.slotWaitMs]);
      }
    });
    bare.middleware.remove('retry');
    expect(bare.middleware.names()).toEqual(['deadline', 'slots', 'sdk']);
    try {
      env.emu.state.setFaults([{ kind: 'too-many-requests', route: 'GET /crm/v8/Leads', times: 1 }]);
      const throttled = await bare.getRecords('Leads', ids, ['Last_Name']).catch((e: unknown) => e);
      expect(throttled).toMatchObject({ code: 'TOO_MANY_REQUESTS', attempts: 1, outcomeUnknown: false });

      env.emu.state.setFaults([{ kind: 'error-json', route: 'PUT /crm/v8/Leads', status: 500, times: 1 }]);
      const lost = await bare.updateRecords('Leads', [{ id: ids[0] as string, Mobile: '+1 555 0102' }]).catch((e: unknown) => e);
      expect(lost).toMatchObject({ code: 'INTERNAL_ERROR', attempts: 1, outcomeUnknown: true });
      expect(crmLog().filter((r) => !r.route.includes('/settings/')).map((r) => `${r.route} ${r.status}`)).toEqual(['GET /crm/v8/Leads 429', 'PUT /crm/v8/Leads 500']);
      // One slot per call (the write first reads the module's fields); the wrapper timed each.
      expect(waits.map(([operation]) => operation)).toEqual(['getRecords(Leads)', 'getFields(Leads)', 'updateRecords(Leads)']);
      expect(waits.every(([, ms]) => ms >= 0)).toBe(true);
    } finally {
      await bare.close();
    }
  });

  it('a plugin adds a call gate and middleware in one piece, and closes with the client', async () => {
    const gated: string[] = [];
    const calls: string[] = [];
    let closed = 0;
    const plugin: ZohoPlugin = {
      name: 'audit',
      clientOptions: {
        callGates: [{ acquire: async (call) => (gated.push(call.operation), () => undefined) }],
      },
      setup: ({ middleware }) => void middleware.use('audit', async (ctx: CallContext, next) => (calls.push(`${ctx.operation}#${ctx.attempt}`), next())),
      close: () => void closed++,
    };
    // A second client of the same settings shares the process's SDK runtime, so the plugin's gate
    // (part of those settings) needs a client of its own: the first is closed meanwhile.
    await client.close();
    const withPlugin = createZohoClient({ config: env.config({ apiUrl: proxy.url }), retryBaseDelayMs: 10, plugins: [plugin, false] });
    try {
      expect(withPlugin.plugins).toEqual(['audit']);
      const records: RecordData[] = await withPlugin.getRecords('Leads', ids.slice(0, 1), ['Last_Name']);
      expect(records).toHaveLength(1);
      expect(calls).toContain('getRecords(Leads)#1');
      expect(gated).toContain('getRecords(Leads)');
    } finally {
      await withPlugin.close();
      client = createZohoClient({ config: env.config({ apiUrl: proxy.url }), retryBaseDelayMs: 10 });
      await client.init();
    }
    expect(closed).toBe(1);
  });
});

describe('middleware and plugin options (no request)', () => {
  const config = () => env.config({ apiUrl: proxy.url });

  it('names the steps when an anchor is unknown, and refuses to remove sdk', () => {
    const c = createZohoClient({ config: config() });
    const step: Middleware = (_ctx, next) => next();
    expect(() => c.middleware.use('x', step, { before: 'retrry' })).toThrow(/no step named retrry; the steps are deadline, retry, slots, sdk/);
    expect(() => c.middleware.remove('sdk')).toThrow(/cannot be removed/);
    c.middleware.use('x', step);
    expect(() => c.middleware.use('x', step)).toThrow(/already in the stack/);
  });

  it('a plugin clashing with the client’s own grantSource is refused, naming both', () => {
    const source = { obtain: () => Promise.reject(new Error('unused')) };
    expect(() => createZohoClient({ config: config(), grantSource: source, plugins: [{ name: 'fleet', clientOptions: { grantSource: source } }] })).toThrow(
      /plugin fleet supplies grantSource, and so does the grantSource option/,
    );
  });
});
