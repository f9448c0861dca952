import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Writable } from 'node:stream';
import { TokenClient } from '@zcrmkit/auth';
import { createZohoClient } from './client.js';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';

// A full run at the most verbose level, then a grep of the log and of everything under data/
// (the token store aside) for every secret value — whole and in part.

interface HostWinston {
  configure(options: Record<string, unknown>): void;
  info(message: string): void;
  level: string;
  transports: { Stream: new (options: { stream: Writable }) => unknown };
  default: unknown;
}

let env: EmulatorEnv<RunningEmulator>;
const secrets = new Set<string>();
const hostLines: string[] = [];
let host: HostWinston;
let hostTransport: unknown;

function storedAccessTokens(): string[] {
  const file = path.join(env.dataDir, 'tokens', 'token_store.txt');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').trim().split('\n').slice(1).map((row) => row.split(',')[5] ?? '').filter((t) => t !== '');
}

function rememberAccessTokens(): void {
  for (const token of storedAccessTokens()) secrets.add(token);
}

/** A secret and the parts of it that would still give it away. */
function partsOf(secret: string): string[] {
  const parts = new Set([secret, secret.slice(-32), secret.slice(0, Math.ceil(secret.length / 2)), secret.slice(Math.floor(secret.length / 2))]);
  for (const segment of secret.split('.')) if (segment.length >= 8) parts.add(segment);
  return [...parts].filter((p) => p.length >= 8);
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? [full, ...walk(full)] : [full];
  });
}

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 30 }));
  // The host application's own use of winston's default logger — the copy the SDK imports.
  const sdkMain = createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0');
  host = createRequire(sdkMain)('winston') as HostWinston;
  hostTransport = new host.transports.Stream({
    stream: new Writable({
      write(chunk: Buffer, _enc, done) {
        hostLines.push(chunk.toString());
        done();
      },
    }),
  });
  host.configure({ level: 'info', transports: [hostTransport] });
  host.info('host line before');
});

afterAll(async () => {
  await env?.close();
});

describe('secrets (against the emulator, at trace level)', () => {
  it('a full run leaves no secret in logs/sdk.log, nor in any file or file name under data/', async () => {
    const { clientId, clientSecret } = env.emu.state.defaultClient;
    // The refresh token comes from a real grant-code exchange, so the grant code is a secret to look for too.
    const grantCode = env.emu.state.mintGrantCode();
    const grant = await new TokenClient({ tokenUrl: env.emu.tokenUrl, clientId, clientSecret }).exchangeCode(grantCode);
    secrets.add(clientSecret).add(grant.refreshToken).add(grant.accessToken).add(grantCode);
    const ids = env.emu.state.listRecords('Leads').slice(0, 2).map((r) => String(r.id));

    // 1. findUser on: init, metadata, reads, writes, a forced refresh, a failing call, the check.
    const client = createZohoClient({ config: env.config({ logLevel: 'trace', refreshToken: grant.refreshToken }), requestTimeoutMs: 1000, retryBaseDelayMs: 10 });
    await client.init();
    rememberAccessTokens();
    await client.getFields('Leads');
    await client.getLayouts('Leads');
    await client.getRecords('Leads', ids, ['Last_Name', 'Lead_Status', 'Owner']);
    await client.updateRecords('Leads', [{ id: ids[0] as string, Lead_Status: 'Contacted' }]);
    env.emu.state.expireAccessTokens();
    await client.getRecords('Leads', ids, ['Last_Name']);
    rememberAccessTokens();
    env.emu.state.setFaults([{ kind: 'reset', route: 'GET /crm/v8/Leads' }]);
    await expect(client.getRecords('Leads', ids, ['Last_Name'])).rejects.toMatchObject({ code: 'NETWORK_ERROR' });
    env.emu.state.setFaults([{ kind: 'error-html', route: 'GET /crm/v8/Leads', status: 503 }]);
    await expect(client.getRecords('Leads', ids, ['Last_Name'])).rejects.toMatchObject({ code: 'BAD_RESPONSE' });
    env.emu.state.setFaults([]);
    await client.checkConnection();
    await client.close();

    // 2. findUser off, another refresh token: the SDK would name its resource file after its tail.
    const second = env.emu.state.issueRefreshToken();
    secrets.add(second);
    const anonymous = createZohoClient({ config: env.config({ logLevel: 'trace', refreshToken: second }), findUser: false });
    await anonymous.getRecords('Leads', ids, ['Last_Name']);
    rememberAccessTokens();
    await anonymous.close();

    expect(secrets.size).toBeGreaterThanOrEqual(7);
    const log = readFileSync(env.logFile, 'utf8');
    // The log is worth reading: both crm-core's lines and the SDK's, with request ids.
    expect(log).toMatch(/INFO +\[r[0-9a-z]+-[0-9a-z]+\] getRecords\(Leads\) ok/);
    expect(log).toMatch(/\[r[0-9a-z]+-[0-9a-z]+\] REQUEST-METHOD = GET/);
    expect(log).toContain('"source":"sdk"');
    expect(log).toContain('INVALID_TOKEN');

    const tokenStore = path.join(env.dataDir, 'tokens', 'token_store.txt');
    const files = walk(env.dataDir).filter((f) => f !== tokenStore && !f.startsWith(`${tokenStore}.`));
    const resourceFiles = files.filter((f) => f.endsWith('.json'));
    expect(resourceFiles.length).toBeGreaterThanOrEqual(2);
    const haystacks: [string, string][] = [['logs/sdk.log', log]];
    for (const file of files) {
      const name = path.relative(env.dataDir, file);
      const decodedName = Buffer.from(path.basename(file, '.json'), 'base64').toString('latin1');
      haystacks.push([`name of ${name}`, `${name}\n${decodedName}`]);
      if (statSync(file).isFile()) haystacks.push([name, readFileSync(file, 'utf8')]);
    }
    const leaks: string[] = [];
    for (const secret of secrets) {
      for (const part of partsOf(secret)) {
        for (const [where, text] of haystacks) if (text.includes(part)) leaks.push(`${where} contains part of a secret (${part.length} chars)`);
      }
    }
    expect(leaks).toEqual([]);
    // The check would see a leak: the store itself holds the refresh token.
    expect(readFileSync(tokenStore, 'utf8')).toContain(grant.refreshToken);
  });

  it("leaves the host application's winston default logger as it configured it", () => {
    host.info('host line after');
    expect(host.level).toBe('info');
    expect(hostLines.join('')).toContain('host line before');
    expect(hostLines.join('')).toContain('host line after');
    // None of the SDK's lines went to the host's logger, and the SDK's configure() changed nothing.
    expect(hostLines.join('')).not.toContain('REQUEST-METHOD');
    expect(hostLines.join('')).not.toContain('Initialization successful');
    expect(hostLines).toHaveLength(2);
    // It really is the SDK's copy of winston: crm-core's bridge is installed on it.
    expect((host as unknown as Record<symbol, unknown>)[Symbol.for('@zcrmkit/crm-core.sdk-log-bridge')]).toBe(true);
  });
});
