// The SDK ships no types. This reference (rather than tsconfig "include") also brings our typings
// into packages that type-check crm-core through its source, as crm-leads and the examples do.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./zoho-sdk.d.ts" />
import path from 'node:path';
import type * as Sdk from '@zohocrm/nodejs-sdk-8.0';
import { claimSdkCopy, resolveSdkEntry } from './sdk-copy.js';
import { memoiseSdkFileName } from './sdk-file-name-memo.js';
import { memoiseSdkInitializer } from './sdk-initializer-memo.js';
import { checkSdkShape, sdkVersion } from './sdk-shape.js';
import { memoiseSdkJson } from './sdk-json-memo.js';
import { installSdkLogBridge } from './sdk-log-bridge.js';
import { sdkWinston } from './sdk-winston.js';
import { installQueryEncoding } from './sdk-query-encoding.js';
import { installCallHeaders } from './sdk-call-headers.js';
import { memoiseSdkConversion } from './sdk-conversion-memo.js';
import { importSdk } from './sdk-slim-import.js';
import { memoiseSdkImports } from './sdk-import-memo.js';

export type ZohoSdk = typeof Sdk;

let loading: Promise<ZohoSdk> | undefined;

/** The SDK's class metadata file (`lib/config/json_details.json`) beside the entry crm-core loads, and its version. */
export function sdkClassDetailsSource(): { file: string; sdkVersion: string } {
  const entry = resolveSdkEntry(import.meta.url);
  return { file: path.join(path.dirname(entry), 'config', 'json_details.json'), sdkVersion: sdkVersion(entry) };
}

/**
 * Imports the SDK on first use only (the files crm-core calls: sdk-slim-import.ts): it costs ~0.5 s
 * and ~100 MB, which `--help`, config errors and plain `import '@zcrmkit/crm-core'` must not pay.
 * The log bridge goes in before the SDK can log.
 * Throws ZohoApiError `SDK_MISSING` (peer dependency not installed) or `SDK_DUPLICATE`.
 */
export function loadSdk(): Promise<ZohoSdk> {
  loading ??= (async () => {
    const entry = resolveSdkEntry(import.meta.url);
    claimSdkCopy(entry);
    installSdkLogBridge(sdkWinston(entry));
    const sdk = await importSdk(entry);
    // Before any patch touches it: a changed SDK fails here, once, naming what changed.
    checkSdkShape(sdk, sdkVersion(entry));
    memoiseSdkJson(sdk.Initializer);
    memoiseSdkFileName(sdk);
    memoiseSdkInitializer(sdk);
    installQueryEncoding(sdk);
    installCallHeaders(sdk);
    // The conversion memo runs the import memo's value check: that one first.
    memoiseSdkImports(sdk, entry);
    await memoiseSdkConversion(sdk, entry);
    return sdk;
  })().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
