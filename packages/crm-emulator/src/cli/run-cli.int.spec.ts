import { describe, expect, it } from '@jest/globals';
import { TOKEN_PATTERN } from '../core/formats.js';
import { call } from '../test-support/http.js';
import { runCli, type CliIo } from './run-cli.js';

function capture(): CliIo & { text(): string; errors(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), text: () => out.join('\n'), errors: () => err.join('\n') };
}

describe('runCli', () => {
  it('starts the emulator and prints where it is, without secrets by default', async () => {
    const io = capture();
    const result = await runCli(['--port', '0', '--leads', '5', '--strict-layout'], io);
    try {
      expect(result.exitCode).toBeUndefined();
      const emu = result.emulator;
      if (!emu) throw new Error('no emulator');
      expect(io.text()).toContain(`Zoho emulator listening on ${emu.url}`);
      expect(io.text()).toContain(`inspector:     ${emu.url}/__emulator/ui`);
      expect(io.text()).toContain(emu.state.defaultClient.clientId);
      expect(io.text()).toContain('strict layout: Leads: Last_Name, Company, Lead_Status');
      expect(io.text()).not.toContain(emu.state.defaultClient.clientSecret);
      expect(io.text()).not.toMatch(TOKEN_PATTERN);
      expect((await call(`${emu.url}/__emulator/health`)).status).toBe(200);
    } finally {
      await result.emulator?.stop();
    }
  });

  it('--print-credentials prints the secret and a working refresh token', async () => {
    const io = capture();
    const result = await runCli(['--port', '0', '--leads', '0', '--print-credentials'], io);
    try {
      const emu = result.emulator;
      if (!emu) throw new Error('no emulator');
      expect(io.text()).toContain(emu.state.defaultClient.clientSecret);
      const refresh = /refresh token: (\S+)/.exec(io.text())?.[1] ?? '';
      const { clientId, clientSecret } = emu.state.defaultClient;
      const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: clientId, client_secret: clientSecret, refresh_token: refresh }) });
      expect(await res.json()).toHaveProperty('access_token');
    } finally {
      await result.emulator?.stop();
    }
  });

  it('--help, --version, -q and errors', async () => {
    const help = capture();
    expect((await runCli(['--help'], help)).exitCode).toBe(0);
    expect(help.text()).toMatch(/Usage: zcrmkit-emulator/);
    const version = capture();
    expect((await runCli(['--version'], version)).exitCode).toBe(0);
    expect(version.text()).toMatch(/^\d+\.\d+\.\d+/);
    const quiet = capture();
    const q = await runCli(['--port', '0', '-q', '--leads', '0'], quiet);
    await q.emulator?.stop();
    expect(quiet.text()).toBe('');
    const bad = capture();
    expect((await runCli(['--port', 'nope'], bad)).exitCode).toBe(2);
    expect(bad.errors()).toMatch(/--port/);
    const missing = capture();
    expect((await runCli(['--port', '0', '--seed-file', '/nonexistent/seed.json'], missing)).exitCode).toBe(1);
    expect(missing.errors()).toMatch(/seed file/);
  });
});
