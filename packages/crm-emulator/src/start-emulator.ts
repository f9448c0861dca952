import type { AddressInfo } from 'node:net';
import { createEmulatorAdmin, type EmulatorAdmin } from './admin/emulator-admin.js';
import { EmulatorCore } from './emulator-core.js';
import { createEmulatorServer } from './http/server.js';
import { isLoopbackHost } from './admin/admin-guard.js';
import { resolveAdminToken } from './admin/admin-token.js';
import { EmulatorOptionsError, resolveOptions, type EmulatorOptions, type SeedRecordInput } from './options.js';
import { loadSeedFile } from './seed-file.js';

export interface RunningEmulator {
  /** Base URL, e.g. `http://127.0.0.1:54321`: the API URL and the accounts URL (and api_domain). */
  url: string;
  /** The address actually bound, e.g. `127.0.0.1:4010` or `0.0.0.0:4010` (every interface). */
  boundAddress: string;
  /** `url + /oauth/v2/token`: what the SDK's Environment takes as its accounts URL. */
  tokenUrl: string;
  state: EmulatorAdmin;
  /**
   * The secret requests to /__emulator/ from other machines must show (`Authorization: Bearer …`,
   * or `?admin_token=` when opening the inspector page): the `adminToken` option, or one generated
   * when the emulator listens beyond loopback; undefined otherwise (only this machine gets in).
   * Not enumerable, so logging the emulator object does not print it.
   */
  readonly adminToken: string | undefined;
  /** Closes the server and every open connection (keep-alive ones too). */
  stop(): Promise<void>;
}

function connectableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** The warning for a bound address other machines can reach; undefined for loopback. */
export function remoteBindWarning(address: string, boundAddress: string): string | undefined {
  if (isLoopbackHost(address)) return undefined;
  const every = address === '0.0.0.0' || address === '::' ? ' (every network interface)' : '';
  return `the Zoho emulator is listening on ${boundAddress}${every}, not only on this machine: anyone who can reach it can use its OAuth and CRM endpoints. Its admin API (/__emulator/) answers other machines only with the admin token.`;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const resolved = resolveOptions(options);
  const adminToken = resolveAdminToken(options.adminToken, resolved.host, resolved.adminApi);
  let records: Record<string, SeedRecordInput[]> | undefined;
  if (resolved.seedFile !== undefined) records = await loadSeedFile(resolved.seedFile);
  if (resolved.records) records = { ...(records ?? {}), ...resolved.records };
  const core = new EmulatorCore(resolved, records, adminToken);
  const server = createEmulatorServer(core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new EmulatorOptionsError(`cannot listen on ${resolved.host}:${resolved.port}: ${err.message}`)));
    server.listen(resolved.port, resolved.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  core.url = `http://${connectableHost(resolved.host)}:${address.port}`;
  const boundAddress = `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const warning = remoteBindWarning(address.address, boundAddress);
  if (warning) resolved.warn(warning);
  let stopped: Promise<void> | undefined;
  const running: Omit<RunningEmulator, 'adminToken'> = {
    url: core.url,
    boundAddress,
    tokenUrl: `${core.url}/oauth/v2/token`,
    state: createEmulatorAdmin(core),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        core.markStopping();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
  return Object.defineProperty(running, 'adminToken', { value: adminToken?.reveal(), enumerable: false }) as RunningEmulator;
}
