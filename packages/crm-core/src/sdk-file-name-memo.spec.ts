import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import path from 'node:path';
import { loadSdk, type ZohoSdk } from './load-sdk.js';
import { memoiseSdkFileName } from './sdk-file-name-memo.js';

// The SDK's configuration registry is global static state; these tests set it the way
// `initialize` / `switchUser` leave it (no request is made) and put it back afterwards.
interface ConfigState {
  initializer: unknown;
  LOCAL: Map<unknown, unknown>;
}
interface Converterish {
  getEncodedFileName(): Promise<string>;
}

let sdk: ZohoSdk;
let state: ConfigState;
let saved: { initializer: unknown; local: [unknown, unknown][] };

beforeAll(async () => {
  sdk = await loadSdk();
  state = sdk.Initializer as unknown as ConfigState;
});
afterEach(() => {
  state.initializer = saved.initializer;
  state.LOCAL.clear();
  for (const [k, v] of saved.local) state.LOCAL.set(k, v);
});

function configure(url: string, user: { email?: string; refresh?: string }, resourcePath: string): unknown {
  saved ??= { initializer: state.initializer, local: [...state.LOCAL] };
  const token = new sdk.OAuthToken();
  if (user.email) token.setUserSignature(new sdk.UserSignature(user.email));
  if (user.refresh) token.setRefreshToken(user.refresh);
  const config = Object.assign(Object.create((sdk.Initializer as unknown as { prototype: object }).prototype) as object, {
    _environment: new sdk.Environment(url, `${url}/oauth/v2/token`, url),
    _token: token,
    _resourcePath: resourcePath,
  });
  state.LOCAL.set(`key-${url}-${user.email ?? user.refresh ?? ''}`, config);
  state.initializer = config;
  return config;
}

/** The SDK's rule, written out independently: base64(API URL + user key) under `resources/`. */
function expected(url: string, key: string, resourcePath: string): string {
  return path.join(resourcePath, 'resources', `${Buffer.from(url + key, 'utf8').toString('base64')}.json`);
}

function converter(): Converterish {
  return new (sdk as unknown as { Converter: new (h: unknown) => Converterish }).Converter(null);
}

describe('memoiseSdkFileName', () => {
  it('is installed by loadSdk and answers repeated calls from the memo', async () => {
    const stats = memoiseSdkFileName(sdk);
    configure('http://127.0.0.1:1', { email: 'a@example.com' }, '/r1');
    const before = { ...stats };
    const first = await converter().getEncodedFileName();
    const second = await converter().getEncodedFileName();
    expect(first).toBe(expected('http://127.0.0.1:1', 'a@example.com', '/r1'));
    expect(second).toBe(first);
    expect(stats.derived - before.derived).toBe(1);
    expect(stats.hits - before.hits).toBe(1);
  });

  it('sees a re-initialisation with another environment, user or resource path', async () => {
    configure('http://127.0.0.1:1', { email: 'a@example.com' }, '/r1');
    await converter().getEncodedFileName();
    configure('http://127.0.0.1:2', { email: 'a@example.com' }, '/r1');
    expect(await converter().getEncodedFileName()).toBe(expected('http://127.0.0.1:2', 'a@example.com', '/r1'));
    configure('http://127.0.0.1:2', { email: 'b@example.com' }, '/r1');
    expect(await converter().getEncodedFileName()).toBe(expected('http://127.0.0.1:2', 'b@example.com', '/r1'));
    configure('http://127.0.0.1:2', { email: 'b@example.com' }, '/r2');
    expect(await converter().getEncodedFileName()).toBe(expected('http://127.0.0.1:2', 'b@example.com', '/r2'));
  });

  it('sees a token of the same configuration changed in place', async () => {
    const config = configure('http://127.0.0.1:3', { refresh: 'r'.repeat(40) + 'A'.repeat(32) }, '/r1');
    expect(await converter().getEncodedFileName()).toBe(expected('http://127.0.0.1:3', 'A'.repeat(32), '/r1'));
    ((config as { _token: { setRefreshToken(v: string): void } })._token).setRefreshToken('r'.repeat(40) + 'B'.repeat(32));
    expect(await converter().getEncodedFileName()).toBe(expected('http://127.0.0.1:3', 'B'.repeat(32), '/r1'));
  });

  it('sees the registry of configurations change under the same current configuration', async () => {
    const stats = memoiseSdkFileName(sdk);
    configure('http://127.0.0.1:4', { email: 'a@example.com' }, '/r1');
    await converter().getEncodedFileName();
    const derived = stats.derived;
    state.LOCAL.delete('no-such-key');
    await converter().getEncodedFileName();
    expect(stats.derived).toBe(derived + 1);
  });
});

describe('memoiseSdkFileName on Utility.getFileName', () => {
  const utility = () => (sdk as unknown as { Utility: { getFileName(): Promise<string> } }).Utility;
  /** The SDK's rule for this one: base64(API URL + user key) + '.json', no directory. */
  const name = (url: string, key: string) => `${Buffer.from(url + key, 'utf8').toString('base64')}.json`;

  it('answers repeated calls from the memo with what the SDK derives', async () => {
    const stats = memoiseSdkFileName(sdk).utility;
    configure('http://127.0.0.1:5', { email: 'a@example.com' }, '/r1');
    const before = { ...stats };
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:5', 'a@example.com'));
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:5', 'a@example.com'));
    expect(stats.derived - before.derived).toBe(1);
    expect(stats.hits - before.hits).toBe(1);
  });

  it('sees another environment or user, and a token changed in place', async () => {
    configure('http://127.0.0.1:5', { email: 'a@example.com' }, '/r1');
    await utility().getFileName();
    configure('http://127.0.0.1:6', { email: 'a@example.com' }, '/r1');
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:6', 'a@example.com'));
    configure('http://127.0.0.1:6', { email: 'b@example.com' }, '/r1');
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:6', 'b@example.com'));
    const config = configure('http://127.0.0.1:7', { refresh: 'r'.repeat(40) + 'A'.repeat(32) }, '/r1');
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:7', 'A'.repeat(32)));
    ((config as { _token: { setRefreshToken(v: string): void } })._token).setRefreshToken('r'.repeat(40) + 'C'.repeat(32));
    expect(await utility().getFileName()).toBe(name('http://127.0.0.1:7', 'C'.repeat(32)));
  });
});
