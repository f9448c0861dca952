import { createZohoClient } from '../client.js';
import { loadSdk, type ZohoSdk } from '../load-sdk.js';
import { memoiseSdkConversion, type OriginalConversion } from '../sdk-conversion-memo.js';
import { resolveSdkEntry } from '../sdk-copy.js';
import type { ZohoClient } from '../types.js';
import { startEmulatorEnv, type EmulatorEnv, type EmulatorLike } from './emulator-env.js';

/** What the conversion specs compare with: a client that has read a lead, the SDK, and its own converter methods. */
export interface ConversionEnv<E extends EmulatorLike> {
  env: EmulatorEnv<E>;
  client: ZohoClient;
  leadIds: string[];
  sdk: ZohoSdk;
  original: OriginalConversion;
  close(): Promise<void>;
}

/** An emulator with leads, and the Leads field file written by the SDK on a first record call. */
export async function startConversionEnv<E extends EmulatorLike & { state: { listRecords(module: string): { id: unknown }[] } }>(start: () => Promise<E>): Promise<ConversionEnv<E>> {
  const env = await startEmulatorEnv(start);
  const client = createZohoClient({ config: env.config() });
  const leadIds = env.emu.state.listRecords('Leads').map((r) => String(r.id));
  await client.getRecords('Leads', [leadIds[0]!], ['Last_Name']);
  const sdk = await loadSdk();
  const original = await memoiseSdkConversion(sdk, resolveSdkEntry(import.meta.url));
  return {
    env,
    client,
    leadIds,
    sdk,
    original,
    async close() {
      await client.close();
      await env.close();
    },
  };
}
