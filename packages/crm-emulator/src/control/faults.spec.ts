import { describe, expect, it } from '@jest/globals';
import { createRandom } from '../core/random.js';
import type { FaultRule } from '../options.js';
import { FaultController, FaultRuleError } from './faults.js';

function controller(rules: FaultRule[], seed = 42): FaultController {
  const c = new FaultController(createRandom(seed, 'faults'));
  c.set(rules);
  return c;
}

describe('FaultController', () => {
  it('matches route keys exactly or by * pattern; default is every route', () => {
    const exact = controller([{ kind: 'reset', route: 'PUT /crm/v8/Leads' }]);
    expect(exact.pick('PUT /crm/v8/Leads')?.kind).toBe('reset');
    expect(exact.pick('PUT /crm/v8/Leads/{id}')).toBeUndefined();
    const glob = controller([{ kind: 'stall', route: '* /crm/v8/Leads*' }]);
    expect(glob.pick('GET /crm/v8/Leads/{id}')?.kind).toBe('stall');
    expect(glob.pick('GET /crm/v8/org')).toBeUndefined();
    expect(controller([{ kind: 'delay' }]).pick('POST /oauth/v2/token')?.kind).toBe('delay');
  });

  it('honours after and times', () => {
    const c = controller([{ kind: 'error-json', after: 2, times: 2 }]);
    expect(Array.from({ length: 6 }, () => c.pick('GET /x')?.kind ?? '-')).toEqual(['-', '-', 'error-json', 'error-json', '-', '-']);
  });

  it('draws rates from the seed: same seed, same victims', () => {
    const run = (seed: number): string => {
      const c = controller([{ kind: 'reset', rate: 0.3 }], seed);
      return Array.from({ length: 40 }, () => (c.pick('GET /x') ? 'X' : '.')).join('');
    };
    expect(run(1)).toBe(run(1));
    expect(run(1)).not.toBe(run(2));
    const hits = [...run(1)].filter((ch) => ch === 'X').length;
    expect(hits).toBeGreaterThan(3);
    expect(hits).toBeLessThan(25);
  });

  it('first matching rule wins; set() replaces and restarts counts', () => {
    const c = controller([{ kind: 'delay', route: 'GET /a', times: 1 }, { kind: 'reset' }]);
    expect(c.pick('GET /a')?.kind).toBe('delay');
    expect(c.pick('GET /a')?.kind).toBe('reset');
    c.set([]);
    expect(c.pick('GET /a')).toBeUndefined();
    expect(c.rules()).toEqual([]);
  });

  it('rejects malformed rules', () => {
    expect(() => controller([{ kind: 'explode' as FaultRule['kind'] }])).toThrow(FaultRuleError);
    expect(() => controller([{ kind: 'reset', rate: 2 }])).toThrow(/rate/);
    expect(() => controller([{ kind: 'error-json', status: 404 }])).toThrow(/5xx/);
    expect(() => controller([{ kind: 'stall', durationMs: -1 }])).toThrow(/durationMs/);
    expect(() => controller([{ kind: 'reset', phase: 'during' as 'after' }])).toThrow(/phase/);
  });
});
