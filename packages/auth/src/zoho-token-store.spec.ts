import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { StoredToken, StoredUserSignature } from './sdk-token.js';
import { STORE_HEADER } from './store-format.js';
import { captureLogger } from './test-support/capture-logger.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { inspectDeep, leakedSecrets } from './test-support/secrets.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore, type TokenStoreOptions } from './zoho-token-store.js';

const CLIENT_ID = '1000.CLIENTABCDEF';
const SECRET = 'clientsecret0123456789abc';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let refreshToken: string;
let endpoint: FakeTokenEndpoint;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'data', 'tokens', 'token_store.txt');
  refreshToken = zohoLikeToken();
  endpoint = fakeTokenEndpoint(3600);
});
afterEach(() => cleanup());

function makeStore(options: Partial<TokenStoreOptions> = {}): ZohoTokenStore {
  return new ZohoTokenStore({
    path: file,
    clientId: CLIENT_ID,
    clientSecret: SECRET,
    refreshToken,
    tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
    fetch: endpoint.fetch,
    ...options,
  });
}

/** A store file holding our row with the given access token and expiry. */
async function seed(accessToken: string, expiresAt: number, extraRows: string[] = []): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const text = [STORE_HEADER, ...extraRows, `7,,${CLIENT_ID},,${refreshToken},${accessToken},,${expiresAt},,https://www.zohoapis.eu`].join('\n');
  await writeFile(file, text, { mode: 0o600 });
  return text;
}

const mode = async (p: string) => (await stat(p)).mode & 0o777;

describe('ZohoTokenStore: files and permissions', () => {
  it('creates the directory 0700 and a header-only file 0600, whatever the umask', async () => {
    const umask = process.umask(0o000);
    try {
      await makeStore().getTokens();
    } finally {
      process.umask(umask);
    }
    expect(await mode(path.dirname(file))).toBe(0o700);
    expect(await mode(file)).toBe(0o600);
    expect(await readFile(file, 'utf8')).toBe(STORE_HEADER);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('tightens a looser existing file of ours, logging once without a secret', async () => {
    await seed(zohoLikeToken(), Date.now() + 3_600_000);
    await chmod(file, 0o644);
    const logger = captureLogger();
    const store = makeStore({ logger });
    await store.getAccessToken();
    await store.getAccessToken();
    expect(await mode(file)).toBe(0o600);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings.map((w) => w.message)).toEqual(['token store file was accessible to other users; permissions tightened from 0644 to 0600']);
    expect(leakedSecrets(logger.text(), [SECRET, refreshToken])).toEqual([]);
  });

  it('never replaces a corrupt file: a STORE_CORRUPT error names it and says what to do', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const garbage = `id,user_name,client_id\n1,${refreshToken}`;
    await writeFile(file, garbage);
    const store = makeStore();
    const err = await store.getAccessToken().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('STORE_CORRUPT');
    expect((err as AuthError).message).toContain(file);
    expect((err as AuthError).hint).toMatch(/Move it aside/);
    expect(leakedSecrets(inspectDeep(err), [refreshToken, SECRET])).toEqual([]);
    await expect(store.saveToken(Object.assign(new StoredToken(), {}))).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await expect(store.deleteTokens()).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await readFile(file, 'utf8')).toBe(garbage);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('reports a store path that is not a file as STORE_IO', async () => {
    await mkdir(file, { recursive: true, mode: 0o700 });
    await expect(makeStore().getAccessToken()).rejects.toMatchObject({ code: 'STORE_IO', message: expect.stringContaining(file) });
  });

  it('never writes the client secret, and names no file after a secret', async () => {
    await makeStore().getAccessToken();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).toContain(refreshToken);
    const names = (await readdir(path.dirname(file))).join('\n');
    expect(leakedSecrets(names, [SECRET, refreshToken, ...endpoint.issued])).toEqual([]);
  });

  it('removes temp files a killed writer left behind on its next write', async () => {
    await seed(zohoLikeToken(), 0);
    const leftover = path.join(path.dirname(file), '.token_store.txt.99999.0123456789ab.tmp');
    await writeFile(leftover, 'half a fi');
    await makeStore().getAccessToken();
    expect(await readdir(path.dirname(file))).toEqual(['token_store.txt']);
  });
});

describe('ZohoTokenStore: getAccessToken', () => {
  it('returns a fresh stored token without a request', async () => {
    const access = zohoLikeToken();
    const expiresAt = Date.now() + 3_000_000;
    await seed(access, expiresAt);
    expect(await makeStore().getAccessToken()).toEqual({ accessToken: access, expiresAt, apiDomain: 'https://www.zohoapis.eu' });
    expect(endpoint.requests).toHaveLength(0);
  });

  it('refreshes a missing token and stores it in the FileStore layout', async () => {
    const before = Date.now();
    const token = await makeStore({ userEmail: 'me@example.com' }).getAccessToken();
    expect(endpoint.requests).toHaveLength(1);
    expect(token.accessToken).toBe(endpoint.issued[0]);
    expect(token.expiresAt).toBeGreaterThanOrEqual(before + 3_600_000);
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toEqual([STORE_HEADER, `1,me@example.com,${CLIENT_ID},,${refreshToken},${token.accessToken},,${token.expiresAt},,https://www.zohoapis.com`]);
  });

  it('refreshes a token within the margin (default 5 minutes) and not one outside a custom margin', async () => {
    await seed(zohoLikeToken(), Date.now() + 240_000);
    await makeStore({ refreshMarginMs: 60_000 }).getAccessToken();
    expect(endpoint.requests).toHaveLength(0);
    await makeStore().getAccessToken();
    expect(endpoint.requests).toHaveLength(1);
  });

  it('shares one refresh promise between 50 concurrent callers', async () => {
    await seed(zohoLikeToken(), Date.now() - 1_000);
    const logger = captureLogger();
    const store = makeStore({ logger });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => store.getAccessToken()));
    expect(endpoint.requests).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set([endpoint.issued[0]]));
    // They waited on the one promise, not one by one on the lock (which would also avoid requests).
    expect(logger.lines.filter((l) => /another caller refreshed/.test(l.message))).toEqual([]);
  });

  it('keeps other rows byte for byte', async () => {
    const other = `3,someone@example.com,1000.OTHERCLIENT,othersecret,${zohoLikeToken()},${zohoLikeToken()},,123,https://x.example/cb,https://www.zohoapis.in`;
    await seed(zohoLikeToken(), 0, [other]);
    await makeStore().getAccessToken();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines[1]).toBe(other);
    expect(lines[2]?.startsWith(`7,,${CLIENT_ID},,${refreshToken},${endpoint.issued[0]},`)).toBe(true);
  });

  it("replaces the row of the same user holding an older refresh token instead of adding one", async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, `${STORE_HEADER}\n4,me@example.com,${CLIENT_ID},,${zohoLikeToken()},${zohoLikeToken()},,1,,`);
    await makeStore({ userEmail: 'me@example.com' }).getAccessToken();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]?.startsWith(`4,me@example.com,${CLIENT_ID},,${refreshToken},${endpoint.issued[0]},`)).toBe(true);
  });

  it('stops refreshing on every call when the margin exceeds the token lifetime, and says so', async () => {
    endpoint.ttlSeconds = 60;
    const logger = captureLogger();
    const store = makeStore({ logger });
    await store.getAccessToken();
    await store.getAccessToken();
    expect(endpoint.requests).toHaveLength(1);
    expect(logger.lines.some((l) => l.level === 'warn' && /not shorter than the access token lifetime \(60000 ms\); using 30000 ms/.test(l.message))).toBe(true);
  });

  it('reports a failed refresh as AuthError, writes nothing, and tries again on the next call', async () => {
    const text = await seed(zohoLikeToken(), 0);
    endpoint.queue.push({ body: { error: 'invalid_code' } });
    const logger = captureLogger();
    const store = makeStore({ logger });
    const err = await store.getAccessToken().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INVALID_CODE', operation: 'refresh' });
    expect(leakedSecrets(inspectDeep(err), [SECRET, refreshToken])).toEqual([]);
    expect(await readFile(file, 'utf8')).toBe(text);
    await store.getAccessToken();
    expect(endpoint.requests).toHaveLength(2);
    expect(leakedSecrets(logger.text(), [SECRET, refreshToken, ...endpoint.issued])).toEqual([]);
  });

  it('validates its options up front, naming the package', () => {
    expect(() => makeStore({ path: '' })).toThrow('[@zcrmkit/auth] path option is required');
    expect(() => makeStore({ refreshToken: undefined as unknown as string })).toThrow('[@zcrmkit/auth] refreshToken option is required');
    expect(() => makeStore({ refreshMarginMs: -1 })).toThrow(/refreshMarginMs/);
  });

  it('does not show secrets when inspected', () => {
    expect(leakedSecrets(inspectDeep(makeStore()), [SECRET, refreshToken])).toEqual([]);
  });
});

describe('ZohoTokenStore: forceRefresh', () => {
  it('refreshes although the stored token is fresh', async () => {
    const stale = zohoLikeToken();
    await seed(stale, Date.now() + 3_000_000);
    const token = await makeStore().forceRefresh(stale);
    expect(endpoint.requests).toHaveLength(1);
    expect(token.accessToken).toBe(endpoint.issued[0]);
    expect(await readFile(file, 'utf8')).toContain(token.accessToken);
  });

  it('returns the stored token without a request when someone already replaced the stale one', async () => {
    const current = zohoLikeToken();
    await seed(current, Date.now() + 3_000_000);
    const token = await makeStore().forceRefresh(zohoLikeToken());
    expect(endpoint.requests).toHaveLength(0);
    expect(token.accessToken).toBe(current);
  });

  it('defaults the stale token to the last one handed out, and is single-flight', async () => {
    const first = zohoLikeToken();
    await seed(first, Date.now() + 3_000_000);
    const store = makeStore();
    expect((await store.getAccessToken()).accessToken).toBe(first);
    const results = await Promise.all(Array.from({ length: 10 }, () => store.forceRefresh()));
    expect(endpoint.requests).toHaveLength(1);
    expect(new Set(results.map((r) => r.accessToken))).toEqual(new Set([endpoint.issued[0]]));
    // The token just handed out is now the stale one: a further force makes one more request.
    await store.forceRefresh();
    expect(endpoint.requests).toHaveLength(2);
  });

  it('joins a refresh already in flight when it yields a different token', async () => {
    await seed(zohoLikeToken(), 0);
    const store = makeStore();
    let open!: () => void;
    endpoint.gate = new Promise<void>((resolve) => (open = resolve));
    const pending = store.getAccessToken();
    // In flight means the endpoint holds it: wait for that state, not for a fixed time.
    while (endpoint.requests.length < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const forced = store.forceRefresh('1000.aaaaaaaa.bbbbbbbb');
    open();
    expect((await forced).accessToken).toBe((await pending).accessToken);
    expect(endpoint.requests).toHaveLength(1);
  });
});

describe('ZohoTokenStore: the SDK TokenStore contract', () => {
  function sdkToken(fields: { refresh?: string; access?: string; user?: string; id?: string; clientId?: string; secret?: string; grant?: string }): StoredToken {
    const token = new StoredToken();
    token.setClientId(fields.clientId ?? CLIENT_ID);
    token.setClientSecret(fields.secret ?? SECRET);
    if (fields.refresh) token.setRefreshToken(fields.refresh);
    if (fields.access) token.setAccessToken(fields.access);
    if (fields.grant) token.setGrantToken(fields.grant);
    if (fields.id) token.setId(fields.id);
    if (fields.user) token.setUserSignature(new StoredUserSignature(fields.user));
    return token;
  }

  it('findToken hands the SDK a fresh token for its own refresh token, refreshing an expired one first', async () => {
    await seed(zohoLikeToken(), Date.now() - 10);
    const token = sdkToken({ refresh: refreshToken });
    const found = await makeStore().findToken(token);
    expect(found).toBe(token);
    expect(endpoint.requests).toHaveLength(1);
    expect(token.getAccessToken()).toBe(endpoint.issued[0]);
    expect(Number(token.getExpiresIn()) - Date.now()).toBeGreaterThan(3_500_000);
    expect(typeof token.getExpiresIn()).toBe('string');
    expect(token.getId()).toBe('7');
    expect(token.getAPIDomain()).toBe('https://www.zohoapis.com');
    expect(token.getClientSecret()).toBe(SECRET);
  });

  it('findToken overwrites the stale access token the SDK holds in memory', async () => {
    const current = zohoLikeToken();
    await seed(current, Date.now() + 3_000_000);
    const token = sdkToken({ refresh: refreshToken, access: zohoLikeToken(), id: '7' });
    token.setExpiresIn(String(Date.now() - 1));
    await makeStore().findToken(token);
    expect(token.getAccessToken()).toBe(current);
    expect(endpoint.requests).toHaveLength(0);
  });

  it('findToken treats a token of the configured user without a refresh token as its own', async () => {
    await seed(zohoLikeToken(), 0);
    const token = sdkToken({ user: 'Me@Example.com' });
    await makeStore({ userEmail: 'me@example.com' }).findToken(token);
    expect(token.getRefreshToken()).toBe(refreshToken);
    expect(token.getAccessToken()).toBe(endpoint.issued[0]);
  });

  it('findToken looks up other tokens like the FileStore: null when absent, merged when present', async () => {
    const otherAccess = zohoLikeToken();
    await seed(zohoLikeToken(), Date.now() + 3_000_000, [`2,other@example.com,1000.OTHER,,${zohoLikeToken()},${otherAccess},,5,,`]);
    const store = makeStore();
    expect(await store.findToken(sdkToken({ refresh: zohoLikeToken() }))).toBeNull();
    const byUser = sdkToken({ user: 'other@example.com', clientId: '1000.OTHER' });
    expect(await store.findToken(byUser)).toBe(byUser);
    expect(byUser.getAccessToken()).toBe(otherAccess);
    expect(byUser.getId()).toBe('2');
    expect(endpoint.requests).toHaveLength(0);
    expect(await store.findToken('not a token')).toBe('not a token');
  });

  it('saveToken adds, then updates by id; getTokens and findTokenById read back; deleteToken and deleteTokens remove', async () => {
    const store = makeStore();
    const otherRefresh = zohoLikeToken();
    const token = sdkToken({ refresh: otherRefresh, access: zohoLikeToken(), user: 'x@example.com' });
    token.setExpiresIn('1700000000000');
    await store.saveToken(token);
    expect(token.getId()).toBe('1');
    const newAccess = zohoLikeToken();
    token.setAccessToken(newAccess);
    await store.saveToken(token);
    const all = await store.getTokens();
    expect(all).toHaveLength(1);
    expect(all[0]?.getAccessToken()).toBe(newAccess);
    expect(all[0]?.getUserSignature()?.getName()).toBe('x@example.com');
    expect(all[0]?.getClientSecret()).toBeNull();
    const byId = await store.findTokenById('1');
    expect(byId.getRefreshToken()).toBe(otherRefresh);
    expect(byId.getExpiresIn()).toBe('1700000000000');
    expect(await readFile(file, 'utf8')).not.toContain(SECRET);
    await expect(store.deleteToken('9')).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
    await store.deleteToken('1');
    expect(await store.getTokens()).toEqual([]);
    await store.saveToken(sdkToken({ refresh: otherRefresh }));
    await store.deleteTokens();
    expect(await readFile(file, 'utf8')).toBe(STORE_HEADER);
  });

  it('findTokenById refreshes its own expired token and fills in the secret the file does not hold', async () => {
    await seed(zohoLikeToken(), 0);
    const found = await makeStore({ createSdkToken: () => new StoredToken() }).findTokenById('7');
    expect(found.getAccessToken()).toBe(endpoint.issued[0]);
    expect(found.getClientSecret()).toBe(SECRET);
    await expect(makeStore().findTokenById('8')).rejects.toMatchObject({ code: 'TOKEN_NOT_FOUND' });
  });

  it('saveToken refuses a token with nothing to store', async () => {
    await expect(makeStore().saveToken(sdkToken({ user: 'nobody@example.com' }))).rejects.toThrow(/no refresh, grant or access token/);
  });
});
