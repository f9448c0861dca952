import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ZOHO from '@zohocrm/nodejs-sdk-8.0';
import type { RunningEmulator } from '../start-emulator.js';

export { ZOHO };

/** A temp directory for the SDK's token file and field-metadata cache; removed by cleanup(). */
export function sdkWorkspace(): { dir: string; tokenFile: string; resources: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-emu-sdk-'));
  const resources = path.join(dir, 'resources');
  mkdirSync(resources);
  return { dir, tokenFile: path.join(dir, 'tokens.csv'), resources, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface SdkInit {
  refreshToken?: string;
  grantToken?: string;
  clientId?: string;
  clientSecret?: string;
  timeoutMs?: number;
}

/**
 * Initialises the official SDK exactly as an application would, against the emulator. The SDK keeps
 * one configuration per process, so a new call replaces the previous one.
 */
export async function initSdk(emu: RunningEmulator, workspace: { tokenFile: string; resources: string }, init: SdkInit): Promise<void> {
  let oauth = new ZOHO.OAuthBuilder()
    .clientId(init.clientId ?? emu.state.defaultClient.clientId)
    .clientSecret(init.clientSecret ?? emu.state.defaultClient.clientSecret);
  if (init.refreshToken !== undefined) oauth = oauth.refreshToken(init.refreshToken);
  if (init.grantToken !== undefined) oauth = oauth.grantToken(init.grantToken);
  const builder = await new ZOHO.InitializeBuilder();
  await builder
    .environment(new ZOHO.Environment(emu.url, emu.tokenUrl, emu.url))
    .token(oauth.build())
    .store(new ZOHO.FileStore(workspace.tokenFile))
    .SDKConfig(new ZOHO.SDKConfigBuilder().timeout(init.timeoutMs ?? 10_000).build())
    .logger(new ZOHO.LogBuilder().level(ZOHO.Levels.OFF).filePath(null).build())
    .resourcePath(workspace.resources)
    .initialize();
}
