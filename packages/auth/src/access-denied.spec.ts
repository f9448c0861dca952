// After Zoho answers Access Denied, no process sharing the store asks again until the window is
// over (Zoho blocks "the rest of the ten minutes"); then exactly one request goes out.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { deniedFileOf } from './access-denied-file.js';
import { AuthError } from './auth-error.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore } from './zoho-token-store.js';

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

function store(accessDeniedWaitMs?: number): ZohoTokenStore {
  return new ZohoTokenStore({ path: file, clientId: '1000.CLIENTABCDEF', clientSecret: 'clientsecret0123456789abc', refreshToken, tokenUrl: 'https://accounts.zoho.com/oauth/v2/token', fetch: endpoint.fetch, ...(accessDeniedWaitMs ? { accessDeniedWaitMs } : {}) });
}

const denied = { body: { error: 'Access Denied', error_description: 'You have made too many requests continuously. Please try again after some time.' } };

async function failure(run: Promise<unknown>): Promise<AuthError> {
  const err = await run.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(err)}`);
  return err;
}

describe('Access Denied', () => {
  it('every store on the file waits out the window, each told the time left, nothing sent', async () => {
    endpoint.queue.push(denied);
    expect((await failure(store().getAccessToken())).code).toBe('THROTTLED');
    expect(endpoint.requests).toHaveLength(1);
    // Other processes (other stores on the same file): no request, a clear error with the time left.
    for (const other of [store(), store()]) {
      const err = await failure(other.getAccessToken());
      expect(err.code).toBe('THROTTLED');
      expect(err.message).toMatch(/every process sharing .* waits out its window: the next token request goes out in (59\d|600) s \(nothing was sent\)/);
      expect(err.message).not.toContain(refreshToken);
    }
    expect(endpoint.requests).toHaveLength(1);
    // The record names the refresh token by a hash, never the token; 0600 like the store.
    const record = await readFile(deniedFileOf(file), 'utf8');
    expect(record).not.toContain(refreshToken);
    expect((await stat(deniedFileOf(file))).mode & 0o777).toBe(0o600);
  });

  it('when the window is over, exactly one request goes out, and a token clears the record', async () => {
    endpoint.queue.push(denied);
    await failure(store(1_000).getAccessToken());
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const [a, b] = await Promise.all([store(1_000).getAccessToken(), store(1_000).getAccessToken()]);
    expect(a.accessToken).toBe(b.accessToken);
    expect(endpoint.requests).toHaveLength(2);
    await expect(stat(deniedFileOf(file))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
