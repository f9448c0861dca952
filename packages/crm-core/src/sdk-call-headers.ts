import { INVOCATION_HEADER, invocationOf } from './call-context.js';
import type { ZohoSdk } from './load-sdk.js';

/**
 * Middleware may add headers to a call's requests (CallContext.headers), but only record
 * operations take a HeaderMap in the SDK, and by the time node reports a request its head is
 * already written. So `APIHTTPConnector.prototype.fireRequest` (SDK 2.0.0, pinned; listed in
 * sdk-shape.ts) is wrapped to add the invocation's headers to the connector's own just before it
 * builds the request: every CRM request of the call carries them, metadata reads included.
 */
interface ConnectorPrototype {
  headers: Map<string, unknown> | undefined;
  fireRequest(converter: unknown): Promise<unknown>;
  [PATCHED]?: true;
}

const PATCHED = Symbol.for('zcrmkit.sdkCallHeaders');
const TAG_KEY = INVOCATION_HEADER.toLowerCase();

export function installCallHeaders(sdk: ZohoSdk): void {
  const proto = (sdk as unknown as { APIHTTPConnector: { prototype: ConnectorPrototype } }).APIHTTPConnector.prototype;
  if (proto[PATCHED]) return;
  const fireRequest = proto.fireRequest;
  proto.fireRequest = function (this: ConnectorPrototype, converter: unknown): Promise<unknown> {
    const headers = this.headers;
    const tag = headers?.get(INVOCATION_HEADER) ?? headers?.get(TAG_KEY);
    const extra = invocationOf(tag)?.headers;
    if (extra) {
      const target = headers ?? (this.headers = new Map());
      for (const [name, value] of extra) target.set(name, value);
    }
    return fireRequest.call(this, converter);
  };
  proto[PATCHED] = true;
}
