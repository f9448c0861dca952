import { createHash } from 'node:crypto';
import { loadConfig, type ZohoConfig } from '@zcrmkit/config';

// Helpers for the *.int.spec.ts files. Only spec files may import the emulator (lint boundary),
// so these take the parts of a running emulator they use.
export interface EmulatorLike {
  url: string;
  state: { readonly defaultClient: Readonly<{ clientId: string; clientSecret: string }> };
}

/** A configuration pointing at the emulator, as the brief for tests prescribes. */
export function emulatorConfig(emu: EmulatorLike, dataDir: string, values: Record<string, string> = {}): ZohoConfig {
  return loadConfig({
    values: {
      CLIENT_ID: emu.state.defaultClient.clientId,
      CLIENT_SECRET: emu.state.defaultClient.clientSecret,
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: dataDir,
      ...values,
    },
    env: {},
    envFile: false,
    requireRefreshToken: values.REFRESH_TOKEN !== undefined,
  });
}

/** Whether the emulated CRM accepts an access token (GET /crm/v8/org). */
export async function crmAccepts(emu: EmulatorLike, accessToken: string): Promise<boolean> {
  const res = await fetch(`${emu.url}/crm/v8/org`, { headers: { authorization: `Zoho-oauthtoken ${accessToken}` } });
  await res.arrayBuffer();
  return res.status === 200;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
