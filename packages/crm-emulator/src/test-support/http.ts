import type { JsonValue } from '../core/json.js';

export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body; undefined when the body is empty. */
  body: JsonValue | undefined;
}

export interface CallOptions {
  method?: string;
  token?: string;
  body?: JsonValue | string;
  headers?: Record<string, string>;
}

/** A raw HTTP call to the emulator (no SDK): JSON bodies are sent without Content-Type, as the SDK does. */
export async function call(url: string, options: CallOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== undefined) headers['authorization'] = `Zoho-oauthtoken ${options.token}`;
  // A Buffer body keeps fetch from adding `content-type: text/plain`.
  const body = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
  const res = await fetch(url, { method: options.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text === '' ? undefined : (JSON.parse(text) as JsonValue) };
}

/** Narrows a JSON value to an object for property access in assertions. */
export function obj(value: JsonValue | undefined): { [key: string]: JsonValue } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`expected a JSON object, got ${JSON.stringify(value)}`);
  return value;
}

export function arr(value: JsonValue | undefined): JsonValue[] {
  if (!Array.isArray(value)) throw new Error(`expected a JSON array, got ${JSON.stringify(value)}`);
  return value;
}
