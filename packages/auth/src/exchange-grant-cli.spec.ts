import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { EXIT_EXCHANGE_FAILED, EXIT_OK, EXIT_USAGE, runExchangeGrantCli, USAGE, type CliIo } from './exchange-grant-cli.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { leakedSecrets } from './test-support/secrets.js';
import { makeTempDir } from './test-support/temp-dir.js';

const CLIENT_ID = '1000.CLICLIENT123';
const SECRET = 'clisecret0123456789xyz';
const ALL_SCOPES = 'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ';

let dir: string;
let cleanup: () => Promise<void>;
let endpoint: FakeTokenEndpoint;
let envText: string;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  endpoint = fakeTokenEndpoint();
  envText = `# my settings\r\nCLIENT_ID=${CLIENT_ID}\r\nCLIENT_SECRET=${SECRET}\r\nREFRESH_TOKEN=YOUR_REFRESH_TOKEN_HERE\r\nACCOUNTS_URL=https://accounts.zoho.eu\r\nLEAD_ID=   # keep me\r\n`;
});
afterEach(() => cleanup());

function run(argv: string[], overrides: Partial<CliIo> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = new PassThrough();
  const io: Partial<CliIo> = {
    stdout: { write: (s: string) => out.push(s) },
    stderr: { write: (s: string) => err.push(s) },
    stdin,
    env: {},
    cwd: dir,
    fetch: endpoint.fetch,
    ...overrides,
  };
  return runExchangeGrantCli(argv, io).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

function grantAnswer(scope = ALL_SCOPES.split(',').join(' ')) {
  const refreshToken = zohoLikeToken();
  const accessToken = zohoLikeToken();
  endpoint.queue.push({ body: { access_token: accessToken, refresh_token: refreshToken, scope, api_domain: 'https://www.zohoapis.eu', token_type: 'Bearer', expires_in: 3600 } });
  return { refreshToken, accessToken };
}

describe('zcrmkit-exchange-grant: usage', () => {
  it('prints help on stdout and exits 0 without reading any configuration', async () => {
    const result = await run(['--help']);
    expect(result).toEqual({ code: EXIT_OK, stdout: USAGE, stderr: '' });
    expect(USAGE).toMatch(/Exit codes: 0 done, 1 the exchange failed, 2 usage or configuration error/);
    expect(USAGE).toMatch(/\nOptions:\n[\s\S]*--env <path> .*\(default: ".env"\)[\s\S]*\nExamples:\n {2}\$ zcrmkit-exchange-grant /);
  });

  it.each([
    ['an unknown option', ['--nope']],
    ['two codes', ['1000.aaaaaaaa.bbbbbbbb', '1000.cccccccc.dddddddd']],
    ['a code and --code', ['1000.aaaaaaaa.bbbbbbbb', '--code', '1000.cccccccc.dddddddd']],
    ['no code and no terminal', []],
  ])('exits 2 on %s', async (_what, argv) => {
    const result = await run(argv);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/^zcrmkit-exchange-grant: /);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('exits 2 on a malformed code without repeating it', async () => {
    const result = await run(['--code', 'not-a-code-secretish']);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/malformed/);
    expect(result.stderr).not.toContain('secretish');
  });

  it('exits 2 on a configuration error, naming the variables but not the secret', async () => {
    await writeFile(path.join(dir, '.env'), `CLIENT_SECRET=${SECRET}\nACCOUNTS_URL=https://accounts.zoho.eu\n`);
    const result = await run([zohoLikeToken()]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/CLIENT_ID: is missing/);
    expect(result.stderr).not.toContain(SECRET);
    expect(endpoint.requests).toHaveLength(0);
  });
});

describe('zcrmkit-exchange-grant: exchange', () => {
  it('writes REFRESH_TOKEN into .env in place, keeps every other byte, mode 0600, reports scopes', async () => {
    const envFile = path.join(dir, '.env');
    await writeFile(envFile, envText, { mode: 0o644 });
    const { refreshToken, accessToken } = grantAnswer();
    const code = zohoLikeToken();
    const result = await run([code]);
    expect(result.code).toBe(EXIT_OK);
    expect(await readFile(envFile, 'utf8')).toBe(envText.replace('YOUR_REFRESH_TOKEN_HERE', refreshToken));
    expect((await stat(envFile)).mode & 0o777).toBe(0o600);
    expect(endpoint.requests[0]?.url).toBe('https://accounts.zoho.eu/oauth/v2/token');
    expect(endpoint.requests[0]?.form.get('code')).toBe(code);
    expect(result.stdout).toContain(`Scopes granted: ${ALL_SCOPES.split(',').join(', ')}`);
    expect(result.stdout).toContain(`REFRESH_TOKEN written to ${envFile}.`);
    expect(result.stderr).toBe('');
    expect(leakedSecrets(result.stdout + result.stderr, [SECRET, refreshToken, accessToken, code])).toEqual([]);
  });

  it('with custom endpoints, names on stderr the hosts the grant code and secret go to', async () => {
    const custom = envText.replace('ACCOUNTS_URL=https://accounts.zoho.eu', 'ACCOUNTS_URL=https://accounts.zoho.eu\r\nZOHO_API_URL=http://127.0.0.1:9\r\nZOHO_ACCOUNTS_URL=http://127.0.0.1:9');
    await writeFile(path.join(dir, '.env'), custom);
    grantAnswer();
    const result = await run([zohoLikeToken()]);
    expect(result.code).toBe(EXIT_OK);
    expect(endpoint.requests[0]?.url).toBe('http://127.0.0.1:9/oauth/v2/token');
    expect(result.stderr).toBe(
      'zcrmkit: custom endpoints (ZOHO_API_URL, ZOHO_ACCOUNTS_URL): the client secret and refresh token go to 127.0.0.1:9, access tokens and CRM data to 127.0.0.1:9; ACCOUNTS_URL is ignored\n',
    );
  });

  it('creates .env from .env.template when missing, and appends REFRESH_TOKEN if the template has none', async () => {
    const template = `CLIENT_ID=YOUR_CLIENT_ID_HERE\nZOHO_LOG_LEVEL=info`;
    await writeFile(path.join(dir, '.env.template'), template);
    const { refreshToken } = grantAnswer();
    const env = { CLIENT_ID, CLIENT_SECRET: SECRET, ACCOUNTS_URL: 'https://accounts.zoho.com' };
    const result = await run(['--code', zohoLikeToken()], { env });
    expect(result.code).toBe(EXIT_OK);
    expect(await readFile(path.join(dir, '.env'), 'utf8')).toBe(`${template}\nREFRESH_TOKEN=${refreshToken}\n`);
    expect((await stat(path.join(dir, '.env'))).mode & 0o777).toBe(0o600);
    expect(result.stdout).toContain(`(created from ${path.join(dir, '.env.template')})`);
  });

  it('with --print writes the refresh token alone to stdout and no file', async () => {
    await writeFile(path.join(dir, 'custom.env'), envText);
    const { refreshToken, accessToken } = grantAnswer('ZohoCRM.modules.ALL');
    const result = await run([zohoLikeToken(), '--print', '--env', 'custom.env']);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toBe(`${refreshToken}\n`);
    expect(await readFile(path.join(dir, 'custom.env'), 'utf8')).toBe(envText);
    expect(result.stderr).toMatch(/warning: the grant lacks ZohoCRM\.settings\.ALL, ZohoCRM\.users\.READ, ZohoCRM\.org\.READ/);
    expect(leakedSecrets(result.stderr, [SECRET, refreshToken, accessToken])).toEqual([]);
  });

  it('asks for the code on a terminal', async () => {
    await writeFile(path.join(dir, '.env'), envText);
    const { refreshToken } = grantAnswer();
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const code = zohoLikeToken();
    const pending = run([], { stdin });
    stdin.write(`  ${code}  \n`);
    const result = await pending;
    expect(result.code).toBe(EXIT_OK);
    expect(result.stderr).toBe('Grant code: ');
    expect(endpoint.requests[0]?.form.get('code')).toBe(code);
    expect(await readFile(path.join(dir, '.env'), 'utf8')).toContain(`REFRESH_TOKEN=${refreshToken}\r\n`);
  });

  it('exits 2 when the terminal closes without a code', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const pending = run([], { stdin });
    stdin.end();
    const result = await pending;
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/malformed/);
    expect(endpoint.requests).toHaveLength(0);
  });

  it.each([
    ['invalid_code', /expired or already used/, /Generate a new one/],
    ['invalid_client', /unknown client/, /ACCOUNTS_URL/],
    ['Access Denied', /throttled/, /Wait 10 minutes/],
  ])('exits 1 on %s, with the hint, leaving .env untouched', async (error, message, hint) => {
    await writeFile(path.join(dir, '.env'), envText);
    endpoint.queue.push({ body: { error } });
    const code = zohoLikeToken();
    const result = await run([code]);
    expect(result.code).toBe(EXIT_EXCHANGE_FAILED);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(hint);
    expect(result.stdout).toBe('');
    expect(await readFile(path.join(dir, '.env'), 'utf8')).toBe(envText);
    expect(leakedSecrets(result.stderr, [SECRET, code])).toEqual([]);
  });
});
