import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import type { ZohoConfig } from '@zcrmkit/config';
import { AuthError } from './auth-error.js';
import { parseStore, STORE_HEADER } from './store-format.js';
import { captureLogger } from './test-support/capture-logger.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { crmAccepts, emulatorConfig, sha256 } from './test-support/emulator.js';
import { inspectDeep, leakedSecrets } from './test-support/secrets.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore, type TokenStoreOptions } from './zoho-token-store.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'fixtures', 'refresh-child.mjs');

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ leadCount: 5 });
});
afterAll(() => emu.stop());

let dir: string;
let cleanup: () => Promise<void>;
let config: ZohoConfig;
let refreshToken: string;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  refreshToken = emu.state.issueRefreshToken();
  config = emulatorConfig(emu, dir, { REFRESH_TOKEN: refreshToken });
  emu.state.resetCounters();
});
afterEach(() => cleanup());

const tokenRequests = () => emu.state.counters().tokenRequests;

function store(options: Partial<TokenStoreOptions> = {}): ZohoTokenStore {
  return ZohoTokenStore.fromConfig(config, options);
}

/** The store file holding an access token the emulator issued, already expired on both sides. */
async function seedExpired(): Promise<string> {
  const first = await store().getAccessToken();
  emu.state.expireAccessTokens();
  const text = (await readFile(config.tokenStorePath, 'utf8')).replace(String(first.expiresAt), String(Date.now() - 1_000));
  await writeFile(config.tokenStorePath, text);
  emu.state.resetCounters();
  return first.accessToken;
}

describe('ZohoTokenStore against the emulator', () => {
  it('uses the config: default path <dataDir>/tokens/token_store.txt and the token URL', async () => {
    const s = store();
    expect(s.path).toBe(path.join(dir, 'tokens', 'token_store.txt'));
    const token = await s.getAccessToken();
    expect(await crmAccepts(emu, token.accessToken)).toBe(true);
    expect(token.apiDomain).toBe(emu.url);
    expect(tokenRequests()).toMatchObject({ refresh_token: 1, total: 1 });
  });

  it('50 concurrent findToken calls with an expired token make exactly 1 token request', async () => {
    const expired = await seedExpired();
    expect(await crmAccepts(emu, expired)).toBe(false);
    const s = store();
    const sdkTokens = Array.from({ length: 50 }, () => new sdk.OAuthToken(config.clientId, config.clientSecret, null, refreshToken));
    const found = await Promise.all(sdkTokens.map((t) => s.findToken(t)));
    expect(tokenRequests()).toMatchObject({ refresh_token: 1, total: 1 });
    const accessTokens = new Set(found.map((t) => t?.getAccessToken()));
    expect(accessTokens.size).toBe(1);
    const [access] = [...accessTokens];
    expect(access).not.toBe(expired);
    expect(await crmAccepts(emu, access as string)).toBe(true);
    // The SDK's own check (refresh when < 5 s are left) finds nothing to do.
    expect(sdkTokens.every((t) => !t.getTokenExpiry(t))).toBe(true);
  });

  it('forceRefresh replaces a token Zoho rejects, once for many callers', async () => {
    const s = store();
    const first = await s.getAccessToken();
    emu.state.revokeToken(first.accessToken);
    expect(await crmAccepts(emu, first.accessToken)).toBe(false);
    emu.state.resetCounters();
    const results = await Promise.all(Array.from({ length: 10 }, () => s.forceRefresh(first.accessToken)));
    expect(tokenRequests().total).toBe(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
    expect(await crmAccepts(emu, results[0]?.accessToken as string)).toBe(true);
    // Another store on the same file, with the same stale token: someone refreshed, no request.
    expect((await store().forceRefresh(first.accessToken)).accessToken).toBe(results[0]?.accessToken);
    expect(tokenRequests().total).toBe(1);
  });

  it('4 processes sharing the file, token expired: exactly 1 token request, every process gets the valid token', async () => {
    await seedExpired();
    // Only what the children need: nothing of the test's own environment (a user's .env) reaches them.
    const env = {
      PATH: process.env.PATH ?? '',
      ZCRMKIT_TEST_STORE: config.tokenStorePath,
      ZCRMKIT_TEST_TOKEN_URL: config.tokenUrl,
      ZCRMKIT_TEST_CLIENT_ID: config.clientId,
      ZCRMKIT_TEST_CLIENT_SECRET: config.clientSecret,
      ZCRMKIT_TEST_REFRESH_TOKEN: refreshToken,
    };
    const children = Array.from({ length: 4 }, () => {
      const child = spawn(process.execPath, [CHILD], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const ready = new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready\n') && resolve()));
      const done = new Promise<{ out: string; err: string; code: number | null }>((resolve) => child.on('exit', (code) => resolve({ out, err, code })));
      return { child, ready, done };
    });
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.child.stdin.write('go\n');
    const results = await Promise.all(children.map((c) => c.done));
    const answers = results.map((r) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.out.split('\n')[1] ?? '{}') as { ok: boolean; hash?: string };
    });
    expect(answers.every((a) => a.ok)).toBe(true);
    expect(tokenRequests()).toMatchObject({ refresh_token: 1, total: 1 });
    const rows = parseStore(await readFile(config.tokenStorePath, 'utf8'));
    expect(rows).toHaveLength(1);
    const stored = rows[0]?.accessToken as string;
    expect(new Set(answers.map((a) => a.hash))).toEqual(new Set([sha256(stored)]));
    expect(await crmAccepts(emu, stored)).toBe(true);
    // Nothing a child printed holds a secret.
    expect(leakedSecrets(results.map((r) => r.out + r.err).join('\n'), [stored, refreshToken, config.clientSecret])).toEqual([]);
  });

  it('maps a revoked refresh token to INVALID_CODE and a wrong secret to INVALID_CLIENT, leaking nothing', async () => {
    const logger = captureLogger();
    await mkdir(path.dirname(config.tokenStorePath), { recursive: true, mode: 0o700 });
    emu.state.revokeToken(refreshToken);
    const revoked = await store({ logger }).getAccessToken().catch((e: unknown) => e);
    expect(revoked).toBeInstanceOf(AuthError);
    expect(revoked).toMatchObject({ code: 'INVALID_CODE', zohoError: 'invalid_code' });
    expect((revoked as AuthError).hint).toMatch(/zcrmkit-exchange-grant/);

    const wrongSecret = 'WrongSecret0000000000';
    const other = emulatorConfig(emu, dir, { REFRESH_TOKEN: emu.state.issueRefreshToken(), CLIENT_SECRET: wrongSecret });
    const badClient = await ZohoTokenStore.fromConfig(other, { logger }).getAccessToken().catch((e: unknown) => e);
    expect(badClient).toMatchObject({ code: 'INVALID_CLIENT' });
    expect((badClient as AuthError).hint).toMatch(/ACCOUNTS_URL/);

    const secrets = [refreshToken, config.clientSecret, wrongSecret, other.refreshToken];
    expect(leakedSecrets(inspectDeep(revoked) + inspectDeep(badClient) + logger.text(), secrets)).toEqual([]);
    expect(await readFile(config.tokenStorePath, 'utf8')).toBe(STORE_HEADER);
  });

  it("reports Zoho's throttling (10 new access tokens per refresh token per 10 minutes) as THROTTLED", async () => {
    const s = store();
    for (let i = 0; i < 10; i++) await s.forceRefresh();
    const err = await s.forceRefresh().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'THROTTLED' });
    expect((err as AuthError).hint).toMatch(/10 minutes/);
    // The last good token is still stored and served.
    expect(await crmAccepts(emu, (await s.getAccessToken()).accessToken)).toBe(true);
  });
});
