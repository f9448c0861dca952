import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP proxy in front of the emulator for the secrets suite. Most requests pass through
// untouched; a scripted one gets an error answer that echoes back the secrets the request carried
// (its Authorization header, the client secret, refresh token or grant code in its form) — what a
// gateway's error page or a verbose upstream error does. The real SDK and auth's token client talk
// to it over real HTTP, so what they then log and throw is what they would with such an upstream.

export interface EchoedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The form fields of a token request (empty for other requests). */
  form: Record<string, string>;
  /** Every secret-looking value the request carried: the Authorization token, form secrets. */
  secrets: string[];
}

export interface EchoAnswer {
  status: number;
  contentType?: string;
  body: string;
}

export interface EchoRule {
  /** e.g. `GET /crm/v8/Leads` (path without the query) or `POST /oauth/v2/token`. */
  route: string;
  /** How many matching requests it answers; then it passes them through again. */
  times: number;
  answer(request: EchoedRequest): EchoAnswer;
}

export interface EchoProxy {
  url: string;
  /** Replaces the rules. */
  script(rules: EchoRule[]): void;
  /** The requests a rule answered, with the secrets their answers could echo. */
  readonly echoed: EchoedRequest[];
  /** The requests passed through to the target, with their headers (secrets included: never print them). */
  readonly forwarded: Array<{ method: string; path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

const FORM_SECRETS = ['client_secret', 'refresh_token', 'code', 'access_token'];

export async function startEchoProxy(target: string): Promise<EchoProxy> {
  let rules: EchoRule[] = [];
  const echoed: EchoedRequest[] = [];
  const forwarded: EchoProxy['forwarded'] = [];
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const rule = rules.find((r) => r.times > 0 && r.route === `${method} ${path}`);
      if (rule) {
        rule.times--;
        const text = body.toString('utf8');
        const form = (req.headers['content-type'] ?? '').includes('urlencoded') ? Object.fromEntries(new URLSearchParams(text)) : {};
        const auth = /^Zoho-oauthtoken\s+(\S+)/i.exec(String(req.headers['authorization'] ?? ''))?.[1];
        const secrets = [...(auth ? [auth] : []), ...FORM_SECRETS.map((k) => form[k]).filter((v): v is string => typeof v === 'string' && v !== '')];
        const seen: EchoedRequest = { method, path, headers: req.headers, form, secrets };
        echoed.push(seen);
        const answer = rule.answer(seen);
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' });
        res.end(answer.body);
        return;
      }
      forwarded.push({ method, path, headers: req.headers });
      const forward = httpRequest(
        { host: upstream.hostname, port: upstream.port, method, path: req.url, headers: { ...req.headers, host: upstream.host } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      forward.on('error', () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    script: (next) => (rules = next.map((r) => ({ ...r }))),
    echoed,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
