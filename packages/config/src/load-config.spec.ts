import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { ConfigError } from './config-error.js';
import { loadConfig } from './load-config.js';

const SECRET = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1';
const REFRESH = '1000.0123456789abcdef0123456789abcdef.fedcba9876543210fedcba9876543210';
const good = {
  CLIENT_ID: '1000.ABCDEFGHIJKLMNOPQRSTUVWXYZ0123',
  CLIENT_SECRET: SECRET,
  REFRESH_TOKEN: REFRESH,
  USER_EMAIL: 'owner@example.com',
  ACCOUNTS_URL: 'https://accounts.zoho.eu',
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function catchConfigError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('resolves a complete EU configuration with defaults', () => {
    const config = loadConfig({ env: good, envFile: false, cwd: dir });
    expect(config).toMatchObject({
      clientId: good.CLIENT_ID,
      dataCenter: 'EU',
      environment: 'production',
      apiUrl: 'https://www.zohoapis.eu',
      tokenUrl: 'https://accounts.zoho.eu/oauth/v2/token',
      dataDir: path.join(dir, 'data'),
      tokenStorePath: path.join(dir, 'data', 'tokens', 'token_store.txt'),
      resourcePath: path.join(dir, 'data', 'api_resources'),
      logFile: path.join(dir, 'logs', 'sdk.log'),
      logLevel: 'info',
    });
    expect(config.clientSecret).toBe(SECRET);
    expect(config.refreshToken).toBe(REFRESH);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('uses the sandbox API host when ZOHO_ENVIRONMENT=sandbox', () => {
    const config = loadConfig({ env: { ...good, ZOHO_ENVIRONMENT: 'Sandbox' }, envFile: false });
    expect(config.apiUrl).toBe('https://sandbox.zohoapis.eu');
    expect(config.environment).toBe('sandbox');
  });

  it('takes explicit values over the environment over the .env file, which never overrides', () => {
    writeFileSync(path.join(dir, '.env'), `CLIENT_ID=1000.FROMFILEFROMFILE\nACCOUNTS_URL=https://accounts.zoho.in\nZOHO_LOG_LEVEL=debug\nUSER_EMAIL=file@example.com\n`);
    const config = loadConfig({
      cwd: dir,
      env: { CLIENT_ID: '1000.FROMENVFROMENV', CLIENT_SECRET: SECRET, REFRESH_TOKEN: REFRESH, USER_EMAIL: 'env@example.com' },
      values: { USER_EMAIL: 'option@example.com' },
    });
    expect(config.clientId).toBe('1000.FROMENVFROMENV');
    expect(config.userEmail).toBe('option@example.com');
    expect(config.dataCenter).toBe('IN');
    expect(config.logLevel).toBe('debug');
    expect(config.sources).toMatchObject({ CLIENT_ID: 'env', USER_EMAIL: 'option', ACCOUNTS_URL: 'file' });
    expect(config.envFile).toBe(path.join(dir, '.env'));
  });

  it('does not write the .env values into process.env', () => {
    // Compared with process.env as it was, so a variable the runner already set (a user's .env
    // loaded by Nx, say) cannot decide the result.
    const before = { ...process.env };
    writeFileSync(path.join(dir, '.env'), `ZOHO_LOG_FILE=custom-${path.basename(dir)}.log\nZCRMKIT_SPEC_ONLY=1\n`);
    loadConfig({ cwd: dir, env: good });
    expect({ ...process.env }).toEqual(before);
  });

  it('reports every missing variable at once, naming each', () => {
    const err = catchConfigError(() => loadConfig({ env: {}, envFile: false }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.problems.map((p) => p.variable).sort()).toEqual(['ACCOUNTS_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'REFRESH_TOKEN']);
    expect(err.missingVariables.sort()).toEqual(['ACCOUNTS_URL', 'CLIENT_ID', 'CLIENT_SECRET', 'REFRESH_TOKEN']);
    expect(err.message).toMatch(/4 problems/);
    expect(err.message).toMatch(/REFRESH_TOKEN: is missing; expected a refresh token .*exchange-grant/);
  });

  it('does not require REFRESH_TOKEN for the grant exchange', () => {
    const { REFRESH_TOKEN: _r, ...rest } = good;
    const config = loadConfig({ env: rest, envFile: false, requireRefreshToken: false });
    expect(config.refreshToken).toBeUndefined();
  });

  it('ignores the placeholder REFRESH_TOKEN of a fresh .env during the grant exchange', () => {
    const config = loadConfig({ env: { ...good, REFRESH_TOKEN: 'YOUR_REFRESH_TOKEN_HERE' }, envFile: false, requireRefreshToken: false });
    expect(config.refreshToken).toBeUndefined();
    expect(() => loadConfig({ env: { ...good, REFRESH_TOKEN: 'YOUR_REFRESH_TOKEN_HERE' }, envFile: false })).toThrow(/REFRESH_TOKEN: still holds the template placeholder/);
  });

  it('says where an empty value came from', () => {
    writeFileSync(path.join(dir, '.env'), `CLIENT_ID=\n`);
    const { CLIENT_ID: _c, ...rest } = good;
    const err = catchConfigError(() => loadConfig({ cwd: dir, env: rest }));
    expect(err.problems).toEqual([{ variable: 'CLIENT_ID', message: expect.stringMatching(/is missing \(empty in .*\.env\)/) }]);
  });

  it('flags template placeholders left in the .env file', () => {
    writeFileSync(
      path.join(dir, '.env'),
      'CLIENT_ID=YOUR_CLIENT_ID_HERE\nCLIENT_SECRET=YOUR_CLIENT_SECRET_HERE\nREFRESH_TOKEN=YOUR_REFRESH_TOKEN_HERE\nACCOUNTS_URL=YOUR_ACCOUNTS_URL_HERE\n',
    );
    const err = catchConfigError(() => loadConfig({ cwd: dir, env: {} }));
    expect(err.problems).toHaveLength(4);
    for (const p of err.problems) expect(p.message).toMatch(/template placeholder/);
  });

  it('rejects malformed values, naming what is expected', () => {
    const err = catchConfigError(() =>
      loadConfig({
        env: { ...good, CLIENT_ID: '"1000.ABC DEF"', USER_EMAIL: 'not-an-email', ZOHO_ENVIRONMENT: 'staging', ZOHO_LOG_LEVEL: 'loud' },
        envFile: false,
      }),
    );
    const byVar = Object.fromEntries(err.problems.map((p) => [p.variable, p.message]));
    expect(byVar.CLIENT_ID).toMatch(/malformed.*expected the Client ID/);
    expect(byVar.USER_EMAIL).toMatch(/malformed/);
    expect(byVar.ZOHO_ENVIRONMENT).toMatch(/expected one of production, sandbox, developer/);
    expect(byVar.ZOHO_LOG_LEVEL).toMatch(/expected one of off, error/);
  });

  it('never puts a secret value in an error, even a malformed one', () => {
    const badSecret = 'abc$def!ghi-jkl_SECRETISH_VALUE';
    const badToken = '1000.zzzz-not-hex-SECRETISH';
    const err = catchConfigError(() =>
      loadConfig({ env: { ...good, CLIENT_SECRET: badSecret, REFRESH_TOKEN: badToken, ACCOUNTS_URL: 'http://accounts.zoho.com' }, envFile: false }),
    );
    const text = inspect(err, { showHidden: true, depth: null }) + err.message;
    expect(text).not.toContain(badSecret);
    expect(text).not.toContain('SECRETISH');
    expect(err.problems.map((p) => p.variable).sort()).toEqual(['ACCOUNTS_URL', 'CLIENT_SECRET', 'REFRESH_TOKEN']);
    expect(text).toMatch(/<set, \d+ characters>/);
  });

  it('keeps secrets out of JSON.stringify and util.inspect of the config', () => {
    const config = loadConfig({ env: good, envFile: false });
    expect(JSON.stringify(config)).not.toContain(SECRET);
    expect(JSON.stringify(config)).not.toContain(REFRESH);
    const shown = inspect(config, { depth: null });
    expect(shown).not.toContain(SECRET);
    expect(shown).not.toContain(REFRESH);
    expect(shown).toContain('<set, 42 characters>');
  });

  it('accepts custom endpoints on loopback over http and marks the data center custom', () => {
    const { ACCOUNTS_URL: _a, ...rest } = good;
    const config = loadConfig({
      env: { ...rest, ZOHO_API_URL: 'http://127.0.0.1:4010/', ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:4010' },
      envFile: false,
    });
    expect(config).toMatchObject({
      dataCenter: 'custom',
      apiUrl: 'http://127.0.0.1:4010',
      tokenUrl: 'http://127.0.0.1:4010/oauth/v2/token',
      fileUploadUrl: 'http://127.0.0.1:4010',
    });
  });

  it('refuses plain http custom endpoints off the loopback, and half a custom pair', () => {
    const err = catchConfigError(() => loadConfig({ env: { ...good, ZOHO_API_URL: 'http://crm.internal.example' }, envFile: false }));
    const byVar = Object.fromEntries(err.problems.map((p) => [p.variable, p.message]));
    expect(byVar.ZOHO_API_URL).toMatch(/clear text/);
    expect(byVar.ZOHO_ACCOUNTS_URL).toMatch(/is missing.*set together with ZOHO_API_URL/);
  });

  it('reports an explicit .env file that does not exist', () => {
    const err = catchConfigError(() => loadConfig({ env: good, cwd: dir, envFile: 'missing.env' }));
    expect(err.problems).toEqual([{ variable: 'envFile', message: expect.stringMatching(/missing\.env does not exist; create it from \.env\.template/) }]);
  });

  it('resolves ZOHO_DATA_DIR and ZOHO_LOG_FILE against cwd', () => {
    const config = loadConfig({ env: { ...good, ZOHO_DATA_DIR: 'var/zoho', ZOHO_LOG_FILE: '/tmp/zoho.log' }, envFile: false, cwd: dir });
    expect(config.tokenStorePath).toBe(path.join(dir, 'var', 'zoho', 'tokens', 'token_store.txt'));
    expect(config.logFile).toBe('/tmp/zoho.log');
  });
});
