// The admin API of an emulator bound to every interface, reached the way another machine reaches
// it: through this machine's own non-loopback address, so the server sees a non-loopback TCP peer.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { inspect } from 'node:util';
import { startEmulator, type RunningEmulator } from '../index.js';

/** This machine's first non-internal IPv4 address (IPv6 link-local ones need a scope id). */
function externalAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) if (!entry.internal && entry.family === 'IPv4') return entry.address;
  }
  return undefined;
}

interface Answer {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A raw request: fetch would not let a test forge the Host header. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {}, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const address = externalAddress();
const describeRemote = address === undefined ? describe.skip : describe;
if (address === undefined) console.warn('remote admin API: skipped — this machine has no non-loopback IPv4 address to connect through');

/** Every admin route, the inspector's routes and its page and files, and a route that does not exist. */
const ROUTES: readonly [string, string, string?][] = [
  ['GET', '/__emulator'],
  ['GET', '/__emulator/health'],
  ['GET', '/__emulator/credentials'],
  ['GET', '/__emulator/counters'],
  ['GET', '/__emulator/requests'],
  ['GET', '/__emulator/config'],
  ['GET', '/__emulator/records/Leads'],
  ['GET', '/__emulator/records/Leads/LEAD'],
  ['GET', '/__emulator/automation-runs?module=Leads'],
  ['GET', '/__emulator/ui'],
  ['GET', '/__emulator/ui/'],
  ['GET', '/__emulator/ui/inspector.js'],
  ['GET', '/__emulator/ui/inspector.css'],
  ['GET', '/__emulator/inspector/overview'],
  ['GET', '/__emulator/inspector/tokens'],
  ['GET', '/__emulator/inspector/requests'],
  ['GET', '/__emulator/inspector/records/Leads'],
  ['GET', '/__emulator/no-such-route'],
  ['POST', '/__emulator/grant-codes', '{}'],
  ['POST', '/__emulator/refresh-tokens', '{}'],
  ['POST', '/__emulator/access-tokens', '{}'],
  ['POST', '/__emulator/clients', '{"clientId":"1000.INTRUDER","clientSecret":"intrudersecret"}'],
  ['POST', '/__emulator/tokens/expire', '{}'],
  ['POST', '/__emulator/tokens/revoke', '{"token":"TOKEN"}'],
  ['POST', '/__emulator/records/Leads', '{"records":[{"Last_Name":"Intruder"}],"replace":true}'],
  ['POST', '/__emulator/counters/reset', '{}'],
  ['POST', '/__emulator/reset', '{}'],
  ['PUT', '/__emulator/strict-layout', '{"module":"Leads","fields":true}'],
  ['PUT', '/__emulator/layout-required', '{"module":"Leads","fields":["Email"]}'],
  ['PUT', '/__emulator/faults', '{"rules":[{"kind":"reset"}]}'],
  ['PUT', '/__emulator/latency', '{"fixedMs":1000}'],
  ['PUT', '/__emulator/concurrency-cap', '{"cap":1}'],
  ['DELETE', '/__emulator/faults'],
  ['DELETE', '/__emulator/requests'],
  ['DELETE', '/__emulator/automation-runs'],
];

describeRemote('the admin API from another machine (bound to 0.0.0.0, allowRemote)', () => {
  let emu: RunningEmulator;
  let token: string;
  let remote: string;

  beforeAll(async () => {
    emu = await startEmulator({ host: '0.0.0.0', allowRemote: true, leadCount: 5, warn: () => undefined });
    token = emu.adminToken as string;
    remote = `http://${address}:${new URL(emu.url).port}`;
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it('generates a 32-byte admin token and keeps it out of what the emulator object prints', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(inspect(emu, { depth: 8 })).not.toContain(token);
    expect(JSON.stringify({ ...emu, stop: undefined })).not.toContain(token);
  });

  it('credentials: 401 without the token, 200 with it; 200 from 127.0.0.1 without it', async () => {
    const { clientSecret } = emu.state.defaultClient;
    const refused = await raw(`${remote}/__emulator/credentials`);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toEqual({ error: expect.stringMatching(/Authorization: Bearer <token>.*--admin-token/) });
    expect(refused.headers['www-authenticate']).toMatch(/^Bearer /);
    expect(refused.text).not.toContain(clientSecret);

    const allowed = await raw(`${remote}/__emulator/credentials`, { headers: { authorization: `Bearer ${token}` } });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text)).toMatchObject({ clientSecret });

    const local = await raw(`http://127.0.0.1:${new URL(emu.url).port}/__emulator/credentials`);
    expect(local.status).toBe(200);
    expect(JSON.parse(local.text)).toMatchObject({ clientSecret });
  });

  it('a wrong token is refused, and the answer repeats neither it nor the real one', async () => {
    const wrong = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    for (const shown of [wrong, token.slice(0, 32), `${token}x`, 'x']) {
      const res = await raw(`${remote}/__emulator/credentials`, { headers: { authorization: `Bearer ${shown}` } });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text)['error']).toMatch(/does not match/);
      expect(res.text).not.toContain(shown);
      expect(res.text).not.toContain(token);
      expect(res.text).not.toContain(emu.state.defaultClient.clientSecret);
    }
  });

  it('a forged loopback Host header does not stand in for the token', async () => {
    for (const host of ['127.0.0.1', `localhost:${new URL(emu.url).port}`, '[::1]']) {
      const res = await raw(`${remote}/__emulator/credentials`, { headers: { host } });
      expect(res.status).toBe(401);
      expect(res.text).not.toContain(emu.state.defaultClient.clientSecret);
    }
  });

  it('refuses every /__emulator/ path without the token, and none of them changes anything', async () => {
    const lead = emu.state.listRecords('Leads')[0]!.id;
    const accessToken = emu.state.issueAccessToken();
    const before = { config: emu.state.config(), leads: emu.state.listRecords('Leads'), counters: emu.state.counters() };
    for (const [method, path, body] of ROUTES) {
      const url = `${remote}${path.replace('LEAD', lead)}`;
      const headers: Record<string, string> = method === 'GET' ? {} : { 'content-type': 'application/json' };
      const res = await raw(url, { method, headers, ...(body !== undefined ? { body: body.replace('TOKEN', accessToken) } : {}) });
      expect([method, path, res.status]).toEqual([method, path, 401]);
      expect(res.text).not.toContain(emu.state.defaultClient.clientSecret);
    }
    expect({ config: emu.state.config(), leads: emu.state.listRecords('Leads'), counters: emu.state.counters() }).toEqual(before);
    // The access token named in the revoke attempt still works.
    expect((await raw(`${emu.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${accessToken}` } })).status).toBe(200);
    // The client the intruder tried to register does not exist.
    expect(() => emu.state.mintGrantCode({ clientId: '1000.INTRUDER' })).toThrow(/unknown OAuth client/);
  });

  it('with the token, every route answers as it does locally', async () => {
    const lead = emu.state.listRecords('Leads')[0]!.id;
    for (const [, path] of ROUTES.filter(([m]) => m === 'GET')) {
      const url = path.replace('LEAD', lead);
      const local = await raw(`${emu.url}${url}`);
      const res = await raw(`${remote}${url}`, { headers: { authorization: `Bearer ${token}` } });
      expect([path, res.status]).toEqual([path, local.status]);
    }
    const minted = await raw(`${remote}/__emulator/grant-codes`, { method: 'POST', headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' }, body: '{}' });
    expect(minted.status).toBe(200);
    expect(JSON.parse(minted.text)).toHaveProperty('code');
  });

  it('the inspector page opens with ?admin_token= and hands the token to its own files; only the page takes it in the URL', async () => {
    const query = `?admin_token=${token}`;
    const page = await raw(`${remote}/__emulator/ui${query}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`src="/__emulator/ui/inspector.js${query}"`);
    expect(page.text).toContain(`href="/__emulator/ui/inspector.css${query}"`);
    expect((await raw(`${remote}/__emulator/ui/inspector.js${query}`)).status).toBe(200);
    expect((await raw(`${remote}/__emulator/ui/inspector.css${query}`)).status).toBe(200);
    expect((await raw(`${remote}/__emulator/ui?admin_token=${'0'.repeat(64)}`)).status).toBe(401);
    // The page's data and every admin route want the header.
    expect((await raw(`${remote}/__emulator/inspector/overview${query}`)).status).toBe(401);
    expect((await raw(`${remote}/__emulator/credentials${query}`)).status).toBe(401);
    // A page opened without the token (or locally) does not carry one.
    const local = await raw(`${emu.url}/__emulator/ui`);
    expect(local.text).toContain('src="/__emulator/ui/inspector.js"');
    expect(local.text).not.toContain('admin_token');
  });
});

describe('admin token options', () => {
  it('takes a given token, also on loopback; none is generated on loopback', async () => {
    const given = 'my-own-admin-token-0123456789';
    const a = await startEmulator({ leadCount: 0, adminToken: given });
    const b = await startEmulator({ leadCount: 0 });
    const c = await startEmulator({ leadCount: 0, host: '0.0.0.0', allowRemote: true, adminApi: false, warn: () => undefined });
    try {
      expect(a.adminToken).toBe(given);
      expect(b.adminToken).toBeUndefined();
      // No admin API, nothing to guard.
      expect(c.adminToken).toBeUndefined();
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('two emulators bound beyond loopback get different tokens', async () => {
    const a = await startEmulator({ leadCount: 0, host: '0.0.0.0', allowRemote: true, warn: () => undefined });
    const b = await startEmulator({ leadCount: 0, host: '0.0.0.0', allowRemote: true, warn: () => undefined });
    try {
      expect(a.adminToken).not.toBe(b.adminToken);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it.each(['short', 'has a space in it here', 'plus+signs+are+not+allowed', 'ümlaut-ümlaut-ümlaut'])('refuses adminToken %j without repeating it', async (bad) => {
    const error = await startEmulator({ leadCount: 0, adminToken: bad }).then(
      (emu) => emu.stop(),
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/adminToken must be 16 to 512 characters/);
    expect((error as Error).message).not.toContain(bad);
  });
});
