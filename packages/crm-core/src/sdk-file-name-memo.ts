import type { ZohoSdk } from './load-sdk.js';
import { ZohoApiError } from './zoho-api-error.js';

// The SDK's converters ask `Converter.prototype.getEncodedFileName()` for the path of the module
// field-details file once or more per record they convert (and `Utility.getFileName()`, the same
// name without its directory, once per API call). Each call resolves the configuration
// (`Initializer.getInitializer`: a new Initializer, base64 of the user key), then base64-encodes the
// API URL + user key byte by byte and joins two paths — about a tenth of the client's CPU at 10,000
// records, for a result that changes only when the SDK is initialised or switched to another user,
// environment or resource path. This memo (SDK 2.0.0, pinned) returns the last path while every
// input it was derived from is the same: the current configuration object, the registry of
// configurations (any set/delete/clear on `Initializer.LOCAL` counts), and, read afresh on each
// call, the user signature, refresh token, access token, API URL and resource path of both the
// current and the resolved configuration. Anything else falls through to the SDK's own method.

interface TokenLike {
  getUserSignature?: () => { getName: () => string } | null | undefined;
  getRefreshToken?: () => string | null | undefined;
  getAccessToken?: () => string | null | undefined;
}
interface InitializerLike {
  getToken: () => unknown;
  getEnvironment: () => { getUrl: () => string } | null | undefined;
  getResourcePath: () => string | null | undefined;
}
interface InitializerClass {
  initializer?: InitializerLike | null;
  LOCAL?: Map<unknown, InitializerLike>;
  getInitializer: () => Promise<InitializerLike | null | undefined>;
}
interface ConverterPrototype {
  getEncodedFileName: () => Promise<string>;
  [PATCHED]?: FileNameMemoStats & { utility: FileNameMemoStats };
}
interface UtilityClass {
  getFileName: () => Promise<string>;
}

export interface FileNameMemoStats {
  /** Calls answered by the SDK's own method. */
  derived: number;
  /** Calls answered from the memo. */
  hits: number;
}

const PATCHED = Symbol.for('@zcrmkit/crm-core.sdk-file-name-memo');
const LOCAL_VERSION = Symbol.for('@zcrmkit/crm-core.sdk-file-name-memo.local-version');

export type VersionedMap = Map<unknown, InitializerLike> & { [LOCAL_VERSION]?: { n: number } };

/** Counts every change to the SDK's registry of configurations, so a memo can tell it changed. */
export function versionOf(local: VersionedMap | undefined): { n: number } | undefined {
  if (!local) return undefined;
  const existing = local[LOCAL_VERSION];
  if (existing) return existing;
  const version = { n: 0 };
  const { set, delete: del, clear } = local;
  local.set = function (this: VersionedMap, key: unknown, value: InitializerLike) {
    version.n++;
    return set.call(this, key, value);
  };
  local.delete = function (this: VersionedMap, key: unknown) {
    version.n++;
    return del.call(this, key);
  };
  local.clear = function (this: VersionedMap) {
    version.n++;
    clear.call(this);
  };
  Object.defineProperty(local, LOCAL_VERSION, { value: version });
  return version;
}

type Inputs = readonly [signature: unknown, refresh: unknown, access: unknown, url: unknown, resourcePath: unknown];

/** The values the SDK derives the file name from, read through the same getters it uses. */
function inputsOf(config: InitializerLike | null | undefined): Inputs | undefined {
  if (!config) return undefined;
  const token = config.getToken() as TokenLike | null | undefined;
  return [token?.getUserSignature?.()?.getName(), token?.getRefreshToken?.(), token?.getAccessToken?.(), config.getEnvironment()?.getUrl(), config.getResourcePath()];
}

/** Compared field by field, without building anything: this runs once or more per record. */
function sameInputs(config: InitializerLike, inputs: Inputs): boolean {
  const token = config.getToken() as TokenLike | null | undefined;
  return (
    token?.getUserSignature?.()?.getName() === inputs[0] &&
    token?.getRefreshToken?.() === inputs[1] &&
    token?.getAccessToken?.() === inputs[2] &&
    config.getEnvironment()?.getUrl() === inputs[3] &&
    config.getResourcePath() === inputs[4]
  );
}

interface Entry {
  current: InitializerLike;
  local: Map<unknown, InitializerLike> | undefined;
  localVersion: number | undefined;
  resolved: InitializerLike;
  currentInputs: Inputs;
  resolvedInputs: Inputs;
  fileName: string;
}

/**
 * `original` (an async method deriving a name from the current configuration) answered from the
 * last result while every input it was derived from is unchanged (see the top of this file).
 */
function memoised<T>(init: InitializerClass, original: (this: T) => Promise<string>, stats: FileNameMemoStats): (this: T) => Promise<string> {
  let entry: Entry | undefined;
  return async function memoisedFileName(this: T): Promise<string> {
    const current = init.initializer;
    const local = init.LOCAL;
    const version = versionOf(local as VersionedMap | undefined);
    if (current && entry && entry.current === current && entry.local === local && entry.localVersion === version?.n && sameInputs(current, entry.currentInputs) && sameInputs(entry.resolved, entry.resolvedInputs)) {
      stats.hits++;
      return entry.fileName;
    }
    entry = undefined;
    const before = version?.n;
    const fileName = await original.call(this);
    stats.derived++;
    // Resolved again the SDK's way; kept only if nothing changed while the SDK awaited.
    const resolved = await init.getInitializer();
    if (current && resolved && init.initializer === current && init.LOCAL === local && version?.n === before) {
      const currentInputs = inputsOf(current);
      const resolvedInputs = inputsOf(resolved);
      if (currentInputs !== undefined && resolvedInputs !== undefined) entry = { current, local, localVersion: before, resolved, currentInputs, resolvedInputs, fileName };
    }
    return fileName;
  };
}

/**
 * Installs the memo (once) on the SDK's `Converter.prototype.getEncodedFileName` and on
 * `Utility.getFileName` (the same name without its directory, derived again by `getFieldsInfo` on
 * every API call). Returns counters for tests and diagnostics: `derived`/`hits` for the first,
 * `utility` for the second.
 */
export function memoiseSdkFileName(sdk: ZohoSdk): FileNameMemoStats & { utility: FileNameMemoStats } {
  const parts = sdk as unknown as { Converter?: { prototype: ConverterPrototype }; Initializer?: InitializerClass; Utility?: UtilityClass };
  const proto = parts.Converter?.prototype;
  const init = parts.Initializer;
  const utility = parts.Utility;
  if (!proto || typeof proto.getEncodedFileName !== 'function' || !init || typeof init.getInitializer !== 'function' || !utility || typeof utility.getFileName !== 'function') {
    throw new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: '[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 no longer exposes Converter.getEncodedFileName / Utility.getFileName / Initializer.getInitializer; the file-name memo needs updating' });
  }
  const existing = proto[PATCHED];
  if (existing) return existing;
  const stats = { derived: 0, hits: 0, utility: { derived: 0, hits: 0 } };
  proto.getEncodedFileName = memoised(init, proto.getEncodedFileName, stats);
  utility.getFileName = memoised(init, utility.getFileName, stats.utility);
  Object.defineProperty(proto, PATCHED, { value: stats });
  return stats;
}
