import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { exchangeGrant } from './exchange-grant.js';
import { EXIT_EXCHANGE_FAILED, EXIT_OK, runExchangeGrantCli } from './exchange-grant-cli.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { crmAccepts, emulatorConfig } from './test-support/emulator.js';
import { inspectDeep, leakedSecrets } from './test-support/secrets.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { TokenClient } from './token-client.js';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin', 'exchange-grant.js');

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ leadCount: 5 });
});
afterAll(() => emu.stop());

let dir: string;
let cleanup: () => Promise<void>;
let envFile: string;
let envText: string;
beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  envFile = path.join(dir, '.env');
  // Hand-written .env: comments, blank lines, CRLF, odd spacing, the template's placeholder.
  envText = [
    '# zcrmkit configuration',
    `CLIENT_ID=${emu.state.defaultClient.clientId}`,
    `CLIENT_SECRET=${emu.state.defaultClient.clientSecret}`,
    '',
    'REFRESH_TOKEN=YOUR_REFRESH_TOKEN_HERE',
    `ZOHO_API_URL=${emu.url}\r`,
    `ZOHO_ACCOUNTS_URL = ${emu.url}`,
    'LEAD_ID=  # kept as is',
    '',
  ].join('\n');
  await writeFile(envFile, envText, { mode: 0o644 });
  emu.state.resetCounters();
});
afterEach(() => cleanup());

/** The CLI in-process, with the environment empty so that only the .env file configures it. */
async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runExchangeGrantCli(argv, {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin: new PassThrough(),
    env: {},
    cwd: dir,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** The REFRESH_TOKEN line of a .env text. */
const refreshIn = (text: string) => /^REFRESH_TOKEN=(.*)$/m.exec(text)?.[1];

describe('grant → refresh exchange against the emulator', () => {
  it('a valid code: .env gets REFRESH_TOKEN in place, every other line intact, mode 0600; the token works', async () => {
    const code = emu.state.mintGrantCode();
    const result = await cli([code]);
    expect(result.code).toBe(EXIT_OK);
    const after = await readFile(envFile, 'utf8');
    const refreshToken = refreshIn(after) as string;
    expect(after).toBe(envText.replace('YOUR_REFRESH_TOKEN_HERE', refreshToken));
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect(emu.state.counters().tokenRequests).toMatchObject({ authorization_code: 1, total: 1 });
    expect(result.stdout).toContain('Scopes granted: ZohoCRM.modules.ALL, ZohoCRM.settings.ALL, ZohoCRM.users.READ, ZohoCRM.org.READ');
    // The one line every run with custom endpoints prints: where the grant code and secret go.
    const host = new URL(emu.url).host;
    expect(result.stderr).toBe(`zcrmkit: custom endpoints (ZOHO_API_URL, ZOHO_ACCOUNTS_URL): the client secret and refresh token go to ${host}, access tokens and CRM data to ${host}\n`);
    // Nothing else was stored: no token store, no other file.
    expect(await readdir(dir)).toEqual(['.env']);
    const client = new TokenClient({ tokenUrl: `${emu.url}/oauth/v2/token`, ...emu.state.defaultClient });
    expect(await crmAccepts(emu, (await client.refresh(refreshToken)).accessToken)).toBe(true);
    expect(leakedSecrets(result.stdout + result.stderr, [refreshToken, emu.state.defaultClient.clientSecret, code])).toEqual([]);
  });

  it('warns about missing scopes', async () => {
    const result = await cli(['--code', emu.state.mintGrantCode({ scopes: 'ZohoCRM.modules.ALL,ZohoCRM.users.READ' })]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain('Scopes granted: ZohoCRM.modules.ALL, ZohoCRM.users.READ');
    expect(result.stderr).toContain('warning: the grant lacks ZohoCRM.settings.ALL, ZohoCRM.org.READ');
  });

  it.each([
    ['an expired code', 'INVALID_CODE', { ttlSeconds: 0 }, undefined, /expired or already used/, /Generate a new one/],
    ['a wrong data center (the client is unknown there)', 'INVALID_CLIENT', {}, '1000.UNKNOWNELSEWHERE', /unknown client/, /ACCOUNTS_URL/],
  ])('%s: AuthError %s with its hint, exit 1, .env untouched', async (_what, code, grantOptions, clientId, message, hint) => {
    const grant = emu.state.mintGrantCode(grantOptions);
    if (clientId) {
      envText = envText.replace(emu.state.defaultClient.clientId, clientId);
      await writeFile(envFile, envText);
    }
    const before = await stat(envFile);
    const result = await cli([grant]);
    expect(result.code).toBe(EXIT_EXCHANGE_FAILED);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(hint);
    expect(await readFile(envFile, 'utf8')).toBe(envText);
    expect((await stat(envFile)).mtimeMs).toBe(before.mtimeMs);

    const config = emulatorConfig(emu, dir, clientId ? { CLIENT_ID: clientId } : {});
    const err = await exchangeGrant({ code: grant, config, print: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe(code);
    expect(leakedSecrets(inspectDeep(err) + result.stderr, [grant, config.clientSecret])).toEqual([]);
  });

  it('a reused code: INVALID_CODE, exit 1, .env untouched', async () => {
    const code = emu.state.mintGrantCode();
    expect((await exchangeGrant({ code, config: emulatorConfig(emu, dir), print: true })).refreshToken).toMatch(/^1000\./);
    const result = await cli([code]);
    expect(result.code).toBe(EXIT_EXCHANGE_FAILED);
    expect(result.stderr).toMatch(/INVALID_CODE|expired or already used/);
    expect(await readFile(envFile, 'utf8')).toBe(envText);
  });

  it('exchangeGrant returns the refresh token without showing it when logged', async () => {
    const result = await exchangeGrant({ code: emu.state.mintGrantCode(), config: emulatorConfig(emu, dir), print: true });
    expect(JSON.stringify(result)).not.toContain(result.refreshToken);
    expect(inspectDeep(result)).not.toContain(result.refreshToken);
    expect(result.missingScopes).toEqual([]);
    expect(result.envFile).toBeUndefined();
  });
});

describe('the zcrmkit-exchange-grant binary (built), as a real process', () => {
  function runBin(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    // Only PATH from the outside: the child sees no variable of the test's own environment.
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  // How fast --help answers is measured by `npm run bench`, not here.
  it('answers --help and exits 0', async () => {
    const result = await runBin(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: zcrmkit-exchange-grant/);
  });

  it('exits 0 and writes .env for a valid code, 1 for the same code again, 2 without a code', async () => {
    const code = emu.state.mintGrantCode();
    const ok = await runBin([code]);
    expect(ok.code).toBe(0);
    const written = await readFile(envFile, 'utf8');
    expect(refreshIn(written)).toMatch(/^1000\.[0-9a-f]+\.[0-9a-f]+$/);
    const again = await runBin([code]);
    expect(again.code).toBe(1);
    expect(await readFile(envFile, 'utf8')).toBe(written);
    expect((await runBin([])).code).toBe(2);
  });

  it('with --print, writes the refresh token alone to stdout and leaves .env alone', async () => {
    const result = await runBin(['--print', emu.state.mintGrantCode()]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^1000\.[0-9a-f]+\.[0-9a-f]+\n$/);
    expect(await readFile(envFile, 'utf8')).toBe(envText);
    expect(leakedSecrets(result.stderr, [result.stdout.trim(), emu.state.defaultClient.clientSecret])).toEqual([]);
  });
});
