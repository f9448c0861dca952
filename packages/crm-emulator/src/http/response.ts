import type { JsonValue } from '../core/json.js';

/** What a handler answers; the server decides how it reaches the wire (or, under a fault, doesn't). */
export interface EmulatorResponse {
  status: number;
  /** JSON body; undefined = no body (204). */
  body?: JsonValue;
  headers?: Record<string, string>;
  /** A non-JSON body (HTML error pages). */
  raw?: { contentType: string; text: string };
}

export const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function json(status: number, body: JsonValue, headers?: Record<string, string>): EmulatorResponse {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): EmulatorResponse {
  return { status: 204 };
}

/** Serialises a response: status, headers and the exact bytes to send. */
export function encodeResponse(response: EmulatorResponse): { status: number; headers: Record<string, string>; payload: Buffer } {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: Buffer;
  if (response.raw) {
    headers['content-type'] = response.raw.contentType;
    payload = Buffer.from(response.raw.text, 'utf8');
  } else {
    // Zoho labels even its empty 204 answers as JSON.
    headers['content-type'] = JSON_CONTENT_TYPE;
    payload = response.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(response.body), 'utf8');
  }
  if (response.status !== 204) headers['content-length'] = String(payload.length);
  return { status: response.status, headers, payload };
}
