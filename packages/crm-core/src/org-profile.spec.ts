import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { fileOrgProfileStore, orgProfile, orgProfileKey } from './org-profile.js';

const field = { apiName: 'Last_Name', dataType: 'text', systemMandatory: true, readOnly: false };
const layout = { id: '1', name: 'Standard', requiredFields: ['Last_Name'] };

describe('org profile in a file', () => {
  let dir: string;
  let file: string;
  let clock: number;
  const now = () => clock;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-profile-'));
    file = path.join(dir, 'data', 'zcrmkit-org-profile.json');
    clock = 1_000_000;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps lessons, metadata and identity for the next process, 0600 in a 0700 folder', async () => {
    const first = orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now);
    await first.learn('Leads', { demanded: ['Last_Name'], layoutRulesEnforced: true });
    await first.keepMetadata('fields', 'Leads', [field]);
    await first.keepMetadata('layouts', 'Leads', [layout]);
    await first.keepIdentity({ user: { email: 'a@example.com', id: '7' }, org: { id: '9', name: 'Acme' } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);

    clock += 59_000;
    const next = orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now);
    expect(await next.recall('Leads')).toEqual({ demanded: ['Last_Name'], layoutRulesEnforced: true, learnedAt: 1_000_000 });
    expect(await next.recallMetadata('fields', 'Leads', 60_000)).toEqual({ value: [field], fetchedAt: 1_000_000 });
    expect(await next.recallMetadata('layouts', 'Leads', 60_000)).toEqual({ value: [layout], fetchedAt: 1_000_000 });
    expect(await next.recallIdentity()).toEqual({ user: { email: 'a@example.com', id: '7' }, org: { id: '9', name: 'Acme' } });
    // Another org's profile in the same file is its own.
    expect(await orgProfile(fileOrgProfileStore(file), 'org-b', 60_000, now).recall('Leads')).toBeUndefined();
  });

  it('recalls nothing older than the TTL, nor metadata older than the age asked for', async () => {
    const profile = orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now);
    await profile.learn('Leads', { demanded: ['Company'], layoutRulesEnforced: false });
    await profile.keepMetadata('fields', 'Leads', [field]);
    clock += 30_000;
    expect(await profile.recallMetadata('fields', 'Leads', 10_000)).toBeUndefined();
    expect(await profile.recallMetadata('fields', 'Leads', 40_000)).toBeDefined();
    clock += 30_000;
    expect(await profile.recall('Leads')).toBeUndefined();
    expect(await profile.recallMetadata('fields', 'Leads', 600_000)).toBeUndefined();
  });

  it('merges lessons, and forgets a module, its metadata only, or everything', async () => {
    const profile = orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now);
    await profile.learn('Leads', { demanded: ['Last_Name'], layoutRulesEnforced: false });
    await profile.learn('Leads', { demanded: ['Company'], layoutRulesEnforced: true });
    expect((await profile.recall('Leads'))?.demanded).toEqual(['Company', 'Last_Name']);
    await profile.learn('Leads', { demanded: ['Email'], layoutRulesEnforced: false }, { replace: true });
    expect(await profile.recall('Leads')).toMatchObject({ demanded: ['Email'], layoutRulesEnforced: false });

    await profile.keepMetadata('fields', 'Leads', [field]);
    await profile.forget('Leads', 'metadata');
    expect(await profile.recallMetadata('fields', 'Leads', 60_000)).toBeUndefined();
    expect(await profile.recall('Leads')).toBeDefined();
    await profile.learn('Contacts', { demanded: [], layoutRulesEnforced: false });
    await profile.forget('Leads');
    expect(await profile.recall('Leads')).toBeUndefined();
    expect(await profile.recall('Contacts')).toBeDefined();
    await profile.keepIdentity({ user: undefined, org: undefined });
    await profile.forget();
    expect(await profile.recall('Contacts')).toBeUndefined();
    expect(await profile.recallIdentity()).toBeUndefined();
  });

  it('a damaged file is a cache miss, and is rewritten whole by the next lesson', async () => {
    const profile = orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now);
    await profile.learn('Leads', { demanded: ['Last_Name'], layoutRulesEnforced: false });
    writeFileSync(file, '{"version":1,"orgs":{"org-a":{"modules":{"Leads":{"dema');
    expect(await profile.recall('Leads')).toBeUndefined();
    writeFileSync(file, JSON.stringify({ version: 1, orgs: { 'org-a': { modules: {}, metadata: { Leads: { fields: { value: [{ nope: 1 }], fetchedAt: clock } } } } } }));
    expect(await profile.recallMetadata('fields', 'Leads', 60_000)).toBeUndefined();
    await profile.learn('Leads', { demanded: ['Company'], layoutRulesEnforced: false });
    expect(JSON.parse(readFileSync(file, 'utf8')).orgs['org-a'].modules.Leads.demanded).toEqual(['Company']);
  });

  it('lessons of concurrent learners are all kept (one read-modify-write at a time)', async () => {
    const fields = Array.from({ length: 12 }, (_, i) => `Field_${String(i).padStart(2, '0')}`);
    await Promise.all(fields.map((f) => orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now).learn('Leads', { demanded: [f], layoutRulesEnforced: false })));
    expect((await orgProfile(fileOrgProfileStore(file), 'org-a', 60_000, now).recall('Leads'))?.demanded).toEqual(fields);
  });

  it('is keyed by a hash of the credential: no secret in the key or the file', async () => {
    const config = { apiUrl: 'https://www.zohoapis.eu', clientId: '1000.CLIENTID', refreshToken: '1000.refresh-secret-value' };
    const key = orgProfileKey(config);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(orgProfileKey({ ...config, refreshToken: '1000.other' })).not.toBe(key);
    await orgProfile(fileOrgProfileStore(file), key, 60_000, now).learn('Leads', { demanded: ['Last_Name'], layoutRulesEnforced: true });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('refresh-secret-value');
    expect(text).not.toContain('CLIENTID');
  });
});
