// A refresh token Zoho has throttled (Access Denied): every process sharing it waits out the
// window together — one token request per window, not one per process (which would extend Zoho's
// lock-out). With one token store file, and with a Redis fleet.
import { afterAll, afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { cleanupPrefix } from './redis-cleanup.js';
import { describeRedis, SHARED_REDIS_URL, testPrefix } from './redis-support.js';
import { cleanEnv, startCommand, type CommandRun } from './run-command.js';

const PROCESSES = 12;
// Every process waits this long after an Access Denied (Zoho's own window is 10 minutes): far
// longer than two rounds of cold starts take on a loaded machine. (When the wait ends, one request
// goes out again: auth's access-denied spec checks that.)
const WAIT_MS = 300_000;

let emu: RunningEmulator;
let dir: string;
beforeEach(async () => {
  // One access token per refresh token per 10 minutes: the second request is denied.
  emu = await startEmulator({ tokenRateLimit: { maxTokens: 1, windowSeconds: 600 } });
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-throttled-'));
});
afterEach(async () => {
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A refresh token whose allowance is spent, as after a storm of refreshes elsewhere. */
async function spentRefreshToken(): Promise<string> {
  const refreshToken = emu.state.issueRefreshToken();
  const { clientId, clientSecret } = emu.state.defaultClient;
  const body = new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refreshToken });
  const answer = (await (await fetch(emu.tokenUrl, { method: 'POST', body })).json()) as { access_token?: string };
  expect(answer.access_token).toBeDefined();
  return refreshToken;
}

function round(envOf: (i: number) => NodeJS.ProcessEnv): Promise<CommandRun[]> {
  return Promise.all(Array.from({ length: PROCESSES }, (_, i) => startCommand('check-init', [], { cwd: dir, env: envOf(i) }).done));
}

const tokenRequests = () => emu.state.counters().tokenRequests.refresh_token ?? 0;

function expectThrottled(runs: CommandRun[]): void {
  for (const r of runs) {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Access Denied|THROTTLED/);
  }
  expect(runs.some((r) => /next token request goes out in \d+ s/.test(r.stderr))).toBe(true);
}

describe('a throttled refresh token, one token store file', () => {
  it(`${PROCESSES} processes: 1 token request per window, each told the time left`, async () => {
    const refreshToken = await spentRefreshToken();
    const { clientId, clientSecret } = emu.state.defaultClient;
    const env = () => cleanEnv({ CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REFRESH_TOKEN: refreshToken, ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'sdk.log'), ZOHO_ACCESS_DENIED_WAIT_MS: String(WAIT_MS) });

    expectThrottled(await round(env));
    expect(tokenRequests()).toBe(1 + 1);
    // Again within the window: nobody asks.
    expectThrottled(await round(env));
    expect(tokenRequests()).toBe(2);
    expect(emu.state.counters().accessDenied).toBe(1);
  });
});

const prefixes: string[] = [];
afterAll(async () => {
  for (const p of prefixes) await cleanupPrefix(SHARED_REDIS_URL, p);
});

describeRedis('a throttled refresh token, a Redis fleet', () => {
  it(`${PROCESSES} workers with data directories of their own: 1 token request per window`, async () => {
    const refreshToken = await spentRefreshToken();
    const prefix = testPrefix();
    prefixes.push(prefix);
    const key = randomBytes(32).toString('base64');
    const { clientId, clientSecret } = emu.state.defaultClient;
    const env = (i: number) =>
      cleanEnv({
        CLIENT_ID: clientId,
        CLIENT_SECRET: clientSecret,
        REFRESH_TOKEN: refreshToken,
        ZOHO_API_URL: emu.url,
        ZOHO_ACCOUNTS_URL: emu.url,
        ZOHO_DATA_DIR: path.join(dir, `worker-${i}`),
        ZOHO_LOG_FILE: path.join(dir, `worker-${i}.log`),
        ZOHO_ACCESS_DENIED_WAIT_MS: String(WAIT_MS),
        ZCRMKIT_REDIS_URL: SHARED_REDIS_URL,
        ZCRMKIT_REDIS_PREFIX: prefix,
        ZCRMKIT_FLEET_KEY: key,
      });
    expectThrottled(await round(env));
    expect(tokenRequests()).toBe(1 + 1);
    expectThrottled(await round(env));
    expect(tokenRequests()).toBe(2);
    expect(emu.state.counters().accessDenied).toBe(1);
  });
});
