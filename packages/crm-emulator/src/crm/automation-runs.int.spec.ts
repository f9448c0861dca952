import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj } from '../test-support/http.js';

let emu: RunningEmulator;
let ids: string[];
let token: string;

beforeAll(async () => {
  emu = await startEmulator({ leadCount: 5 });
  ids = emu.state.listRecords('Leads').map((r) => r.id);
  token = emu.state.issueAccessToken();
});
afterAll(async () => {
  await emu?.stop();
});

const put = (body: object, path = '/crm/v8/Leads') => call(`${emu.url}${path}`, { method: 'PUT', token, body: body as never });

describe('automation runs', () => {
  it('records workflow, approval and blueprint for an update without trigger, none for trigger: []', async () => {
    emu.state.reset();
    expect((await put({ data: [{ id: ids[0], Mobile: '1' }, { id: ids[1], Mobile: '2' }] })).status).toBe(200);
    expect((await put({ data: [{ id: ids[2], Mobile: '3' }], trigger: [] })).status).toBe(200);
    expect((await put({ data: [{ Mobile: '4' }], trigger: ['workflow'] }, `/crm/v8/Leads/${ids[3]}`)).status).toBe(200);
    const runs = emu.state.automationRuns('Leads');
    expect(runs.map((r) => [r.id, r.triggers, r.operation])).toEqual([
      [ids[0], ['workflow', 'approval', 'blueprint'], 'update'],
      [ids[1], ['workflow', 'approval', 'blueprint'], 'update'],
      [ids[2], [], 'update'],
      [ids[3], ['workflow'], 'update'],
    ]);
    expect(emu.state.automationCounts('Leads')).toEqual({ [ids[0]!]: 1, [ids[1]!]: 1, [ids[3]!]: 1 });
    expect(emu.state.automationCounts('Leads', 'blueprint')).toEqual({ [ids[0]!]: 1, [ids[1]!]: 1 });
  });

  it('counts a record written twice twice, and nothing for a refused write', async () => {
    emu.state.reset();
    await put({ data: [{ id: ids[0], Mobile: '1' }] });
    await put({ data: [{ id: ids[0], Mobile: '2' }] });
    const refused = await put({ data: [{ id: ids[1], Last_Name: null }] });
    expect(refused.status).toBe(400);
    expect(emu.state.automationCounts('Leads')).toEqual({ [ids[0]!]: 2 });
  });

  it('is countable through the admin HTTP API, and cleared through it and by reset', async () => {
    emu.state.reset();
    await put({ data: [{ id: ids[4], Mobile: '9' }], trigger: ['workflow'] });
    const res = await call(`${emu.url}/__emulator/automation-runs?module=Leads`);
    expect(res.status).toBe(200);
    expect(obj(res.body)['counts']).toEqual({ [ids[4]!]: 1 });
    expect(arr(obj(res.body)['runs']).map((r) => obj(r)['triggers'])).toEqual([['workflow']]);
    // Admin writes need a JSON content type (the admin API guard), even without a body.
    const json = { 'content-type': 'application/json' };
    expect((await call(`${emu.url}/__emulator/automation-runs`, { method: 'DELETE', headers: json })).status).toBe(200);
    expect(emu.state.automationRuns()).toEqual([]);
    await put({ data: [{ id: ids[4], Mobile: '10' }] });
    expect(emu.state.automationRuns()).toHaveLength(1);
    expect((await call(`${emu.url}/__emulator/reset`, { method: 'POST', headers: json })).status).toBe(200);
    expect(emu.state.automationRuns()).toEqual([]);
  });
});
