import { describe, expect, it } from '@jest/globals';
import { resolveOptions } from './options.js';
import { SafeUpdateError } from './safe-update-error.js';

describe('resolveOptions', () => {
  it('fills documented defaults, with the seed list for Leads only', () => {
    const leads = resolveOptions('Leads');
    expect(leads).toMatchObject({
      strategy: 'optimistic',
      trigger: ['workflow', 'blueprint'],
      requiredFields: ['Last_Name', 'Company', 'Lead_Status'],
      requiredFieldsGiven: false,
      dryRun: false,
      batchSize: 100,
      maxRounds: 3,
      concurrency: 10,
      metadataTtlMs: 600_000,
      verifyUnknown: true,
    });
    expect(resolveOptions('Deals').requiredFields).toEqual([]);
  });

  it("takes the default concurrency from the client's budget, within 1–25", () => {
    expect(resolveOptions('Leads', {}, 4).concurrency).toBe(4);
    expect(resolveOptions('Leads', {}, 40).concurrency).toBe(25);
    expect(resolveOptions('Leads', {}, 'x').concurrency).toBe(10);
    expect(resolveOptions('Leads', { concurrency: 1 }, 20).concurrency).toBe(1);
    expect(() => resolveOptions('Leads', { concurrency: 26 })).toThrow(/concurrency must be an integer from 1 to 25/);
  });

  it('keeps an empty trigger list (run no automation)', () => {
    expect(resolveOptions('Leads', { trigger: [] }).trigger).toEqual([]);
  });

  it.each([
    [{ batchSize: 101 }, 'batchSize'],
    [{ batchSize: 0 }, 'batchSize'],
    [{ maxRounds: 0 }, 'maxRounds'],
    [{ concurrency: 1.5 }, 'concurrency'],
    [{ strategy: 'eager' as 'prefetch' }, 'strategy'],
    [{ trigger: ['workflow', 'x&y'] }, 'trigger'],
    [{ requiredFields: ['Company', ''] }, 'requiredFields'],
    [{ metadataTtlMs: -1 }, 'metadataTtlMs'],
  ])('refuses %j', (options, name) => {
    const run = () => resolveOptions('Leads', options);
    expect(run).toThrow(SafeUpdateError);
    expect(run).toThrow(name);
    try {
      run();
    } catch (err) {
      expect((err as SafeUpdateError).code).toBe('INVALID_OPTIONS');
    }
  });
});
