// Many processes started at once on one fresh data directory, as a service's workers or a cron's
// parallel jobs are: each `zcrmkit update-lead` against one emulator, sharing one ZOHO_DATA_DIR.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, startCommand, type CommandRun } from './run-command.js';

export interface ColdStartTrial {
  failed: CommandRun[];
  tokenRequests: number;
  /** What the shared SDK resource folder holds afterwards (the processes' own folders are gone). */
  resources: string[];
}

export async function coldStartTrial(processes: number): Promise<ColdStartTrial> {
  const emu = await startEmulator({ strictLayout: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-cold-'));
  try {
    const { clientId, clientSecret } = emu.state.defaultClient;
    const env = cleanEnv({ CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REFRESH_TOKEN: emu.state.issueRefreshToken(), ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: path.join(dir, 'data'), ZOHO_LOG_FILE: path.join(dir, 'logs', 'sdk.log') });
    const leads = emu.state.listRecords('Leads').filter((r) => r['Last_Name'] && r['Company'] && r['Lead_Status']);
    const runs = await Promise.all(
      Array.from({ length: processes }, (_, i) => startCommand(i % 2 === 0 ? 'check-init' : 'update-lead', i % 2 === 0 ? [] : ['--id', leads[i]!.id, '--mobile', `+1 555 02${String(i).padStart(2, '0')}`], { cwd: dir, env }).done),
    );
    const resources = readdirSync(path.join(dir, 'data', 'api_resources'), { recursive: true }).map(String).sort();
    return { failed: runs.filter((r) => r.code !== 0), tokenRequests: emu.state.counters().tokenRequests.refresh_token ?? 0, resources };
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
