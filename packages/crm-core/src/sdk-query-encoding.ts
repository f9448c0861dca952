import type { ZohoSdk } from './load-sdk.js';
import { ZohoApiError } from './zoho-api-error.js';

/**
 * The SDK builds query strings with `encodeURI(value)`, which leaves `& = + # ? /` as they are: a
 * search value `Smith & Co #1` would end the parameter at `&`, start another, and cut the URL at
 * `#`. Every value (and name) is encoded as a URI component instead, so a value can only ever be a
 * value. This replaces `APIHTTPConnector.prototype.setQueryParams` (SDK 2.0.0, pinned), keeping its
 * output format, trailing `&` included.
 */
interface ConnectorPrototype {
  url: string;
  setQueryParams(parameters: Map<string, unknown>): void;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('zcrmkit.sdkQueryEncoding');

export function installQueryEncoding(sdk: ZohoSdk): void {
  const connector = (sdk as unknown as { APIHTTPConnector?: { prototype: ConnectorPrototype } }).APIHTTPConnector;
  const proto = connector?.prototype;
  if (!proto || typeof proto.setQueryParams !== 'function') {
    throw new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: '[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 no longer exposes APIHTTPConnector.setQueryParams; the query encoding patch needs updating' });
  }
  if (proto[PATCHED]) return;
  proto.setQueryParams = function setQueryParams(this: ConnectorPrototype, parameters: Map<string, unknown>): void {
    let query = '';
    for (const [key, value] of parameters) query += `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}&`;
    this.url = `${this.url}?${query}`;
  };
  proto[PATCHED] = true;
}
