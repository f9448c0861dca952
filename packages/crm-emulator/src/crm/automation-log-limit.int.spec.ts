import { describe, expect, it } from '@jest/globals';
import { startEmulator } from '../index.js';
import { call, obj } from '../test-support/http.js';

describe('automationLogLimit', () => {
  it('bounds automationRuns() over HTTP writes; automationCounts() still counts every write', async () => {
    const emu = await startEmulator({ leadCount: 4, automationLogLimit: 3 });
    try {
      const token = emu.state.issueAccessToken();
      const ids = emu.state.listRecords('Leads').map((r) => r.id);
      for (let round = 0; round < 3; round++) {
        const res = await call(`${emu.url}/crm/v8/Leads`, { method: 'PUT', token, body: { data: ids.map((id, i) => ({ id, Mobile: `+1 555 ${round}${i}` })) } });
        expect(res.status).toBe(200);
      }
      expect(emu.state.automationRuns()).toHaveLength(3);
      expect(emu.state.automationRuns().map((r) => r.id)).toEqual(ids.slice(-3));
      expect(emu.state.automationCounts('Leads')).toEqual(Object.fromEntries(ids.map((id) => [id, 3])));
      const admin = obj((await call(`${emu.url}/__emulator/automation-runs?module=Leads`)).body);
      expect(admin['runs']).toHaveLength(3);
      expect(admin['counts']).toEqual(Object.fromEntries(ids.map((id) => [id, 3])));
      // reset() clears both; the limit stays.
      emu.state.reset();
      expect(emu.state.automationCounts('Leads')).toEqual({});
      await call(`${emu.url}/crm/v8/Leads`, { method: 'PUT', token, body: { data: ids.map((id) => ({ id, Mobile: '+1 555 99' })) } });
      expect(emu.state.automationRuns()).toHaveLength(3);
    } finally {
      await emu.stop();
    }
  });

  it('refuses a limit that is not a non-negative integer', async () => {
    await expect(startEmulator({ automationLogLimit: -1 })).rejects.toThrow(/automationLogLimit/);
    await expect(startEmulator({ automationLogLimit: 2.5 })).rejects.toThrow(/automationLogLimit must be an integer/);
  });
});
