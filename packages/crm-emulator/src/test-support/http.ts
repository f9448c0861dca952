import { request as httpRequest } from 'node:http';
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

/**
 * A raw HTTP call to the emulator (no SDK): JSON bodies are sent without Content-Type, as the SDK
 * does. One connection per call (no keep-alive pool): a pooled socket that the server closes as
 * idle just as it is reused gives ECONNRESET, a race a loaded machine makes likely.
 */
export async function call(url: string, options: CallOptions = {}): Promise<HttpResult> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token !== undefined) headers['authorization'] = `Zoho-oauthtoken ${options.token}`;
  const body = options.body === undefined ? undefined : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
  if (body !== undefined) headers['content-length'] = String(body.length);
  const { status, rawHeaders, text } = await new Promise<{ status: number; rawHeaders: string[]; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
  const responseHeaders = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) responseHeaders.append(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  return { status, headers: responseHeaders, text, body: text === '' ? undefined : (JSON.parse(text) as JsonValue) };
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
