import { mkdtempSync, writeFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { EmulatorOptionsError, startEmulator } from './index.js';
import { call, obj } from './test-support/http.js';

describe('startEmulator / stop', () => {
  // How fast it starts is measured by `npm run bench`, not here.
  it('starts with the default data, on 127.0.0.1 and a free port', async () => {
    const emu = await startEmulator();
    try {
      expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(emu.tokenUrl).toBe(`${emu.url}/oauth/v2/token`);
      expect(emu.state.listRecords('Leads')).toHaveLength(300);
    } finally {
      await emu.stop();
    }
  });

  it('stop() closes idle keep-alive sockets and stalled requests at once; it is idempotent', async () => {
    const emu = await startEmulator({ leadCount: 1, faults: [{ kind: 'stall', route: 'GET /crm/v8/org' }] });
    const agent = new Agent({ keepAlive: true });
    // An idle keep-alive socket: its answer has ended, the socket stays open in the agent.
    const socketClosed = await new Promise<Promise<void>>((resolve, reject) => {
      const req = httpRequest(`${emu.url}/__emulator/health`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(new Promise<void>((closed) => req.socket?.once('close', () => closed()))));
      });
      req.on('error', reject);
      req.end();
    });
    const stalled = fetch(`${emu.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${emu.state.issueAccessToken()}` } }).then(
      () => 'answered',
      () => 'dropped',
    );
    // Wait (by state, not by a sleep) until the stall is holding the request inside the server.
    while (emu.state.counters().faults < 1) await new Promise((r) => setTimeout(r, 10));
    // The stall never ends by itself and the idle socket would live for the server's 5 s
    // keep-alive timeout: stop() must wait for neither. Quiet, it takes a few ms; the 4 s bound
    // (hundreds of times that) only trips if stop() waited for the keep-alive timeout or hung.
    const stopped = Promise.all([emu.stop(), emu.stop()]).then(() => socketClosed);
    let timer: NodeJS.Timeout | undefined;
    const waitedTooLong = new Promise<'waited for the keep-alive timeout'>((resolve) => (timer = setTimeout(() => resolve('waited for the keep-alive timeout'), 4_000)));
    expect(await Promise.race([stopped.then(() => 'closed at once' as const), waitedTooLong])).toBe('closed at once');
    clearTimeout(timer);
    expect(await stalled).toBe('dropped');
    agent.destroy();
    await expect(fetch(emu.url)).rejects.toThrow();
  });

  it('derives credentials from the seed; clients can be given', async () => {
    const a = await startEmulator({ seed: 1, leadCount: 0 });
    const b = await startEmulator({ seed: 1, leadCount: 0 });
    const c = await startEmulator({ seed: 2, leadCount: 0, clients: [{ clientId: '1000.GIVEN', clientSecret: 'givensecret1' }] });
    try {
      expect(a.state.defaultClient).toEqual(b.state.defaultClient);
      expect(c.state.defaultClient).toEqual({ clientId: '1000.GIVEN', clientSecret: 'givensecret1' });
    } finally {
      await Promise.all([a.stop(), b.stop(), c.stop()]);
    }
  });

  it('loads a seed file; options.records win per module', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-emu-seed-'));
    const file = path.join(dir, 'seed.json');
    writeFileSync(
      file,
      JSON.stringify({ records: { Accounts: [{ id: '6051205000000700001', Account_Name: 'From File' }], Leads: [{ Last_Name: 'FileLead', Account_Lookup: { id: '6051205000000700001' } }] } }),
    );
    const emu = await startEmulator({ seedFile: file, records: { Contacts: [{ Last_Name: 'OptContact' }] } });
    try {
      expect(emu.state.listRecords('Leads').map((r) => r['Last_Name'])).toEqual(['FileLead']);
      expect(emu.state.listRecords('Leads')[0]?.['Account_Lookup']).toEqual({ name: 'From File', id: '6051205000000700001' });
      expect(emu.state.listRecords('Contacts').map((r) => r['Last_Name'])).toEqual(['OptContact']);
      emu.state.seedRecords('Leads', [{ Last_Name: 'Later' }]);
      emu.state.reset();
      expect(emu.state.listRecords('Leads').map((r) => r['Last_Name'])).toEqual(['FileLead']);
    } finally {
      await emu.stop();
    }
    writeFileSync(file, '{"Leads": 3}');
    await expect(startEmulator({ seedFile: file })).rejects.toThrow(EmulatorOptionsError);
    await expect(startEmulator({ seedFile: path.join(dir, 'missing.json') })).rejects.toThrow(/seed file/);
  });

  it('rejects bad options and a port in use', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow(EmulatorOptionsError);
    await expect(startEmulator({ concurrencyCap: 0 })).rejects.toThrow(/concurrencyCap/);
    await expect(startEmulator({ edition: 'platinum' as never })).rejects.toThrow(/edition must be one of free, standard, professional, enterprise, ultimate/);
    await expect(startEmulator({ latencyMs: -5 })).rejects.toThrow(/latencyMs/);
    await expect(startEmulator({ strictLayout: { Leads: ['Nope'] } })).rejects.toThrow(/no field Nope/);
    await expect(startEmulator({ faults: [{ kind: 'reset', rate: 3 }] })).rejects.toThrow(/rate/);
    const emu = await startEmulator({ leadCount: 0 });
    try {
      const port = Number(new URL(emu.url).port);
      await expect(startEmulator({ port, leadCount: 0 })).rejects.toThrow(/cannot listen/);
    } finally {
      await emu.stop();
    }
  });

  it('answers JSON everywhere, even for paths that are not Zoho', async () => {
    const emu = await startEmulator({ leadCount: 0 });
    try {
      const res = await call(`${emu.url}/`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(obj(res.body)['code']).toBe('INVALID_URL_PATTERN');
    } finally {
      await emu.stop();
    }
  });
});
