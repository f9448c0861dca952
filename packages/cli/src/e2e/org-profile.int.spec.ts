// The org profile across processes: what one `zcrmkit update-lead` learns of a strict-layout org
// (the emulator, the real SDK, the built CLI) makes the next process's first call right.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { randomBytes } from 'node:crypto';
import { cleanupPrefix } from './redis-cleanup.js';
import { describeRedis, SHARED_REDIS_URL, testPrefix } from './redis-support.js';
import { emulatorEnv, runCommand, type CommandRun } from './run-command.js';

/** The CRM requests of the emulator's log, as `METHOD path-without-query status`. */
function crmRequests(emu: RunningEmulator): string[] {
  return emu.state
    .requestLog()
    .filter((r) => r.path.startsWith('/crm/'))
    .map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`);
}

const isMetadata = (line: string) => / \/crm\/v\d+\/(settings|org|users)\b/.test(line);

function json(run: CommandRun): Record<string, unknown> {
  expect(run.stderr.slice(-2000)).not.toMatch(/Error|✖/);
  return JSON.parse(run.stdout) as Record<string, unknown>;
}

describe('org profile: one data directory, strict layout, the built CLI', () => {
  let emu: RunningEmulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let id: string;
  const updateLead = (mobile: string, ...extra: string[]) => runCommand('update-lead', ['--id', id, '--mobile', mobile, '--json', ...extra], { cwd: dir, env });

  beforeAll(async () => {
    emu = await startEmulator({ strictLayout: true });
    const lead = emu.state.listRecords('Leads').find((r) => r['Last_Name'] && r['Company'] && r['Lead_Status'] && r['Email']);
    id = String(lead?.id);
  });
  afterAll(async () => {
    await emu.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-profile-e2e-'));
    env = emulatorEnv(emu, emu.state.issueRefreshToken(), { dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'logs', 'sdk.log') });
    emu.state.setStrictLayout('Leads', true);
    emu.state.clearRequestLog();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the second run makes 1 GET and 1 PUT, no 400, no metadata request; the dry run between shows its payload', async () => {
    const first = json(await updateLead('+1 555 0101'));
    expect(first).toMatchObject({ state: 'updated', attempts: 2 });
    expect(crmRequests(emu).filter((l) => l.startsWith('PUT'))).toEqual(['PUT /crm/v8/Leads 400', 'PUT /crm/v8/Leads 200']);

    emu.state.clearRequestLog();
    const dry = json(await updateLead('+1 555 0102', '--dry-run'));
    expect(dry).toMatchObject({ state: 'planned' });
    expect(dry['mayDemand']).toBeUndefined();
    expect(crmRequests(emu).filter((l) => !l.startsWith('GET'))).toEqual([]);

    emu.state.clearRequestLog();
    const second = json(await updateLead('+1 555 0102'));
    expect(second).toMatchObject({ state: 'updated', attempts: 1 });
    expect(crmRequests(emu)).toEqual(['GET /crm/v8/Leads 200', 'PUT /crm/v8/Leads 200']);
    expect(second['payload']).toEqual(dry['payload']);
    expect(Object.keys(second['payload'] as object).sort()).toEqual(['Company', 'Last_Name', 'Lead_Status', 'Mobile', 'id']);
    expect(second['reincluded']).toContainEqual({ field: 'Last_Name', source: 'profile' });
    expect(emu.state.getRecord('Leads', id)?.['Mobile']).toBe('+1 555 0102');
  });

  it('without a profile the dry run names what Zoho may demand; the human text says the first update tells', async () => {
    const dry = json(await updateLead('+1 555 0103', '--dry-run'));
    expect(dry['mayDemand']).toEqual(expect.arrayContaining(['Company', 'Last_Name']));
    const text = await runCommand('update-lead', ['--id', id, '--mobile', '+1 555 0103', '--dry-run'], { cwd: dir, env });
    expect(text.stdout).toMatch(/note: +no org profile yet: Zoho may also demand .*Last_Name.*; the first update tells/);
  });

  it('a changed layout rule is learned once: the lesson and the metadata are dropped and learned again, no refusal repeats', async () => {
    json(await updateLead('+1 555 0104'));
    // The org's layout rule now also demands Email.
    emu.state.setStrictLayout('Leads', ['Last_Name', 'Company', 'Lead_Status', 'Email']);
    emu.state.clearRequestLog();
    const refused = json(await updateLead('+1 555 0105'));
    expect(refused).toMatchObject({ state: 'updated', attempts: 2 });
    expect(crmRequests(emu).filter((l) => l.startsWith('PUT'))).toEqual(['PUT /crm/v8/Leads 400', 'PUT /crm/v8/Leads 200']);

    emu.state.clearRequestLog();
    const next = json(await updateLead('+1 555 0106'));
    expect(next).toMatchObject({ state: 'updated', attempts: 1 });
    expect(Object.keys(next['payload'] as object)).toContain('Email');
    const requests = crmRequests(emu);
    expect(requests.filter((l) => l.endsWith(' 400'))).toEqual([]);
    // The kept metadata was dropped when Zoho contradicted the lesson: this run read it afresh.
    expect(requests.filter(isMetadata).length).toBeGreaterThan(0);
  });

  it('bulk: without a profile the dry run names what Zoho may demand; after a real run the dry run plans exactly what the next real run does', async () => {
    // Leads with every strict field, and leads with no Company (Zoho refuses those in strict mode).
    const all = emu.state.listRecords('Leads');
    const ids = [...all.filter((r) => r['Last_Name'] && r['Company'] && r['Lead_Status']).slice(0, 8), ...all.filter((r) => r['Last_Name'] && !r['Company'] && r['Lead_Status']).slice(0, 3)].map((r) => String(r.id));
    expect(ids.length).toBe(11);
    const csv = (tag: string) => {
      const file = path.join(dir, `leads-${tag}.csv`);
      writeFileSync(file, ['id,Mobile', ...ids.map((leadId, i) => `${leadId},+1 555 ${tag}${String(i).padStart(3, '0')}`)].join('\n') + '\n');
      return file;
    };
    const bulk = async (tag: string, ...extra: string[]) => {
      const run = await runCommand('update-leads', ['--file', csv(tag), '--results', path.join(dir, `results-${tag}${extra.length ? '-dry' : ''}.csv`), '--json', ...extra], { cwd: dir, env });
      return { ...(JSON.parse(run.stdout) as { counts: Record<string, number> }), stderr: run.stderr };
    };

    const firstDry = await bulk('41', '--dry-run');
    expect(firstDry.counts).toMatchObject({ planned: 11 });
    expect(firstDry.stderr).toMatch(/note: no org profile yet: Zoho may also demand .*Company/);
    const first = await bulk('41');
    expect(first.counts).toMatchObject({ updated: 8, failed: 3 });

    const dry = await bulk('42', '--dry-run');
    expect(dry.stderr).not.toMatch(/no org profile yet/);
    emu.state.clearRequestLog();
    const real = await bulk('42');
    expect({ planned: dry.counts['planned'], failed: dry.counts['failed'] }).toEqual({ planned: real.counts['updated'], failed: real.counts['failed'] });
    // Nothing Zoho refused twice: the rows with no Company were settled before sending.
    expect(crmRequests(emu).filter((l) => l.endsWith(' 400'))).toEqual([]);
  });

  it('check-init --refresh-profile forgets: the next run reads metadata again and learns again', async () => {
    json(await updateLead('+1 555 0107'));
    const check = await runCommand('check-init', ['--refresh-profile'], { cwd: dir, env });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('Org profile: forgotten');
    emu.state.clearRequestLog();
    const again = json(await updateLead('+1 555 0108'));
    expect(again).toMatchObject({ state: 'updated', attempts: 2 });
    expect(crmRequests(emu).filter(isMetadata).length).toBeGreaterThan(0);
  });
});

describeRedis('org profile in a fleet: workers on other hosts (own data directories), one Redis', () => {
  let emu: RunningEmulator;
  let root: string;
  let prefix: string;
  beforeAll(async () => {
    emu = await startEmulator({ strictLayout: true });
    root = mkdtempSync(path.join(tmpdir(), 'zcrmkit-profile-fleet-'));
    prefix = testPrefix();
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(root, { recursive: true, force: true });
    await cleanupPrefix(SHARED_REDIS_URL, prefix);
  });

  it('a worker that never ran before makes no refused update once another worker has learned the org', async () => {
    const refreshToken = emu.state.issueRefreshToken();
    const key = randomBytes(32).toString('base64');
    const leads = emu.state.listRecords('Leads').filter((r) => r['Last_Name'] && r['Company'] && r['Lead_Status']);
    const worker = (n: number) =>
      emulatorEnv(emu, refreshToken, { dataDir: path.join(root, `worker-${n}`, 'data'), logFile: path.join(root, `worker-${n}`, 'logs', 'sdk.log') }, { ZCRMKIT_REDIS_URL: SHARED_REDIS_URL, ZCRMKIT_REDIS_PREFIX: prefix, ZCRMKIT_FLEET_KEY: key });
    const run = (n: number, id: string) => runCommand('update-lead', ['--id', id, '--mobile', `+1 555 03${n}0`, '--json'], { cwd: root, env: worker(n) });

    emu.state.clearRequestLog();
    expect(json(await run(1, String(leads[0]?.id)))).toMatchObject({ state: 'updated', attempts: 2 });
    expect(crmRequests(emu).filter((l) => l.endsWith(' 400'))).toEqual(['PUT /crm/v8/Leads 400']);

    emu.state.clearRequestLog();
    const fresh = json(await run(2, String(leads[1]?.id)));
    expect(fresh).toMatchObject({ state: 'updated', attempts: 1 });
    expect(fresh['reincluded']).toContainEqual({ field: 'Last_Name', source: 'profile' });
    const requests = crmRequests(emu);
    expect(requests.filter((l) => l.endsWith(' 400'))).toEqual([]);
    // The fleet's profile holds crm-core's metadata and the user and org: none is asked for again.
    // (The SDK's own field files live in each worker's data directory: a new host fetches those.)
    expect(requests.filter((l) => / \/crm\/v\d+\/(org|users|settings\/layouts)\b/.test(l))).toEqual([]);
    expect(requests.filter((l) => !isMetadata(l))).toEqual(['GET /crm/v8/Leads 200', 'PUT /crm/v8/Leads 200']);
  });
});
