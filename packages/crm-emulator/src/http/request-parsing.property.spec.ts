// Property-based: 10,000 generated requests through the emulator's request parsing (routes, form
// and multipart bodies, the admin guard, the request log's redaction). Nothing throws, a secret
// query value never reaches the log, and the work grows linearly with the input.
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { guardAdminRequest } from '../admin/admin-guard.js';
import { redactPath } from '../observe/redact.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { parseFormBody } from './request-body.js';
import { resolveRoute } from './routes.js';

const RUNS = 10_000;
const hex = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 });
const secret = hex.map((h) => `1000.${h}.${h.split('').reverse().join('')}`);
const segment = fc.oneof(fc.string({ unit: 'binary', maxLength: 10 }), fc.constantFrom('crm', 'v8', 'Leads', 'settings', 'fields', '6051205000000000001', 'oauth', 'token', '__emulator', '', '%2F', '..'));
const pathname = fc.array(segment, { maxLength: 6 }).map((s) => `/${s.join('/')}`);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS');
const secretName = fc.constantFrom('code', 'CODE', 'c%6Fde', 'refresh_token', 'refresh%5Ftoken', 'client_secret', 'Client_Secret', 'access_token', 'token', 'password', 'grant_token');
const pair = fc.oneof(
  fc.tuple(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

describe('emulator request parsing over 10,000 generated requests', () => {
  it('routes, form bodies, multipart and the admin guard never throw', () => {
    fc.assert(
      fc.property(method, pathname, fc.uint8Array({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }), (m, p, body, type, host) => {
        const route = resolveRoute(m, p, (name) => (name.toLowerCase() === 'leads' ? 'Leads' : undefined));
        if (typeof route.key !== 'string') throw new Error('no route key');
        const buffer = Buffer.from(body);
        parseFormBody(buffer, type);
        parseFormBody(buffer, `multipart/form-data; boundary=${type}`);
        const boundary = boundaryOf(type);
        if (boundary) parseMultipart(buffer, boundary);
        const refusal = guardAdminRequest(m, { host, 'content-type': type }, { configuredHost: '127.0.0.1' });
        if (refusal && refusal.status !== 403 && refusal.status !== 415) throw new Error(`guard answered ${refusal.status}`);
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });

  it('a secret query value never reaches the request log', () => {
    fc.assert(
      fc.property(pathname, fc.array(pair, { maxLength: 5 }), secretName, secret, fc.nat(5), (p, pairs, name, value, at) => {
        const all = [...pairs];
        all.splice(Math.min(at, all.length), 0, `${name}=${value}`);
        const logged = redactPath(`${p}?${all.join('&')}`);
        if (logged.includes(value)) throw new Error(`${name} leaked into ${logged}`);
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });
});

/** Minimum of interleaved rounds, so machine load slows both sizes alike; no absolute limit. */
function growth(small: () => void, large: () => void, rounds = 5): number {
  const time = (f: () => void) => {
    const start = performance.now();
    f();
    return performance.now() - start;
  };
  let a = Infinity;
  let b = Infinity;
  small();
  for (let r = 0; r < rounds; r++) {
    a = Math.min(a, time(small));
    b = Math.min(b, time(large));
  }
  return b / Math.max(a, 1e-3);
}

const repeat = (n: number, fn: () => unknown) => () => {
  for (let i = 0; i < n; i++) fn();
};

describe('emulator request parsing stays linear', () => {
  // 16× the input, kept small enough that garbage collection of big buffers does not dominate;
  // each side repeated so it takes measurable time. Linear ≈ 16×, quadratic ≈ 256×.
  const multipart = (n: number) => Buffer.from(`${'--b\r\ncontent-disposition: form-data; name="x"\r\n\r\nvalue\r\n'.repeat(n)}--b--\r\n`);
  const query = (n: number) => `/crm/v8/Leads?${'a=1&code=1000.x&'.repeat(n)}`;
  const form = (n: number) => Buffer.from('a=1&b=2&'.repeat(n));
  it.each([
    ['multipart fields', repeat(20, () => parseMultipart(multipart(100), 'b')), repeat(20, () => parseMultipart(multipart(1_600), 'b'))],
    ['query redaction', repeat(20, () => redactPath(query(100))), repeat(20, () => redactPath(query(1_600)))],
    ['urlencoded form', repeat(20, () => parseFormBody(form(100), undefined)), repeat(20, () => parseFormBody(form(1_600), undefined))],
  ])('%s: 16× the input costs well under 16²×', (_what, small, large) => {
    expect(growth(small, large, 9)).toBeLessThan(128);
  });
});
