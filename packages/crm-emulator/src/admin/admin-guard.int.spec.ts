import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import { startEmulator, type RunningEmulator } from '../index.js';
import { EmulatorOptionsError } from '../options.js';
import { UNKNOWN_ROUTE_KEY } from '../observe/counters.js';
import { listeningLine, runCli } from '../cli/run-cli.js';
import { remoteBindWarning } from '../start-emulator.js';
import { isLoopbackHost } from './admin-guard.js';

/** A raw request with any Host header (fetch will not let a caller set Host). */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('admin API guard', () => {
  let emu: RunningEmulator;
  let port: string;

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 3 });
    port = new URL(emu.url).port;
  });
  afterAll(() => emu.stop());

  it('refuses a foreign Host header (DNS rebinding): the client secret is not handed out', async () => {
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example`, `[::2]:${port}`]) {
      const res = await raw(`${emu.url}/__emulator/credentials`, { headers: { host } });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain(emu.state.defaultClient.clientSecret);
    }
  });

  it.each([`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, 'LOCALHOST'])('answers Host %s', async (host) => {
    const res = await raw(`${emu.url}/__emulator/credentials`, { headers: { host: host.replace('PORT', port) } });
    expect(res.status).toBe(200);
  });

  it('refuses text/plain (cross-site simple) writes and leaves the state alone', async () => {
    const before = emu.state.listRecords('Leads').length;
    const grantCodes = emu.state.counters();
    for (const [path, body] of [
      ['/records/Leads', JSON.stringify({ records: [{ Last_Name: 'x', Company: 'y' }] })],
      ['/grant-codes', '{}'],
      ['/access-tokens', '{}'],
      ['/reset', ''],
    ] as const) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
        const res = await raw(`${emu.url}/__emulator${path}`, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
        expect(res.status).toBe(415);
        expect(res.text).not.toMatch(/"code"|"accessToken"/);
      }
    }
    expect(emu.state.listRecords('Leads')).toHaveLength(before);
    expect(emu.state.counters()).toEqual(grantCodes);
  });

  it('takes a JSON write, with or without a body', async () => {
    const seeded = await raw(`${emu.url}/__emulator/records/Leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ records: [{ Last_Name: 'x', Company: 'y' }] }),
    });
    expect(seeded.status).toBe(200);
    expect((await raw(`${emu.url}/__emulator/counters/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } })).status).toBe(200);
  });

  it('refuses requests from pages of other sites, even as JSON', async () => {
    const res = await raw(`${emu.url}/__emulator/credentials`, { headers: { origin: 'https://evil.example' } });
    expect(res.status).toBe(403);
    const write = await raw(`${emu.url}/__emulator/reset`, { method: 'POST', headers: { origin: 'null', 'content-type': 'application/json' } });
    expect(write.status).toBe(403);
    expect((await raw(`${emu.url}/__emulator/health`, { headers: { origin: emu.url } })).status).toBe(200);
  });

  it('counts 500 unknown paths in one bucket: the counters stay small', async () => {
    emu.state.resetCounters();
    for (let i = 0; i < 250; i++) {
      await raw(`${emu.url}/nope/${i}-${'x'.repeat(50)}`, {});
      await raw(`${emu.url}/crm/v8/NoSuchModule${i}`, {});
    }
    const counters = emu.state.counters();
    expect(counters.routes[UNKNOWN_ROUTE_KEY]).toBe(500);
    expect(Object.keys(counters.routes)).toEqual([UNKNOWN_ROUTE_KEY]);
    expect(JSON.stringify(counters).length).toBeLessThan(1000);
    expect(counters.total).toBe(500);
  });
});

describe('binding', () => {
  it.each(['0.0.0.0', '::', '192.0.2.1'])('refuses host %s without allowRemote, before listening', async (host) => {
    await expect(startEmulator({ host })).rejects.toThrow(EmulatorOptionsError);
    await expect(startEmulator({ host })).rejects.toThrow(/not a loopback address.*--allow-remote/);
  });

  it('the CLI refuses --host 0.0.0.0 without --allow-remote (exit 1, nothing bound)', async () => {
    const err: string[] = [];
    const result = await runCli(['--port', '0', '--host', '0.0.0.0', '--quiet'], { out: () => undefined, err: (l) => err.push(l) });
    expect(result.exitCode).toBe(1);
    expect(result.emulator).toBeUndefined();
    expect(err.join('\n')).toMatch(/not a loopback address/);
  });

  it('warns with the real address when bound beyond loopback, and the banner shows it', () => {
    expect(remoteBindWarning('0.0.0.0', '0.0.0.0:4010')).toMatch(/listening on 0\.0\.0\.0:4010 \(every network interface\)/);
    expect(remoteBindWarning('127.0.0.1', '127.0.0.1:4010')).toBeUndefined();
    expect(listeningLine('0.0.0.0:4010', 'http://127.0.0.1:4010')).toBe('Zoho emulator listening on http://0.0.0.0:4010 (connect to http://127.0.0.1:4010)');
    expect(listeningLine('127.0.0.1:4010', 'http://127.0.0.1:4010')).toBe('Zoho emulator listening on http://127.0.0.1:4010');
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['::ffff:127.0.0.1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['127.0.0.1.evil.example', false],
    ['10.0.0.1', false],
  ])('isLoopbackHost(%s) is %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
