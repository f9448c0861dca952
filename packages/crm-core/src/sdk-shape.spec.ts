import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from './client.js';
import { checkSdkShape, SDK_ASSUMPTIONS, sdkVersion } from './sdk-shape.js';
import { resolveSdkEntry } from './sdk-copy.js';

const dir = mkdtempSync(path.join(tmpdir(), 'crm-core-shape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the SDK's shape, checked at start-up", () => {
  it('the installed SDK has every member crm-core patches or relies on, each with its reason', async () => {
    const sdk: unknown = await import('@zohocrm/nodejs-sdk-8.0');
    const version = sdkVersion(resolveSdkEntry(import.meta.url));
    expect(version).toMatch(/^2\.\d+\.\d+$/);
    expect(() => checkSdkShape(sdk, version)).not.toThrow();
    expect(SDK_ASSUMPTIONS.every((a) => a.why.length > 20)).toBe(true);
  });

  it('one method stubbed away: init fails with SDK_UNSUPPORTED naming the version and the member, before any CRM request', async () => {
    const sdk = (await import('@zohocrm/nodejs-sdk-8.0')) as unknown as { Converter: { prototype: Record<string, unknown> } };
    const proto = sdk.Converter.prototype;
    const original = proto['getEncodedFileName'];
    delete proto['getEncodedFileName'];
    const config = loadConfig({
      env: {},
      envFile: false,
      // Nothing listens here: a request would fail with another code.
      values: { CLIENT_ID: '1000.SHAPECHECK', CLIENT_SECRET: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0e1', REFRESH_TOKEN: '1000.0123456789abcdef0123456789abcdef.0123456789abcdef0123456789abcdef', ZOHO_API_URL: 'http://127.0.0.1:9', ZOHO_ACCOUNTS_URL: 'http://127.0.0.1:9', ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'sdk.log') },
    });
    const client = createZohoClient({ config, orgProfile: false });
    try {
      const failure = client.init();
      await expect(failure).rejects.toMatchObject({ code: 'SDK_UNSUPPORTED', operation: 'init' });
      await expect(failure).rejects.toThrow(/@zohocrm\/nodejs-sdk-8\.0 2\.\d+\.\d+ lacks .*Converter\.prototype\.getEncodedFileName/);
    } finally {
      proto['getEncodedFileName'] = original;
      await client.close();
    }
  });
});
