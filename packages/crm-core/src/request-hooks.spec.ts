import { describe, expect, it } from '@jest/globals';
import { CoreLog } from './core-log.js';
import { Redactor } from './redact.js';
import { checkRequestHooks, emitHook, moduleOf, routeOf } from './request-hooks.js';
import { MemoryLogger } from './test-support/memory-logger.js';
import { ZohoApiError } from './zoho-api-error.js';

describe('request hooks', () => {
  it('routes carry no query values and no record ids', () => {
    expect(routeOf('/crm/v8/Leads?ids=3477061000000419001,3477061000000419002&fields=Email&')).toBe('/crm/v8/Leads');
    expect(routeOf('/crm/v8/Leads/3477061000000419001')).toBe('/crm/v8/Leads/{id}');
    expect(routeOf('/crm/v8/Leads/3477061000000419001/Notes?page=2')).toBe('/crm/v8/Leads/{id}/Notes');
    expect(routeOf('/crm/v8/settings/fields?module=Leads')).toBe('/crm/v8/settings/fields');
  });

  it('the module comes from the operation name', () => {
    expect(moduleOf('updateRecords(Leads)')).toBe('Leads');
    expect(moduleOf('init')).toBeUndefined();
  });

  it('options: undefined without hooks, a clear error naming a hook that is not a function', () => {
    expect(checkRequestHooks(undefined)).toBeUndefined();
    expect(checkRequestHooks({})).toBeUndefined();
    const onError = () => undefined;
    expect(checkRequestHooks({ onError })?.onError).toBeInstanceOf(Function);
    for (const bad of [null, 'hooks', { onResponse: 1 }]) {
      let error: unknown;
      try {
        checkRequestHooks(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ZohoApiError);
      expect((error as ZohoApiError).code).toBe('INVALID_OPTION');
      expect((error as ZohoApiError).message).toMatch(/hooks/);
    }
  });

  it('a hook that throws or rejects is logged at warn, redacted, and goes no further', async () => {
    const target = new MemoryLogger();
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-token-value-1234567890');
    const log = new CoreLog(target, redactor);
    expect(() => emitHook(log, 'onRequest', () => {
      throw new Error('boom s3cr3t-token-value-1234567890');
    }, { n: 1 })).not.toThrow();
    emitHook(log, 'onResponse', () => Promise.reject(new Error('late s3cr3t-token-value-1234567890')) as unknown as void, { n: 2 });
    await new Promise((resolve) => setImmediate(resolve));
    expect(target.entries.map((e) => [e.level, e.message.startsWith(`hooks.${e.meta['hook'] as string} threw`)])).toEqual([
      ['warn', true],
      ['warn', true],
    ]);
    expect(target.text()).not.toContain('s3cr3t-token-value-1234567890');
  });
});
