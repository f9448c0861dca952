import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type FaultRule, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { hits, startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';

// writeRecords against the emulator with the real SDK: the emulator loses answers before or after
// committing the write, and records the automation each applied write set off, so a record written
// twice would show twice.

// The SDK gives up on a request after 3 s; a stall outlasts it, so it is a timeout. An answer takes
// ~10 ms on a quiet machine: far below, even on a loaded one.
const REQUEST_TIMEOUT_MS = 3_000;

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let ids: string[];

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 10 }));
  ids = env.emu.state.listRecords('Leads').map((r) => String(r.id));
  client = createZohoClient({ config: env.config(), requestTimeoutMs: REQUEST_TIMEOUT_MS, retryBaseDelayMs: 5, orgProfile: false });
  // Warm up (init, the module's metadata), so the counts below are the writes' own requests.
  await client.getRecords('Leads', ids, ['Mobile']);
});

afterAll(async () => {
  await client?.close();
  await env?.close();
});

beforeEach(() => {
  env.emu.state.reset();
});

function faults(...rules: FaultRule[]) {
  env.emu.state.setFaults(rules);
  env.emu.state.resetCounters();
}

const mobile = (id: string) => env.emu.state.getRecord('Leads', id)?.['Mobile'];
const automation = (id: string) => env.emu.state.automationCounts('Leads')[id] ?? 0;

describe('writeRecords (emulator + real SDK)', () => {
  it('an answer lost after the write landed: read back, applied (verified), not resent', async () => {
    const [id] = ids as [string];
    faults({ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', times: 1 });
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 001' }], { verify: true });
    expect(result).toMatchObject({ id, outcome: 'applied', verified: true, resends: 0, status: 'success' });
    expect(result?.lost).toMatchObject([{ source: 'call', code: 'NETWORK_ERROR', inFlight: false }]);
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(1);
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(1);
    expect(automation(id)).toBe(1);
  });

  it('an answer lost before the write landed: the read-back proves it, resent once, applied once', async () => {
    const [, id] = ids as [string, string];
    faults({ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'before', times: 1 });
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 002' }], { verify: true });
    expect(result).toMatchObject({ id, outcome: 'applied', resends: 1, status: 'success', code: 'SUCCESS' });
    expect(result).not.toHaveProperty('verified');
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(2);
    expect(mobile(id)).toBe('+1 700 000 002');
    expect(automation(id)).toBe(1);
  });

  it('maxResends: 0 — proven not applied, not resent: refused (verified)', async () => {
    const [, , id] = ids as [string, string, string];
    const was = mobile(id);
    faults({ kind: 'error-json', route: 'PUT /crm/v8/Leads', phase: 'before', status: 503, times: 1 });
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 003' }], { verify: { maxResends: 0 } });
    expect(result).toMatchObject({ id, outcome: 'refused', verified: true, resends: 0, code: 'INTERNAL_ERROR' });
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(1);
    expect(mobile(id)).toBe(was);
  });

  it('a timeout: the request may still arrive, so it stays unknown and is never resent', async () => {
    const [, , , id] = ids as [string, string, string, string];
    const was = mobile(id);
    faults({ kind: 'stall', route: 'PUT /crm/v8/Leads', times: 1, durationMs: REQUEST_TIMEOUT_MS * 3 });
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 004' }], { verify: { maxResends: 3 } });
    expect(result).toMatchObject({ id, outcome: 'unknown', unsettled: 'in-flight', resends: 0, code: 'TIMEOUT' });
    expect(result?.lost).toMatchObject([{ code: 'TIMEOUT', inFlight: true }]);
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(1);
    expect(mobile(id)).toBe(was);
  }, 60_000);

  it('without verify a lost answer stays unknown, and nothing is read back', async () => {
    const [, , , , id] = ids as [string, string, string, string, string];
    faults({ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', times: 1 });
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 005' }]);
    expect(result).toMatchObject({ outcome: 'unknown', unsettled: 'not-verified' });
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(0);
  });

  it("a record Zoho refuses is refused with Zoho's code, beside one applied in the same call", async () => {
    const [, , , , , id] = ids as [string, string, string, string, string, string];
    faults();
    const missing = '6051205000999999999';
    const results = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 006' }, { id: missing, Mobile: '+1 700 000 007' }], { verify: true });
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      [id, 'applied'],
      [missing, 'refused'],
    ]);
    expect(results[1]?.code).toMatch(/^[A-Z_]+$/);
    expect(results[1]?.lost).toEqual([]);
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(1);
  });

  it('an abort before sending: not sent, nothing reaches the emulator', async () => {
    const [, , , , , , id] = ids as [string, string, string, string, string, string, string];
    faults();
    const [result] = await client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 008' }], { verify: true, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ id, outcome: 'not-sent', code: 'ABORTED', callError: { code: 'ABORTED' } });
    expect(result).not.toHaveProperty('sent');
    expect(env.emu.state.counters().total).toBe(0);
    expect(automation(id)).toBe(0);
  });

  it('an abort while the write is in flight: unknown, not read back, not resent', async () => {
    const [, , , , , , , id] = ids as [string, string, string, string, string, string, string, string];
    faults({ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 2_000 });
    const controller = new AbortController();
    const pending = client.writeRecords('Leads', [{ id, Mobile: '+1 700 000 009' }], { verify: true, signal: controller.signal });
    // Abort once the PUT has reached the emulator, which holds it.
    while (hits(env, 'PUT /crm/v8/Leads') < 1) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    const [result] = await pending;
    expect(result).toMatchObject({ id, outcome: 'unknown', unsettled: 'aborted', code: 'ABORTED', resends: 0 });
    expect(hits(env, 'GET /crm/v8/Leads')).toBe(0);
    expect(hits(env, 'PUT /crm/v8/Leads')).toBe(1);
  }, 60_000);
});
