// A real crm-core client (real SDK) against a running emulator, for *.int.spec.ts files. The spec
// starts the emulator itself (only spec files may import it). The SDK keeps one configuration per
// process and jest gives each test file a fresh module registry, so each file makes one client.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient, type ZohoClient, type ZohoClientOptions } from '@zcrmkit/crm-core';

/** The part of a running emulator the client needs. */
export interface EmulatorEndpoint {
  url: string;
  state: {
    defaultClient: { clientId: string; clientSecret: string };
    issueRefreshToken(): string;
    counters(): { routes: Record<string, number> };
  };
}

export interface EmulatorClient {
  client: ZohoClient;
  close(): Promise<void>;
}

export async function connectClient(emu: EmulatorEndpoint, options: Omit<ZohoClientOptions, 'config'> = {}): Promise<EmulatorClient> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crm-leads-int-'));
  const config = loadConfig({
    values: {
      CLIENT_ID: emu.state.defaultClient.clientId,
      CLIENT_SECRET: emu.state.defaultClient.clientSecret,
      REFRESH_TOKEN: emu.state.issueRefreshToken(),
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: dir,
      ZOHO_LOG_FILE: path.join(dir, 'sdk.log'),
    },
    env: {},
    envFile: false,
  });
  // Each run starts as an org's first (nothing kept from the file's earlier tests) unless a spec
  // asks for the org profile: its own specs test what carries over between runs.
  const client = createZohoClient({ retryBaseDelayMs: 20, orgProfile: false, ...options, config });
  await client.init();
  return {
    client,
    async close() {
      await client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Hits of one route, e.g. `routeCount(emu, 'PUT /crm/v8/Leads')`. */
export function routeCount(emu: EmulatorEndpoint, key: string): number {
  return emu.state.counters().routes[key] ?? 0;
}
