// Many workers, one Zoho org: separate processes with separate data directories, coordinated only
// through Redis, against the emulator with its token rules and the Standard edition's cap of 10.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createFleet } from '@zcrmkit/fleet';
import { describeRun, makeWorker, readResults, runWorker, type Worker } from './fleet-workers.js';
import { describeRedis, SHARED_REDIS_URL, startPrivateRedis, testPrefix } from './redis-support.js';
import { cleanupPrefix } from './redis-cleanup.js';

const CAP = 10;
const KEY = randomBytes(32).toString('base64');
// Bound per test: 8 cold SDK starts and 8,000 records on a loaded 2-core machine, ~10× the quiet time.
const TEST_TIMEOUT_MS = 300_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;
let emu: RunningEmulator | undefined;
let prefix: string;
const prefixes: [string, string][] = [];

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'zcrmkit-fleet-'));
  prefix = testPrefix();
  prefixes.push([SHARED_REDIS_URL, prefix]);
});
afterEach(async () => {
  await emu?.stop();
  emu = undefined;
  rmSync(root, { recursive: true, force: true });
});
afterAll(async () => {
  for (const [url, p] of prefixes) await cleanupPrefix(url, p);
});

async function fleetOf(workers: number, leadsEach: number, redisUrl: string, fleetEnv: Record<string, string> = {}) {
  // Latency keeps calls overlapping, so the cap and the token expiries meet a busy fleet.
  emu = await startEmulator({ leadCount: workers * leadsEach, concurrencyCap: CAP, latencyMs: { fixedMs: 15, jitterMs: 15 }, requestLogLimit: 20_000 });
  const ids = emu.state.listRecords('Leads').map((r) => String(r.id));
  const refreshToken = emu.state.issueRefreshToken();
  const env = { ZCRMKIT_REDIS_URL: redisUrl, ZCRMKIT_REDIS_PREFIX: prefix, ZCRMKIT_FLEET_KEY: KEY, ZOHO_EDITION: 'standard', ...fleetEnv };
  const list = Array.from({ length: workers }, (_, w) => makeWorker(root, w, ids.slice(w * leadsEach, (w + 1) * leadsEach), emu!, refreshToken, env));
  return { emu, list, refreshToken };
}

function readLog(w: Worker): string {
  try {
    return readFileSync(path.join(w.dir, 'logs', 'sdk.log'), 'utf8').split('\n').filter((l: string) => /INVALID_TOKEN|refresh/i.test(l)).slice(0, 12).join('\n');
  } catch (e) {
    return String(e);
  }
}

function successfulPuts(e: RunningEmulator): number {
  return e.state.requestLog().filter((r) => r.route === 'PUT /crm/v8/Leads' && r.status === 200).length;
}

function expectApplied(e: RunningEmulator, workers: Worker[]): void {
  let wrong = 0;
  for (const w of workers) for (const [id, mobile] of w.expected) if (e.state.getRecord('Leads', id)?.['Mobile'] !== mobile) wrong++;
  expect(wrong).toBe(0);
}

describeRedis('fleet: many worker processes through Redis', () => {
  it('8 workers × 1,000 leads, every access token expired twice: 1 token request per expiry, no Access Denied, no 429, each record applied once', async () => {
    const { emu: e, list } = await fleetOf(8, 1_000, SHARED_REDIS_URL, { ZOHO_ORG_CONCURRENCY: String(CAP) });
    const runs = list.map((w) => runWorker(w));
    // Expire every access token twice while the updates are under way.
    const puts = () => e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
    const expiries: number[] = [];
    for (const threshold of [15, 45]) {
      while (puts() < threshold && runs.some((r) => r.child.exitCode === null)) await sleep(20);
      expiries.push(e.state.expireAccessTokens());
    }
    const done = await Promise.all(runs.map((r) => r.done));
    done.forEach((run, i) => expect({ code: run.code, out: run.code === 0 ? '' : `${describeRun(run)}\nfailed rows: ${JSON.stringify(readResults(list[i]!).filter((r) => r.state !== 'updated').slice(0, 3))}\nlog: ${readLog(list[i]!)}` }).toEqual({ code: 0, out: '' }));
    expect(expiries.every((n) => n >= 1)).toBe(true);

    const counters = e.state.counters();
    expect(counters.tokenRequests.refresh_token).toBe(1 + 2);
    expect(counters.accessDenied).toBe(0);
    expect(counters.peakConcurrentCalls).toBeLessThanOrEqual(CAP);
    expect(counters.peakConcurrentCalls).toBeGreaterThan(1);
    const results = list.flatMap((w) => readResults(w));
    expect(results).toHaveLength(8_000);
    expect(results.filter((r) => r.code === 'TOO_MANY_REQUESTS')).toEqual([]);
    expect(results.filter((r) => r.state !== 'updated')).toEqual([]);
    expectApplied(e, list);
    // 100 records per PUT, each lead in exactly one worker's file: 80 PUTs applied, no more.
    expect(successfulPuts(e)).toBe(80);
  }, TEST_TIMEOUT_MS);

  it('SIGKILL of a worker holding slots: the others finish, and full concurrency is back within the lease TTL', async () => {
    const leaseMs = 3_000;
    const { emu: e, list } = await fleetOf(4, 500, SHARED_REDIS_URL, { ZOHO_ORG_CONCURRENCY: String(CAP), ZCRMKIT_FLEET_SLOT_LEASE_MS: String(leaseMs) });
    const runs = list.map((w) => runWorker(w));
    while ((e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0) < 3) await sleep(10);
    runs[0]!.child.kill('SIGKILL');
    const done = await Promise.all(runs.map((r) => r.done));
    expect(done[0]!.signal).toBe('SIGKILL');
    for (const run of done.slice(1)) expect({ code: run.code, out: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, out: '' });
    expectApplied(e, list.slice(1));

    const observer = createFleet({ redisUrl: SHARED_REDIS_URL, keyPrefix: prefix, clientId: e.state.defaultClient.clientId, refreshToken: 'unused', orgKey: `${e.url}\0${e.state.defaultClient.clientId}`, encryptionKey: Buffer.from(KEY, 'base64'), creditBudget: false, concurrency: CAP, waitMs: 10 * leaseMs });
    try {
      const killedAt = Date.now();
      // Bound: 10× the lease for a loaded machine; the dead worker's slots expire after one lease.
      while ((await observer.slots.busy()) > 0 && Date.now() - killedAt < 10 * leaseMs) await sleep(100);
      expect(await observer.slots.busy()).toBe(0);
      // All CAP slots at once, and the emulator sees CAP calls in flight.
      const signal = new AbortController().signal;
      const token = e.state.issueAccessToken();
      // Each probe is held at the emulator for 5 s, so all CAP are in flight together even when a
      // loaded machine sends them far apart (quiet, they leave within a few ms of each other).
      e.state.setLatency(5_000);
      e.state.resetCounters();
      await Promise.all(
        Array.from({ length: CAP }, async () => {
          const release = await observer.slots.acquire({ operation: 'probe' }, signal);
          try {
            await fetch(`${e.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${token}` } });
          } finally {
            release();
          }
        }),
      );
      expect(e.state.counters().peakConcurrentCalls).toBe(CAP);
    } finally {
      await observer.close();
    }
  }, TEST_TIMEOUT_MS);

  it('Redis stopped for 10 s mid-run: no hang past the deadlines, every row has an outcome, nothing applied twice, a re-run finishes the rest', async () => {
    const redis = await startPrivateRedis();
    prefixes.push([redis.url, prefix]);
    try {
      const waitMs = 2_000;
      const { emu: e, list } = await fleetOf(4, 500, redis.url, { ZOHO_ORG_CONCURRENCY: String(CAP), ZCRMKIT_FLEET_WAIT_MS: String(waitMs) });
      // Slower answers: the run surely outlasts the moment Redis stops.
      e.state.setLatency({ fixedMs: 150, jitterMs: 50 });
      const runs = list.map((w) => runWorker(w, 'prefetch'));
      while ((e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0) < 4 && runs.some((r) => r.child.exitCode === null)) await sleep(10);
      await redis.stop();
      await sleep(10_000);
      await redis.start();
      // No hang: every worker ends once Redis is back (a hang would meet the test's own timeout).
      const done = await Promise.all(runs.map((r) => r.done));
      for (const run of done) expect([0, 1]).toContain(run.code);

      const first = list.map((w) => readResults(w));
      for (const [i, rows] of first.entries()) expect(rows).toHaveLength(list[i]!.ids.length);
      const states = new Set(first.flat().map((r) => r.state));
      for (const state of states) expect(['updated', 'failed', 'not-run']).toContain(state);
      // Refused calls were never sent: their rows say so, none is "outcome unknown".
      const refused = first.flat().filter((r) => r.state !== 'updated');
      expect(refused.length).toBeGreaterThan(0);
      for (const r of refused) expect(r.code).toMatch(/CALL_REFUSED|NOT_SENT/);
      expect(e.state.counters().tokenRequests.refresh_token).toBe(1);

      // The re-run sends only what is missing: rows applied the first time come back unchanged.
      e.state.setLatency(15);
      const again = await Promise.all(list.map((w) => runWorker(w, 'prefetch').done));
      for (const run of again) expect({ code: run.code, out: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, out: '' });
      const second = list.map((w) => readResults(w));
      for (const [i, rows] of second.entries()) {
        rows.forEach((row, j) => expect(`${row.id} ${row.state}`).toBe(`${row.id} ${first[i]![j]!.state === 'updated' ? 'unchanged' : 'updated'}`));
      }
      expectApplied(e, list);
      expect(e.state.counters().accessDenied).toBe(0);
      expect(e.state.counters().peakConcurrentCalls).toBeLessThanOrEqual(CAP);
    } finally {
      await redis.dispose();
    }
  }, TEST_TIMEOUT_MS);

  it('a worker with another ZCRMKIT_FLEET_KEY started first: it exits 2 FLEET_KEY_MISMATCH, every other worker updates all of its rows', async () => {
    const leaseMs = 3_000;
    const { emu: e, list } = await fleetOf(5, 300, SHARED_REDIS_URL, { ZOHO_ORG_CONCURRENCY: String(CAP), ZCRMKIT_FLEET_SLOT_LEASE_MS: String(leaseMs) });
    const [odd, ...crew] = list as [Worker, ...Worker[]];
    odd.env['ZCRMKIT_FLEET_KEY'] = randomBytes(32).toString('base64');
    // Updates held 2 s: the odd worker is still sending when the others join.
    e.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 2_000 }]);
    const oddRun = runWorker(odd);
    while ((e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0) < 1 && oddRun.child.exitCode === null) await sleep(10);
    const crewRuns = crew.map((w) => runWorker(w));
    const oddDone = await oddRun.done;
    const crewDone = await Promise.all(crewRuns.map((r) => r.done));
    e.state.setFaults([]);

    expect({ code: oddDone.code, mismatch: /FleetError FLEET_KEY_MISMATCH: .*ZCRMKIT_FLEET_KEY of this worker/.test(oddDone.stderr) }).toEqual({ code: 2, mismatch: true });
    crewDone.forEach((run) => expect({ code: run.code, out: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, out: '' }));
    expectApplied(e, crew);
    expect(crew.flatMap((w) => readResults(w)).filter((r) => r.state !== 'updated')).toEqual([]);
    // The odd worker's rows are truthful: what it sent is applied, the rest was never sent.
    for (const row of readResults(odd)) expect(row.state === 'updated').toBe(e.state.getRecord('Leads', row.id)?.['Mobile'] === odd.expected.get(row.id));
    expect(e.state.counters().accessDenied).toBe(0);
  }, TEST_TIMEOUT_MS);

  it('a key rotation mid-run ("new,old" beside "old"), then a stale token of an earlier fleet: 0 rows lost or refused', async () => {
    const next = randomBytes(32).toString('base64');
    const { emu: e, list } = await fleetOf(8, 250, SHARED_REDIS_URL, { ZOHO_ORG_CONCURRENCY: String(CAP) });
    const [early, late] = [list.slice(0, 4), list.slice(4)];
    for (const w of late) w.env['ZCRMKIT_FLEET_KEY'] = `${next},${KEY}`;
    e.state.setFaults([{ kind: 'delay', route: 'PUT /crm/v8/Leads', durationMs: 500 }]);
    const earlyRuns = early.map((w) => runWorker(w));
    while ((e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0) < 2) await sleep(10);
    // The rotated workers join, and every token expires: both keys' workers need a new one.
    const lateRuns = late.map((w) => runWorker(w));
    while ((e.state.counters().routes['PUT /crm/v8/Leads'] ?? 0) < 6) await sleep(10);
    e.state.expireAccessTokens();
    const done = await Promise.all([...earlyRuns, ...lateRuns].map((r) => r.done));
    e.state.setFaults([]);
    done.forEach((run) => expect({ code: run.code, out: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, out: '' }));
    expect(list.flatMap((w) => readResults(w)).filter((r) => r.state !== 'updated')).toEqual([]);
    expectApplied(e, list);
    expect(e.state.counters().accessDenied).toBe(0);

    // Later, a fleet with another key on the same refresh token: the earlier fleet's token (still
    // in Redis, its workers gone) neither blocks it nor is overwritten.
    const fresh = randomBytes(32).toString('base64');
    const before = e.state.counters().tokenRequests.refresh_token ?? 0;
    for (const w of list) {
      w.env['ZCRMKIT_FLEET_KEY'] = fresh;
      // New workers: nothing of the earlier fleet on their disks, only its token in Redis.
      w.env['ZOHO_DATA_DIR'] = path.join(w.dir, 'data-later');
      for (const id of w.ids) w.expected.set(id, `${w.expected.get(id)!.slice(0, -1)}9`);
      writeFileSync(w.csv, ['id,Mobile', ...w.ids.map((id) => `${id},${w.expected.get(id)}`)].join('\n') + '\n');
    }
    const again = await Promise.all(list.slice(0, 4).map((w) => runWorker(w).done));
    again.forEach((run) => expect({ code: run.code, out: run.code === 0 ? '' : describeRun(run) }).toEqual({ code: 0, out: '' }));
    expectApplied(e, list.slice(0, 4));
    expect((e.state.counters().tokenRequests.refresh_token ?? 0) - before).toBe(1);
  }, TEST_TIMEOUT_MS);
});
