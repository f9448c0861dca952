import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SDK_PACKAGE, SDK_RANGE } from './sdk-copy.js';
import { ZohoApiError } from './zoho-api-error.js';

/** One member of the SDK that crm-core replaces, wraps, extends or reaches into, and why. */
export interface SdkAssumption {
  /** Dotted path from the SDK's module namespace, e.g. `Converter.prototype.getEncodedFileName`. */
  path: string;
  why: string;
}

/**
 * Everything crm-core takes from the SDK beyond its documented calls. A new SDK version may move
 * or rename any of these without notice; checked at load, before any of them is touched, so that
 * a mismatch fails once and clearly (SDK_UNSUPPORTED) instead of wrongly later.
 */
export const SDK_ASSUMPTIONS: readonly SdkAssumption[] = [
  { path: 'Initializer.getJSON', why: 'memoised: the converters re-read the module field file about twice per record (sdk-json-memo.ts)' },
  { path: 'Initializer.getInitializer', why: 'memoised: it builds a new Initializer and base64-encodes the token key per call, per field written (sdk-initializer-memo.ts); the file-name memo is kept per initializer (sdk-file-name-memo.ts)' },
  { path: 'OAuthToken', why: 'the initializer memo derives the registry key only for the token class the SDK derives it for (sdk-initializer-memo.ts)' },
  { path: 'Converter.prototype.getEncodedFileName', why: 'memoised: it builds a new Initializer and base64-encodes per record (sdk-file-name-memo.ts)' },
  { path: 'JSONConverter.prototype.getResponse', why: 'wrapped: the same conversion without awaits, with model classes kept per package, where nothing needs loading (sdk-conversion-sync.ts); else the SDK method (sdk-conversion-memo.ts)' },
  { path: 'JSONConverter.prototype.isRecordResponse', why: 'wrapped like getResponse: the SDK calls it for records inside other answers (sdk-conversion-memo.ts)' },
  { path: 'JSONConverter.prototype.getDataValue', why: 'wrapped like getResponse: the SDK calls it per value, importing Choice per picklist value (sdk-conversion-memo.ts)' },
  { path: 'JSONConverter.prototype.formRequest', why: "wrapped: the same request body conversion without awaits, required and primary keys worked out once per module detail (sdk-request-sync.ts); else the SDK method (sdk-conversion-memo.ts)" },
  { path: 'JSONConverter.prototype.isNotRecordRequest', why: "followed step for step by the synchronous request conversion (sdk-request-sync.ts), and called by the SDK's own formRequest" },
  { path: 'JSONConverter.prototype.isRecordRequest', why: "followed step for step by the synchronous request conversion (sdk-request-sync.ts), and called by the SDK's own formRequest" },
  { path: 'JSONConverter.prototype.setData', why: "followed step for step by the synchronous request conversion (sdk-request-sync.ts), with setDataValue, setJSONArray, setJSONObject, redirectorForObjectToJSON and keyINJSONDetails" },
  { path: 'JSONConverter.prototype.checkException', why: "called by the synchronous request conversion as the SDK's own does: the SDK's mandatory-key refusals (sdk-request-sync.ts)" },
  { path: 'JSONConverter.prototype.getFileName', why: 'called by the synchronous request conversion for interface types, as the SDK does (sdk-request-sync.ts)' },
  { path: 'DatatypeConverter.init', why: 'the synchronous conversions read its preConverterMap and postConverterMap as preConvert and postConvert do, calling init only while one is empty, not per value (sdk-conversion-memo.ts checks the maps)' },
  { path: 'DatatypeConverter.postConvert', why: "followed step for step by the synchronous request conversion (sdk-request-sync.ts), and called by the SDK's own setDataValue for plain values" },
  { path: 'JSONConverter.prototype.getModuleDetailFromUserSpecJSON', why: 'memoised per converter (one request or response): it stats and scans the field file per record (sdk-conversion-memo.ts)' },
  { path: 'JSONConverter.prototype.buildName', why: 'memoised: a pure function of the key, called for every key of every record (sdk-conversion-memo.ts)' },
  { path: 'JSONConverter.prototype.findMatch', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own getResponse for interface types" },
  { path: 'JSONConverter.prototype.findRatio', why: "replaced by the same scoring with each class's per-member lookups worked out once (sdk-conversion-memo.ts); the synchronous conversion calls it as the SDK's findMatch does (sdk-conversion-sync.ts)" },
  { path: 'JSONConverter.prototype.notRecordResponse', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own getResponse" },
  { path: 'JSONConverter.prototype.getData', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own isRecordResponse" },
  { path: 'JSONConverter.prototype.getCollectionsData', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own getDataValue for lists" },
  { path: 'JSONConverter.prototype.getMapData', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own getDataValue for maps" },
  { path: 'JSONConverter.prototype.redirectorForJSONToObject', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own isRecordResponse for keys without metadata" },
  { path: 'DatatypeConverter.preConvert', why: "followed step for step by the synchronous conversion (sdk-conversion-sync.ts), and called by the SDK's own getDataValue for plain values" },
  { path: 'Initializer', why: 'its static jsonDetails (class metadata) is read by the replaced converter methods, as the SDK does (sdk-conversion-memo.ts), and set lazily before initialize, which parses config/json_details.json only when it is unset (sdk-class-details.ts)' },
  { path: 'Constants', why: "the replaced converter methods read the SDK's own key and namespace names from it (sdk-conversion-memo.ts)" },
  { path: 'Choice', why: 'the class the SDK imports per picklist value; checked to be the module the memo loads (sdk-conversion-memo.ts)' },
  { path: 'Record.Record', why: 'the class the SDK imports per record; checked to be the module the memo loads (sdk-conversion-memo.ts)' },
  { path: 'DataCenter.get', why: 'memoised per API domain: OAuthToken.getToken runs it, and its nine dynamic imports, on every call (sdk-import-memo.ts)' },
  { path: 'HeaderParamValidator.prototype.getJSONDetails', why: "replaced: it imports the Initializer module per parameter added, to read what Initializer.jsonDetails holds (sdk-import-memo.ts)" },
  { path: 'Converter.prototype.valueChecker', why: 'replaced by the same body, synchronous, with model classes kept instead of a dynamic import per structured value written (sdk-import-memo.ts)' },
  { path: 'Converter.prototype.checkChoiceValue', why: 'followed step for step by the replaced valueChecker (sdk-import-memo.ts)' },
  { path: 'Utility.checkInteger', why: 'called by the replaced valueChecker, as the SDK does (sdk-import-memo.ts)' },
  { path: 'SDKException', why: 'thrown by the replaced valueChecker, as the SDK does (sdk-import-memo.ts)' },
  { path: 'APIHTTPConnector.prototype.setQueryParams', why: 'replaced: encodeURI leaves & = + # unescaped in query values (sdk-query-encoding.ts)' },
  { path: 'APIHTTPConnector.prototype.fireRequest', why: 'wrapped: adds the headers middleware set on the call (sdk-call-headers.ts)' },
  { path: 'TokenStore.TokenStore', why: "extended: crm-core's token store adapter is an SDK TokenStore (sdk-store-adapter.ts)" },
  { path: 'InitializeBuilder.prototype.initialize', why: 'the one-time SDK initialisation (runtime.ts)' },
  { path: 'Record.RecordOperations.prototype.getRecords', why: 'record reads, with per-call headers (records.ts)' },
  { path: 'Record.RecordOperations.prototype.updateRecords', why: 'record writes, with per-call headers (records.ts); replaced by the same body with BodyWrapper kept instead of a dynamic import per call (sdk-import-memo.ts)' },
  { path: 'Record.BodyWrapper', why: "the class the replaced updateRecords checks the request against, as the SDK's does (sdk-import-memo.ts)" },
  { path: 'CommonAPIHandler', why: "the replaced updateRecords builds the call with it, as the SDK's does (sdk-import-memo.ts)" },
  { path: 'HeaderMap', why: "the class the replaced updateRecords checks the headers against, as the SDK's does (sdk-import-memo.ts)" },
  { path: 'Utility.getFields', why: "called by the replaced updateRecords, as the SDK's does (sdk-import-memo.ts)" },
  { path: 'Utility.getFileName', why: 'memoised: getFieldsInfo derives the field-details file name again (base64 of the API URL and user key) on every API call (sdk-file-name-memo.ts)' },
  { path: 'Record.RecordOperations.prototype.searchRecords', why: 'search (search-records.ts)' },
];

function lookup(root: unknown, dotted: string): unknown {
  let value: unknown = root;
  for (const key of dotted.split('.')) {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The installed SDK's version, from the package.json beside its entry file. */
export function sdkVersion(entry: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Throws SDK_UNSUPPORTED, naming the version and every member missing, unless each assumption holds. */
export function checkSdkShape(sdk: unknown, version: string, assumptions: readonly SdkAssumption[] = SDK_ASSUMPTIONS): void {
  const missing = assumptions.filter((a) => typeof lookup(sdk, a.path) !== 'function');
  if (missing.length === 0) return;
  throw new ZohoApiError({
    code: 'SDK_UNSUPPORTED',
    operation: 'init',
    message: `init: ${SDK_PACKAGE} ${version} lacks what crm-core relies on: ${missing.map((a) => `${a.path} (${a.why})`).join('; ')}`,
    hint: `install a supported version (${SDK_PACKAGE}@${SDK_RANGE}, tested with 2.0.0), or a crm-core release that supports ${version}`,
  });
}
