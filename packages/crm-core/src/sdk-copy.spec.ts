import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ZcrmkitError } from '@zcrmkit/config';
import { SDK_COPY_MARK, claimSdkCopy, resolveSdkEntry } from './sdk-copy.js';
import { ZohoApiError } from './zoho-api-error.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the Zoho SDK as a peer dependency', () => {
  it('resolves the installed SDK from crm-core', () => {
    expect(resolveSdkEntry(import.meta.url)).toBe(createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0'));
  });

  it('says what to install when the SDK is missing', () => {
    // A folder outside the workspace: no node_modules above it holds the SDK.
    const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-no-sdk-'));
    dirs.push(dir);
    let caught: unknown;
    try {
      resolveSdkEntry(pathToFileURL(path.join(dir, 'app.js')).href);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ZohoApiError);
    expect(caught).toBeInstanceOf(ZcrmkitError);
    expect((caught as ZohoApiError).code).toBe('SDK_MISSING');
    expect((caught as ZohoApiError).message).toContain('@zohocrm/nodejs-sdk-8.0 is not installed');
    expect((caught as ZohoApiError).hint).toBe('install it in your app: npm install @zohocrm/nodejs-sdk-8.0@^2.0.0');
  });

  it('accepts the same copy twice and refuses a second copy', () => {
    const scope = {};
    claimSdkCopy('/app/node_modules/@zohocrm/nodejs-sdk-8.0/lib/index.js', scope);
    claimSdkCopy('/app/node_modules/@zohocrm/nodejs-sdk-8.0/lib/index.js', scope);
    expect(() => claimSdkCopy('/app/node_modules/other/node_modules/@zohocrm/nodejs-sdk-8.0/lib/index.js', scope)).toThrow(
      expect.objectContaining({ code: 'SDK_DUPLICATE', message: expect.stringContaining('two copies of @zohocrm/nodejs-sdk-8.0') }),
    );
  });

  it('keeps the claim under a process-wide symbol, so every copy of crm-core sees it', () => {
    const scope: Record<symbol, unknown> = {};
    claimSdkCopy('/a/lib/index.js', scope);
    expect(scope[Symbol.for('@zcrmkit/crm-core/zoho-sdk-entry')]).toBe('/a/lib/index.js');
    expect(SDK_COPY_MARK).toBe(Symbol.for('@zcrmkit/crm-core/zoho-sdk-entry'));
    expect(Object.keys(scope)).toEqual([]);
  });
});
