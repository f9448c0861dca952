import { describe, expect, it } from '@jest/globals';
import { orgProfile, type OrgProfile, type OrgProfileData, type OrgProfileStore } from '@zcrmkit/crm-core';
import { safeUpdateRecords } from './safe-update.js';
import { FakeZohoClient, makeLeads } from './test-support/fake-zoho-client.js';

/** One org's profile in memory, as a file or Redis would keep it between processes. */
function memoryProfile(): OrgProfile & { data(): OrgProfileData | undefined } {
  let doc: OrgProfileData | undefined;
  const store: OrgProfileStore = {
    read: async () => (doc ? structuredClone(doc) : undefined),
    update: async (_org, change) => {
      doc = change(structuredClone(doc ?? { modules: {} }));
    },
  };
  return Object.assign(orgProfile(store, 'org', 600_000), { data: () => doc });
}

/** A new process: a new client (its own memory) on the same org and the same kept profile. */
function processOf(profile: OrgProfile, strictFields: string[] = ['Industry']) {
  const client = new FakeZohoClient({ records: makeLeads(30, () => ({ Industry: 'Retail' })), strictFields });
  return Object.assign(client, { profile });
}

const itemsOf = (client: FakeZohoClient, mobile: string) => [...client.records.keys()].map((id) => ({ id, changes: { Mobile: mobile } }));

describe('what a run learns serves the next process (org profile)', () => {
  it('the next process sends the demanded field from its first update: no refused call', async () => {
    const profile = memoryProfile();
    const first = processOf(profile);
    const one = await safeUpdateRecords(first, 'Leads', itemsOf(first, '+1 555 0001'), { strategy: 'optimistic' });
    expect(one).toMatchObject({ profile: 'none', learnedFields: ['Industry'], counts: { updated: 30 } });
    expect(profile.data()?.modules['Leads']).toMatchObject({ demanded: ['Industry'] });

    const second = processOf(profile);
    const two = await safeUpdateRecords(second, 'Leads', itemsOf(second, '+1 555 0002'), { strategy: 'optimistic' });
    expect(two).toMatchObject({ profile: 'recalled', learnedFields: [], counts: { updated: 30 } });
    expect(second.count('updateRecords')).toBe(1);
    expect(two.records[0]?.reincluded).toEqual([expect.objectContaining({ field: 'Industry', source: 'profile' })]);
  });

  it('with a lesson the dry run plans the payload the real run sends, and learns nothing', async () => {
    const profile = memoryProfile();
    const first = processOf(profile);
    await safeUpdateRecords(first, 'Leads', itemsOf(first, '+1 555 0003'));
    const kept = structuredClone(profile.data());
    const dry = await safeUpdateRecords(processOf(profile), 'Leads', itemsOf(first, '+1 555 0004'), { dryRun: true });
    expect(profile.data()).toEqual(kept);
    const real = processOf(profile);
    const sent = await safeUpdateRecords(real, 'Leads', itemsOf(real, '+1 555 0004'));
    expect(dry.records.map((r) => r.payload)).toEqual(sent.records.map((r) => r.payload));
    expect(dry.records.every((r) => r.state === 'planned' && r.mayDemand === undefined)).toBe(true);
  });

  it('without a lesson a dry run lists what Zoho may demand; after a run with no refusal it lists nothing', async () => {
    const profile = memoryProfile();
    const relaxed = processOf(profile, []);
    const dry = await safeUpdateRecords(relaxed, 'Leads', itemsOf(relaxed, '+1 555 0005'), { dryRun: true });
    expect(dry.records[0]).toMatchObject({ state: 'planned', mayDemand: ['Last_Name'] });
    await safeUpdateRecords(relaxed, 'Leads', itemsOf(relaxed, '+1 555 0005'));
    expect(profile.data()?.modules['Leads']).toMatchObject({ demanded: [], layoutRulesEnforced: false });
    const after = await safeUpdateRecords(processOf(profile, []), 'Leads', itemsOf(relaxed, '+1 555 0006'), { dryRun: true });
    expect(after.profile).toBe('recalled');
    expect(after.records[0]).toMatchObject({ state: 'planned', payload: { id: expect.any(String), Mobile: '+1 555 0006' } });
    expect((after.records[0] as { mayDemand?: unknown }).mayDemand).toBeUndefined();
  });

  it('a lesson naming a field the module no longer has is forgotten, not used', async () => {
    const profile = memoryProfile();
    await profile.learn('Leads', { demanded: ['Gone_Field'], layoutRulesEnforced: false });
    await profile.keepMetadata('fields', 'Leads', []);
    const client = processOf(profile, []);
    const summary = await safeUpdateRecords(client, 'Leads', itemsOf(client, '+1 555 0007'), { strategy: 'optimistic' });
    expect(summary).toMatchObject({ profile: 'none', counts: { updated: 30 } });
    expect(profile.data()?.modules['Leads']).toMatchObject({ demanded: [] });
    expect(profile.data()?.metadata?.['Leads']).toBeUndefined();
  });

  it('Zoho demanding a field the lesson did not name: learned once, the lesson rewritten with both, the kept metadata dropped', async () => {
    const profile = memoryProfile();
    const first = processOf(profile);
    await safeUpdateRecords(first, 'Leads', itemsOf(first, '+1 555 0008'));
    await profile.keepMetadata('layouts', 'Leads', []);
    const changed = processOf(profile, ['Industry', 'Company']);
    const summary = await safeUpdateRecords(changed, 'Leads', itemsOf(changed, '+1 555 0009'), { strategy: 'optimistic' });
    expect(summary).toMatchObject({ profile: 'recalled', learnedFields: ['Company'], counts: { updated: 30 } });
    expect(profile.data()?.modules['Leads']?.demanded).toEqual(['Company', 'Industry']);
    expect(profile.data()?.metadata?.['Leads']).toBeUndefined();
    const next = processOf(profile, ['Industry', 'Company']);
    await safeUpdateRecords(next, 'Leads', itemsOf(next, '+1 555 0010'), { strategy: 'optimistic' });
    expect(next.count('updateRecords')).toBe(1);
  });

  it('a field the lesson implied (a layout rule it knows applies), named for records without a value for it, is named from then on; the kept metadata stays', async () => {
    const profile = memoryProfile();
    const layouts = [{ id: '1', name: 'Standard', requiredFields: ['Last_Name', 'Company'] }];
    // In the second process every fifth lead has no Company: Zoho refuses those records, whatever the payload.
    const leads = (gaps: boolean) => makeLeads(30, (n) => ({ Industry: 'Retail', ...(gaps && n % 5 === 0 ? { Company: null } : {}) }));
    const strict = (gaps: boolean) => Object.assign(new FakeZohoClient({ records: leads(gaps), strictFields: ['Last_Name', 'Company'], layouts }), { profile });
    const first = strict(false);
    await safeUpdateRecords(first, 'Leads', itemsOf(first, '+1 555 0012'), { strategy: 'optimistic' });
    // Zoho named Last_Name; Company came with the layout's rules from then on.
    expect(profile.data()?.modules['Leads']).toMatchObject({ demanded: ['Last_Name'], layoutRulesEnforced: true });
    await profile.keepMetadata('layouts', 'Leads', layouts);
    const kept = structuredClone(profile.data());

    const second = strict(true);
    const summary = await safeUpdateRecords(second, 'Leads', itemsOf(second, '+1 555 0013'), { strategy: 'optimistic' });
    expect(summary).toMatchObject({ profile: 'recalled', counts: { updated: 24, failed: 6 } });
    expect(summary.records.filter((r) => r.state === 'failed').every((r) => 'code' in r && r.code === 'REQUIRED_FIELD_EMPTY')).toBe(true);
    // Company is named from now on; the metadata the next process starts from is still there.
    expect(profile.data()?.modules['Leads']?.demanded).toEqual(['Company', 'Last_Name']);
    expect(profile.data()?.metadata).toEqual(kept?.metadata);
    const named = structuredClone(profile.data());

    // The next process settles those records before sending them, and has nothing to write.
    const third = strict(true);
    const again = await safeUpdateRecords(third, 'Leads', itemsOf(third, '+1 555 0014'), { strategy: 'optimistic' });
    expect(again).toMatchObject({ profile: 'recalled', learnedFields: [], counts: { updated: 24, failed: 6 } });
    const sent = third.calls.filter((c) => c.method === 'updateRecords').flatMap((c) => (c.records ?? []).map((r) => r.id));
    expect(sent).toHaveLength(24);
    expect(profile.data()).toEqual(named);
  });

  it('what a run learns is written while its later batches are still under way, and once', async () => {
    const profile = memoryProfile();
    const events: string[] = [];
    const learn = profile.learn.bind(profile);
    profile.learn = async (module, lesson) => {
      events.push(`learn ${lesson.demanded.join(',')}`);
      await learn(module, lesson);
    };
    const client = processOf(profile);
    const update = client.updateRecords.bind(client);
    client.updateRecords = async (module, records, opts) => {
      events.push('update');
      return update(module, records, opts);
    };
    const summary = await safeUpdateRecords(client, 'Leads', itemsOf(client, '+1 555 0015'), { strategy: 'optimistic', batchSize: 5, concurrency: 2 });
    expect(summary).toMatchObject({ learnedFields: ['Industry'], counts: { updated: 30 } });
    expect(events.filter((e) => e.startsWith('learn'))).toEqual(['learn Industry']);
    expect(events.indexOf('learn Industry')).toBeLessThan(events.lastIndexOf('update'));
    expect(profile.data()?.modules['Leads']).toMatchObject({ demanded: ['Industry'] });
  });

  it('a profile that fails is one that holds nothing: the run goes on', async () => {
    const broken: OrgProfile = { ...memoryProfile(), recall: () => Promise.reject(new Error('disk gone')), learn: () => Promise.reject(new Error('disk gone')) };
    const client = processOf(broken);
    const summary = await safeUpdateRecords(client, 'Leads', itemsOf(client, '+1 555 0011'));
    expect(summary).toMatchObject({ profile: 'none', counts: { updated: 30 } });
  });
});
