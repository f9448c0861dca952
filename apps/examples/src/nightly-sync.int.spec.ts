// The nightly-sync example, run as written against the emulator with the real SDK.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient, type ZohoClient } from '@zcrmkit/crm-core';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { syncMobiles, type PhoneChange } from './nightly-sync.js';

let emu: RunningEmulator;
let client: ZohoClient;
let dir: string;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 250 });
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-nightly-'));
  const config = loadConfig({
    env: {},
    envFile: false,
    values: {
      CLIENT_ID: emu.state.defaultClient.clientId,
      CLIENT_SECRET: emu.state.defaultClient.clientSecret,
      REFRESH_TOKEN: emu.state.issueRefreshToken(),
      ZOHO_API_URL: emu.url,
      ZOHO_ACCOUNTS_URL: emu.url,
      ZOHO_DATA_DIR: path.join(dir, 'data'),
      ZOHO_LOG_FILE: path.join(dir, 'sdk.log'),
    },
  });
  client = createZohoClient({ config });
});
afterAll(async () => {
  await client?.close();
  await emu?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('nightly sync from code', () => {
  it('updates every lead the generator yields, one JSON line per outcome', async () => {
    const leads = emu.state.listRecords('Leads').slice(0, 250);
    async function* fromDatabase(): AsyncGenerator<PhoneChange> {
      for (const [i, lead] of leads.entries()) yield { leadId: lead.id, mobile: `+1 555 ${String(i).padStart(4, '0')}` };
    }
    const results = path.join(dir, 'nightly.results.jsonl');
    const summary = await syncMobiles(client, fromDatabase(), results);
    expect(summary.rows).toBe(250);
    expect((summary.counts.updated ?? 0) + (summary.counts.failed ?? 0)).toBe(250);
    const lines = readFileSync(results, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toEqual({ format: 'zcrmkit-bulk-results', version: 1 });
    const rows = lines.slice(1).map((l) => JSON.parse(l) as { id: string; state: string });
    expect(rows.map((r) => r.id)).toEqual(leads.map((l) => l.id));
    for (const [i, r] of rows.entries()) {
      const applied = emu.state.getRecord('Leads', r.id)?.['Mobile'] === `+1 555 ${String(i).padStart(4, '0')}`;
      expect(applied).toBe(r.state === 'updated');
    }
  });
});
