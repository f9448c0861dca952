import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { TokenClient } from '@zcrmkit/auth';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { startEchoProxy, type EchoedRequest, type EchoProxy } from './test-support/echo-proxy.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

// A full run at the most verbose level, then a grep of the log and of everything under data/
// (the token store aside) for every secret value — whole and in part.

interface HostWinston {
  configure(options: Record<string, unknown>): void;
  info(message: string): void;
  level: string;
  transports: { Stream: new (options: { stream: Writable }) => unknown };
  default: unknown;
}

let env: EmulatorEnv<RunningEmulator>;
const secrets = new Set<string>();
const hostLines: string[] = [];
let host: HostWinston;
let hostTransport: unknown;

function storedAccessTokensIn(dataDir: string): string[] {
  const file = path.join(dataDir, 'tokens', 'token_store.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[5] ?? '').filter((t) => t !== '');
}

function rememberAccessTokens(): void {
  for (const token of storedAccessTokensIn(env.dataDir)) secrets.add(token);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (err) {
    return `JSON.stringify threw: ${(err as Error).message}`;
  }
}

/** Everything a caller could print of an error: inspect with hidden fields, JSON, each cause. */
function errorViews(error: unknown): [string, string][] {
  const views: [string, string][] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 10; depth++) {
    const at = depth === 0 ? 'the error' : `cause #${depth}`;
    views.push([`util.inspect of ${at}`, inspect(current, { showHidden: true, depth: Infinity, getters: true })]);
    views.push([`JSON.stringify of ${at}`, safeJson(current)]);
    if (current instanceof Error) views.push([`message/stack of ${at}`, `${current.message}\n${current.stack ?? ''}`]);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return views;
}

/** A secret and the parts of it that would still give it away. */
function partsOf(secret: string): string[] {
  const parts = new Set([secret, secret.slice(-32), secret.slice(0, Math.ceil(secret.length / 2)), secret.slice(Math.floor(secret.length / 2))]);
  for (const segment of secret.split('.')) if (segment.length >= 8) parts.add(segment);
  return [...parts].filter((p) => p.length >= 8);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
  });
}

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  // The host application's own use of winston's default logger — the copy the SDK imports.
  const sdkMain = createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0');
  host = createRequire(sdkMain)('winston') as HostWinston;
  hostTransport = new host.transports.Stream({
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        hostLines.push(chunk.toString());
        done();
      },
    }),
  });
  host.configure({ level: 'info', transports: [hostTransport] });
  host.info('host line before');
});

afterAll(async () => {
  await env?.close();
});

describe('secrets (against the emulator, at trace level)', () => {
  it('a full run leaves no secret in logs/sdk.log, nor in any file or file name under data/', async () => {
    const { clientId, clientSecret } = env.emu.state.defaultClient;
    // The refresh token comes from a real grant-code exchange, so the grant code is a secret to look for too.
    const grantCode = env.emu.state.mintGrantCode();
    const grant = await new TokenClient({ tokenUrl: env.emu.tokenUrl, clientId, clientSecret }).exchangeCode(grantCode);
    secrets.add(clientSecret).add(grant.refreshToken).add(grant.accessToken).add(grantCode);
    const ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));

    // 1. findUser on: init, metadata, reads, writes, a forced refresh, a failing call, the check.
    const client = createZohoClient({ config: env.config({ logLevel: 'trace', refreshToken: grant.refreshToken }), requestTimeoutMs: 10_000, retryBaseDelayMs: 10 });
    await client.init();
    rememberAccessTokens();
    await client.getFields('Leads');
    await client.getLayouts('Leads');
    await client.getRecords('Leads', ids, ['Last_Name', 'Lead_Status', 'Owner']);
    await client.updateRecords('Leads', [{ id: ids[0] as string, Lead_Status: 'Contacted' }]);
    env.emu.state.expireAccessTokens();
    await client.getRecords('Leads', ids, ['Last_Name']);
    rememberAccessTokens();
    env.emu.state.setFaults([{ kind: 'reset', route: 'GET /crm/v8/Leads' }]);
    await expect(client.getRecords('Leads', ids, ['Last_Name'])).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    env.emu.state.setFaults([{ kind: 'error-html', route: 'GET /crm/v8/Leads', status: 503 }]);
    await expect(client.getRecords('Leads', ids, ['Last_Name'])).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    env.emu.state.setFaults([]);
    await client.checkConnection();
    await client.close();

    // 2. findUser off, another refresh token: the SDK would name its resource file after its tail.
    const second = env.emu.state.issueRefreshToken();
    secrets.add(second);
    const anonymous = createZohoClient({ config: env.config({ logLevel: 'trace', refreshToken: second }), findUser: false });
    await anonymous.getRecords('Leads', ids, ['Last_Name']);
    rememberAccessTokens();
    await anonymous.close();

    expect(secrets.size).toBeGreaterThanOrEqual(7);
    const log = readFileSync(env.logFile, 'utf8');
    // The log is worth reading: both crm-core's lines and the SDK's, with request ids.
    expect(log).toMatch(/INFO +\[r[0-9a-z]+-[0-9a-z]+\] getRecords\(Leads\) ok/);
    expect(log).toMatch(/\[r[0-9a-z]+-[0-9a-z]+\] REQUEST-METHOD = GET/);
    expect(log).toContain('"source":"sdk"');
    expect(log).toContain('INVALID_TOKEN');

    const tokenStore = path.join(env.dataDir, 'tokens', 'token_store.txt');
    const files = walk(env.dataDir).filter((f) => f !== tokenStore && !f.startsWith(`${tokenStore}.`));
    const resourceFiles = files.filter((f) => f.endsWith('.json'));
    expect(resourceFiles.length).toBeGreaterThanOrEqual(2);
    const haystacks: [string, string][] = [['logs/sdk.log', log]];
    for (const file of files) {
      const name = path.relative(env.dataDir, file);
      const decodedName = Buffer.from(path.basename(file, '.json'), 'base64').toString('latin1');
      haystacks.push([`name of ${name}`, `${name}\n${decodedName}`]);
      if (statSync(file).isFile()) haystacks.push([name, readFileSync(file, 'utf8')]);
    }
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const part of partsOf(secret)) {
        for (const [where, text] of haystacks) if (text.includes(part)) leaks.push(`${where} contains part of a secret (${part.length} chars)`);
      }
    }
    expect(leaks).toEqual([]);
    // The check would see a leak: the store itself holds the refresh token.
    expect(readFileSync(tokenStore, 'utf8')).toContain(grant.refreshToken);
  });

  it("leaves the host application's winston default logger as it configured it", () => {
    host.info('host line after');
    expect(host.level).toBe('info');
    expect(hostLines.join('')).toContain('host line before');
    expect(hostLines.join('')).toContain('host line after');
    // None of the SDK's lines went to the host's logger, and the SDK's configure() changed nothing.
    expect(hostLines.join('')).not.toContain('REQUEST-METHOD');
    expect(hostLines.join('')).not.toContain('Initialization successful');
    expect(hostLines).toHaveLength(2);
    // It really is the SDK's copy of winston: crm-core's bridge is installed on it.
    expect((host as unknown as Record<symbol, unknown>)[Symbol.for('@zcrmkit/crm-core.sdk-log-bridge')]).toBe(true);
  });
});

// The same run's secrets, echoed back by the server: a token endpoint, an INVALID_TOKEN answer and
// 5xx pages that repeat what the request carried. Here the only thing between those secrets and
// the log file or a thrown error is crm-core's redactor (and auth's own sanitising for auth's
// errors), so these tests fail if it is turned off.
describe('secrets echoed back by the server (through a loopback proxy in front of the emulator, at trace level)', () => {
  let proxy: EchoProxy;
  let dir: string;
  let logFile: string;
  let client: ZohoClient | undefined;
  const echoSecrets = new Set<string>();
  const echoConfig = (refreshToken: string) =>
    loadConfig({
      values: {
        CLIENT_ID: env.emu.state.defaultClient.clientId,
        CLIENT_SECRET: env.emu.state.defaultClient.clientSecret,
        REFRESH_TOKEN: refreshToken,
        ZOHO_API_URL: proxy.url,
        ZOHO_ACCOUNTS_URL: proxy.url,
        ZOHO_DATA_DIR: path.join(dir, 'data'),
        ZOHO_LOG_FILE: logFile,
        ZOHO_LOG_LEVEL: 'trace',
      },
      env: {},
      envFile: false,
    });
  const ids = () => env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));
  const tokenEcho = (status: number) => ({
    route: 'POST /oauth/v2/token',
    times: 1,
    answer: (r: EchoedRequest) => ({ status, body: JSON.stringify({ error: `invalid_client for ${r.form['client_secret'] ?? ''}`, error_description: `rejected ${r.secrets.join(' ')}` }) }),
  });
  const apiEcho = (route: string, status: number, times: number, html = false) => ({
    route,
    times,
    answer: (r: EchoedRequest) => {
      const token = r.secrets[0] ?? '';
      if (html) return { status, contentType: 'text/html', body: `<html><body>Gateway error. Request headers: Authorization: Zoho-oauthtoken ${token}</body></html>` };
      const code = status === 401 ? 'INVALID_TOKEN' : 'INTERNAL_ERROR';
      return { status, body: JSON.stringify({ code, details: { authorization: `Zoho-oauthtoken ${token}`, seen: token }, message: `${code} for Zoho-oauthtoken ${token} (token ${token})`, status: 'error' }) };
    },
  });
  /** Remembers what the proxy echoed, then checks every view of the error for any part of it. */
  function leaksIn(error: unknown): string[] {
    for (const r of proxy.echoed) for (const s of r.secrets) echoSecrets.add(s);
    for (const s of secrets) echoSecrets.add(s);
    for (const t of storedAccessTokensIn(path.join(dir, 'data'))) echoSecrets.add(t);
    const views = errorViews(error);
    const leaks: string[] = [];
    for (const secret of echoSecrets) for (const part of partsOf(secret)) for (const [where, text] of views) if (text.includes(part)) leaks.push(`${where} contains part of a secret (${part.length} chars)`);
    return [...new Set(leaks)];
  }

  beforeAll(async () => {
    proxy = await startEchoProxy(env.emu.url);
    dir = mkdtempSync(path.join(tmpdir(), 'crm-core-echo-'));
    logFile = path.join(dir, 'logs', 'sdk.log');
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('grant-exchange errors that echo the code and the client secret name neither', async () => {
    const { clientId, clientSecret } = env.emu.state.defaultClient;
    const exchange = new TokenClient({ tokenUrl: `${proxy.url}/oauth/v2/token`, clientId, clientSecret });
    const errors: unknown[] = [];
    for (const status of [200, 400]) {
      proxy.script([tokenEcho(status)]);
      const code = env.emu.state.mintGrantCode();
      secrets.add(code);
      errors.push(await exchange.exchangeCode(code).then(() => 'no error', (e: unknown) => e));
    }
    proxy.script([{ route: 'POST /oauth/v2/token', times: 1, answer: (r) => ({ status: 502, contentType: 'text/html', body: `<html>bad gateway for code=${r.form['code'] ?? ''}&client_secret=${r.form['client_secret'] ?? ''}</html>` }) }]);
    const code = env.emu.state.mintGrantCode();
    secrets.add(code);
    errors.push(await exchange.exchangeCode(code).then(() => 'no error', (e: unknown) => e));
    expect(errors.every((e) => e instanceof Error)).toBe(true);
    expect(proxy.echoed.filter((r) => r.form['code'])).toHaveLength(3);
    expect(errors.flatMap(leaksIn)).toEqual([]);
  });

  it('a token request answered with an echo of the refresh token and client secret: init fails, naming neither', async () => {
    const refresh = env.emu.state.issueRefreshToken();
    secrets.add(refresh);
    proxy.script([tokenEcho(200)]);
    const failing = createZohoClient({ config: echoConfig(refresh), requestTimeoutMs: 10_000, retryBaseDelayMs: 10 });
    const error = await failing.init().then(() => 'no error', (e: unknown) => e);
    await failing.close();
    expect(error).toBeInstanceOf(ZohoApiError);
    expect(proxy.echoed.at(-1)?.form['refresh_token']).toBe(refresh);
    expect(leaksIn(error)).toEqual([]);
  });

  it('INVALID_TOKEN answers that echo the access token: refreshed for each refused token (at most twice), then a thrown error naming no token', async () => {
    const refresh = env.emu.state.issueRefreshToken();
    secrets.add(refresh);
    proxy.script([]);
    client = createZohoClient({ config: echoConfig(refresh), requestTimeoutMs: 10_000, retryBaseDelayMs: 10 });
    await client.getRecords('Leads', ids(), ['Last_Name']);
    proxy.script([apiEcho('GET /crm/v8/Leads', 401, 3)]);
    const error = await client.getRecords('Leads', ids(), ['Last_Name']).then(() => 'no error', (e: unknown) => e);
    expect(error).toMatchObject({ code: 'INVALID_TOKEN' });
    // Three different access tokens were echoed: the first, and the one each of the two forced refreshes got.
    expect(new Set(proxy.echoed.filter((r) => r.path === '/crm/v8/Leads').map((r) => r.secrets[0])).size).toBe(3);
    expect(leaksIn(error)).toEqual([]);
  });

  it('a 5xx JSON body and a 5xx HTML page that echo the access token: thrown errors naming no token', async () => {
    if (!client) throw new Error('needs the client of the previous test');
    const errors: unknown[] = [];
    proxy.script([apiEcho('GET /crm/v8/Leads', 500, 4)]);
    errors.push(await client.getRecords('Leads', ids(), ['Last_Name']).then(() => 'no error', (e: unknown) => e));
    proxy.script([apiEcho('GET /crm/v8/Leads', 503, 4, true)]);
    errors.push(await client.getRecords('Leads', ids(), ['Last_Name']).then(() => 'no error', (e: unknown) => e));
    proxy.script([apiEcho('PUT /crm/v8/Leads', 500, 4)]);
    errors.push(await client.updateRecords('Leads', [{ id: ids()[0] as string, Lead_Status: 'Contacted' }]).then((r) => r, (e: unknown) => e));
    expect(errors.slice(0, 2)).toEqual([expect.objectContaining({ code: 'INTERNAL_ERROR', status: 500 }), expect.objectContaining({ code: 'BAD_RESPONSE', status: 503 })]);
    expect(errors.flatMap(leaksIn)).toEqual([]);
  });

  it('the trace log of all of the above holds no part of any secret, though it recorded the failures', async () => {
    await client?.close();
    client = undefined;
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('INVALID_TOKEN');
    expect(log).toContain('INTERNAL_ERROR');
    expect(log).toMatch(/"source":"sdk"/);
    // Every echo reached the client: the proxy answered the scripted requests with secrets in them.
    expect(proxy.echoed.length).toBeGreaterThanOrEqual(1 + 3 + 2 + 4 + 4);
    leaksIn(undefined);
    const leaks: string[] = [];
    for (const secret of echoSecrets) for (const part of partsOf(secret)) if (log.includes(part)) leaks.push(`the log contains part of a secret (${part.length} chars)`);
    expect([...new Set(leaks)]).toEqual([]);
  });
});
