import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import type { ZohoConfig } from '@zcrmkit/config';
import { emulatorConfig } from './test-support/emulator.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore } from './zoho-token-store.js';

// The store as crm-core uses it: wrapped in a subclass of the SDK's TokenStore (the SDK checks
// `instanceof`), handed to the unmodified SDK, which then never refreshes on its own.

class SdkStoreAdapter extends sdk.TokenStore.TokenStore {
  constructor(private readonly inner: ZohoTokenStore) {
    super();
  }
  override findToken(token: unknown) {
    return this.inner.findToken(token);
  }
  override findTokenById(id: string) {
    return this.inner.findTokenById(id);
  }
  override saveToken(token: unknown) {
    return this.inner.saveToken(token as sdk.OAuthToken);
  }
  override deleteToken(id: string) {
    return this.inner.deleteToken(id);
  }
  override getTokens() {
    return this.inner.getTokens();
  }
  override deleteTokens() {
    return this.inner.deleteTokens();
  }
}

describe('the official SDK with ZohoTokenStore', () => {
  let emu: RunningEmulator;
  let cleanup: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 5 });
    ({ dir, cleanup } = await makeTempDir());
  });
  afterAll(async () => {
    await emu.stop();
    await cleanup();
  });

  async function initSdk(store: sdk.TokenStore.TokenStore | sdk.FileStore, refreshToken: string, config: ZohoConfig): Promise<void> {
    // The SDK's builder constructor returns a promise.
    const builder = await new sdk.InitializeBuilder();
    await builder
      .environment(new sdk.Environment(config.apiUrl, config.tokenUrl, config.fileUploadUrl))
      .token(new sdk.OAuthBuilder().clientId(config.clientId).clientSecret(config.clientSecret).refreshToken(refreshToken).build())
      .store(store as sdk.TokenStore.TokenStore)
      .SDKConfig(new sdk.SDKConfigBuilder().timeout(10_000).build())
      .logger(new sdk.LogBuilder().level(sdk.Levels.OFF).filePath(null).build())
      .resourcePath(config.resourcePath)
      .initialize();
  }

  /** Warms the SDK up, expires the token (in the emulator and in the file), then makes 5 parallel calls. */
  async function parallelCallsWithExpiredToken(file: string): Promise<{ statuses: number[]; tokenRequests: number }> {
    const id = emu.state.listRecords('Leads')[0]?.id as string;
    const getLead = async () => {
      const params = new sdk.ParameterMap();
      await params.add(sdk.Record.GetRecordParam.FIELDS, 'Last_Name');
      return (await new sdk.Record.RecordOperations('Leads').getRecord(BigInt(id), params)).getStatusCode();
    };
    expect(await getLead()).toBe(200);
    const stored = await readFile(file, 'utf8');
    emu.state.expireAccessTokens();
    await writeFile(file, stored.replace(/,(\d{13}),/, `,${Date.now() - 1_000},`));
    emu.state.resetCounters();
    const statuses = await Promise.all(Array.from({ length: 5 }, getLead));
    return { statuses, tokenRequests: emu.state.counters().tokenRequests.total };
  }

  it('5 parallel SDK calls with an expired token make 1 token request (with its own FileStore: more)', async () => {
    const refreshToken = emu.state.issueRefreshToken();
    const config = emulatorConfig(emu, dir, { REFRESH_TOKEN: refreshToken });
    await mkdir(config.resourcePath, { recursive: true });
    // Control first (the SDK keeps global state): its own FileStore refreshes in every parallel call.
    const plainFile = path.join(dir, 'plain_store.txt');
    await initSdk(new sdk.FileStore(plainFile), refreshToken, config);
    const plain = await parallelCallsWithExpiredToken(plainFile);
    expect(plain.tokenRequests).toBeGreaterThan(1);

    const store = ZohoTokenStore.fromConfig(config, {
      createSdkToken: () => new sdk.OAuthToken(),
      createUserSignature: (name) => new sdk.UserSignature(name),
    });
    await initSdk(new SdkStoreAdapter(store), refreshToken, config);
    const ours = await parallelCallsWithExpiredToken(config.tokenStorePath);
    expect(ours).toEqual({ statuses: [200, 200, 200, 200, 200], tokenRequests: 1 });
  });
});
