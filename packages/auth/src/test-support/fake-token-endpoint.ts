import { randomBytes } from 'node:crypto';

// A fake transport for the token endpoint: records each request's form and answers like Zoho.

export interface RecordedRequest {
  url: string;
  method: string;
  contentType: string | null;
  form: URLSearchParams;
  hasSignal: boolean;
}

export type Answer = { status?: number; body: unknown } | (() => Promise<Response>);

export function zohoLikeToken(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

export interface FakeTokenEndpoint {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Answers for the next requests, in order; afterwards a fresh token every time. */
  queue: Answer[];
  /** Access tokens handed out, in order. */
  issued: string[];
  ttlSeconds: number;
  /** Resolves the pending answers when set: lets a test hold refreshes in flight. */
  gate: Promise<void> | undefined;
}

export function fakeTokenEndpoint(ttlSeconds = 3600): FakeTokenEndpoint {
  const endpoint: FakeTokenEndpoint = {
    requests: [],
    queue: [],
    issued: [],
    ttlSeconds,
    gate: undefined,
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      endpoint.requests.push({
        url: String(input),
        method: init?.method ?? 'GET',
        contentType: headers.get('content-type'),
        form: new URLSearchParams(String(init?.body ?? '')),
        hasSignal: init?.signal instanceof AbortSignal,
      });
      if (endpoint.gate) await endpoint.gate;
      const next = endpoint.queue.shift();
      if (typeof next === 'function') return next();
      if (next) return Response.json(next.body, { status: next.status ?? 200 });
      const accessToken = zohoLikeToken();
      endpoint.issued.push(accessToken);
      return Response.json({ access_token: accessToken, api_domain: 'https://www.zohoapis.com', token_type: 'Bearer', expires_in: endpoint.ttlSeconds });
    },
  };
  return endpoint;
}
