import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { loadSdk } from './load-sdk.js';
import { memoiseSdkInitializer } from './sdk-initializer-memo.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';

// The memo against the SDK's own method on the same SDK state, after real initialisation and
// calls over HTTP: whatever the configuration registry or the current configuration becomes, both
// give the same object.

interface InitializerLike {
  _token: unknown;
  getToken(): unknown;
}
interface InitializerClass {
  initializer: InitializerLike;
  LOCAL: Map<string, unknown>;
  getInitializer(): Promise<unknown>;
  new (): InitializerLike & { getEncodedKey(): Promise<string> };
}

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let Initializer: InitializerClass;
let sdkOwn: () => Promise<unknown>;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 3 }));
  client = createZohoClient({ config: env.config() });
  const ids = env.emu.state.listRecords('Leads').map((r) => String(r.id));
  await client.getRecords('Leads', [ids[0]!], ['Last_Name']);
  const sdk = await loadSdk();
  Initializer = sdk.Initializer as unknown as InitializerClass;
  // Installed at load: this hands back the same memo, and the SDK's own method.
  sdkOwn = memoiseSdkInitializer(sdk).original;
}, 60_000);

afterAll(async () => {
  await client?.close();
  await env?.close();
});

describe('the initializer memo answers as Initializer.getInitializer does', () => {
  it('after real calls: the same configuration, answered from the memo the second time', async () => {
    const { stats } = memoiseSdkInitializer(await loadSdk());
    const expected = await sdkOwn.call(Initializer);
    expect(expected).toBeTruthy();
    expect(await Initializer.getInitializer()).toBe(expected);
    const hits = stats.hits;
    expect(await Initializer.getInitializer()).toBe(expected);
    expect(stats.hits).toBe(hits + 1);
    // Without awaiting: the same answer.
    // (Compared by identity: a failure must not print the configuration, which holds the tokens.)
    expect(memoiseSdkInitializer(await loadSdk()).peek()?.answer === expected).toBe(true);
  });

  it('a registry entry replaced under the same key: the new one, as the SDK answers', async () => {
    const before = await Initializer.getInitializer();
    // The SDK's own key for the current configuration.
    const key = await new Initializer().getEncodedKey();
    const had = Initializer.LOCAL.has(key);
    const previous = Initializer.LOCAL.get(key);
    const other = Object.assign(new Initializer(), before);
    Initializer.LOCAL.set(key, other);
    const { peek } = memoiseSdkInitializer(await loadSdk());
    try {
      // The registry changed: not known without asking.
      expect(peek() === undefined).toBe(true);
      expect(await sdkOwn.call(Initializer)).toBe(other);
      expect(await Initializer.getInitializer()).toBe(other);
    } finally {
      if (had) Initializer.LOCAL.set(key, previous);
      else Initializer.LOCAL.delete(key);
    }
    expect(await Initializer.getInitializer()).toBe(await sdkOwn.call(Initializer));
    expect(await Initializer.getInitializer()).toBe(before);
  });

  it("the current configuration's token changed in place: derived again, as the SDK does", async () => {
    const current = Initializer.initializer;
    const token = current.getToken() as { getRefreshToken(): string; setRefreshToken(t: string): void };
    const refresh = token.getRefreshToken();
    token.setRefreshToken(`${refresh.slice(0, -32)}${'f'.repeat(32)}`);
    try {
      // No registry entry under that key: both fall back to the current configuration.
      expect(await sdkOwn.call(Initializer)).toBe(current);
      expect(await Initializer.getInitializer()).toBe(current);
    } finally {
      token.setRefreshToken(refresh);
    }
  });

  it('an empty registry: the current configuration, as the SDK answers', async () => {
    const saved = [...Initializer.LOCAL];
    Initializer.LOCAL.clear();
    try {
      expect(await sdkOwn.call(Initializer)).toBe(Initializer.initializer);
      expect(await Initializer.getInitializer()).toBe(Initializer.initializer);
      expect(memoiseSdkInitializer(await loadSdk()).peek()?.answer === Initializer.initializer).toBe(true);
    } finally {
      for (const [k, v] of saved) Initializer.LOCAL.set(k, v);
    }
  });
});
