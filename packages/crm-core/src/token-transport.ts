import type { ClientRequest, IncomingMessage, RequestOptions } from 'node:http';
import { publishTokenRequest } from './token-events.js';
import { invalidOption } from './zoho-api-error.js';

// @zcrmkit/auth sends its token requests through `fetch` (its `fetch` option, default the global
// one). The global fetch is undici, which Node loads on first use: ~30–60 ms before the first byte
// goes out — on every cold start, right on the path to the first record read, since the SDK cannot
// initialise without the token. node:http(s) is loaded by the SDK's HTTP client anyway, so crm-core
// hands auth this small fetch on top of it. It implements what auth's token client uses and no
// more: POST with headers and a string body, no redirect following (auth asks for 'manual' and
// refuses a 3xx), an abort signal that cuts the request (auth's deadline), `status` and `text()`.
// Failures look like fetch's to auth: an AbortError when the signal fired, else an error carrying
// the system code (ECONNREFUSED, ECONNRESET …).

type HeadersInput = RequestInit['headers'];

function plainHeaders(headers: HeadersInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (const [k, v] of headers) if (k !== undefined && v !== undefined) out[k.toLowerCase()] = String(v);
  } else if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((v, k) => (out[k.toLowerCase()] = v));
  } else {
    for (const [k, v] of Object.entries(headers as Record<string, string>)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  }
  return out;
}

function bodyText(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw invalidOption('tokenFetch', '[@zcrmkit/crm-core] token transport: only string, Uint8Array or URLSearchParams bodies are supported');
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

function cutOff(): Error {
  return Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' });
}

/** A minimal fetch over node:http(s) for @zcrmkit/auth's token requests. */
export const tokenFetch = async function tokenFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (typeof input !== 'string' && !(input instanceof URL)) throw invalidOption('tokenFetch', '[@zcrmkit/crm-core] token transport: the URL must be a string or a URL');
  const url = new URL(String(input));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidOption('tokenFetch', `[@zcrmkit/crm-core] token transport: unsupported protocol ${url.protocol}`);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const body = bodyText(init.body);
  const headers = plainHeaders(init.headers);
  if (body !== undefined) headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  // A token request every hour or so needs no pooled connection; none is left open either.
  const options: RequestOptions = { method: (init.method ?? 'GET').toUpperCase(), headers, agent: false };

  const started = Date.now();
  return new Promise<Response>((resolve, reject) => {
    let done = false;
    const finish = (error: Error | undefined, value?: Response) => {
      if (done) return;
      done = true;
      publishTokenRequest({ status: value?.status, durationMs: Date.now() - started, error: error ? String((error as NodeJS.ErrnoException).code ?? error.name) : undefined });
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else resolve(value as Response);
    };
    const request: ClientRequest = transport.request(url, options, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', (error: Error) => finish(signal?.aborted ? abortError(signal) : error));
      response.on('close', () => {
        if (!response.complete) return finish(signal?.aborted ? abortError(signal) : cutOff());
        const status = response.statusCode ?? 0;
        const text = Buffer.concat(chunks).toString('utf8');
        finish(undefined, {
          status,
          statusText: response.statusMessage ?? '',
          ok: status >= 200 && status < 300,
          url: url.href,
          redirected: false,
          text: () => Promise.resolve(text),
          json: () => Promise.resolve().then(() => JSON.parse(text) as unknown),
        } as unknown as Response);
      });
    });
    function onAbort(): void {
      const error = abortError(signal as AbortSignal);
      request.destroy(error);
      finish(error);
    }
    request.on('error', (error: Error) => finish(signal?.aborted ? abortError(signal) : error));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    request.end(body);
  });
} as typeof fetch;
