import { ensurePrivateDirectory, UnsafePathError } from '@zcrmkit/safe-fs';
import type { ZohoConfig } from '@zcrmkit/config';
import { loadSdk, type ZohoSdk } from './load-sdk.js';
import { openProcessResources, type ProcessResources } from './sdk-resource-dir.js';
import { ZohoApiError } from './zoho-api-error.js';

/** The SDK import under way, and this process's folder of the SDK's field caches. */
export interface SdkStart {
  sdk: Promise<ZohoSdk>;
  resources: ProcessResources;
}

/** The SDK's field caches (file names derived from the user): a folder of ours, never a link. */
async function ensureResourceDirectory(dir: string): Promise<void> {
  try {
    await ensurePrivateDirectory(dir, { what: 'SDK resource directory', mode: 0o700, maxMode: 0o777 });
  } catch (err) {
    if (err instanceof UnsafePathError) {
      throw new ZohoApiError({ code: 'UNSAFE_PATH', message: `${err.message}; it was left untouched`, operation: 'init', hint: 'Point ZOHO_DATA_DIR at a folder of yours, or replace the link with a folder.' });
    }
    throw err;
  }
}

/**
 * Starts the SDK import (~0.7 s of a cold start, the long pole) so that everything that does not
 * need the SDK — the token, the org profile — happens while it loads.
 */
export async function startSdk(config: ZohoConfig): Promise<SdkStart> {
  await ensureResourceDirectory(config.resourcePath);
  const sdk = loadSdk();
  sdk.catch(() => undefined);
  return { sdk, resources: await openProcessResources(config.resourcePath) };
}
