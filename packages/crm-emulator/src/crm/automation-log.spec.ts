import { describe, expect, it } from '@jest/globals';
import { AutomationLog, DEFAULT_AUTOMATION_LOG_LIMIT, type AutomationRun } from './automation-log.js';

const run = (i: number, id = `id${i % 7}`, triggers = ['workflow', 'approval', 'blueprint']): AutomationRun => ({ module: i % 2 === 0 ? 'Leads' : 'Contacts', id, triggers, operation: 'update', time: i });

/** What counts() must say: every run recorded, counted by hand. */
function expected(runs: AutomationRun[], module: string, trigger: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of runs) if (r.module === module && r.triggers.includes(trigger)) out[r.id] = (out[r.id] ?? 0) + 1;
  return out;
}

describe('AutomationLog', () => {
  it('keeps 10,000 runs by default', () => {
    const log = new AutomationLog();
    for (let i = 0; i < DEFAULT_AUTOMATION_LOG_LIMIT + 25; i++) log.record(run(i));
    expect(DEFAULT_AUTOMATION_LOG_LIMIT).toBe(10_000);
    expect(log.list()).toHaveLength(10_000);
    expect(log.list()[0]?.time).toBe(25);
  });

  it('after more writes than the limit, list() holds the limit (the most recent, in order) and counts() stays exact', () => {
    const log = new AutomationLog(5);
    const runs = Array.from({ length: 23 }, (_, i) => run(i, `id${i % 7}`, i % 3 === 0 ? ['workflow'] : i % 3 === 1 ? [] : ['workflow', 'approval', 'blueprint']));
    for (const r of runs) log.record(r);
    expect(log.list()).toEqual(runs.slice(-5));
    expect(log.list('Leads')).toEqual(runs.slice(-5).filter((r) => r.module === 'Leads'));
    for (const module of ['Leads', 'Contacts']) {
      for (const trigger of ['workflow', 'approval', 'blueprint', 'none']) {
        expect([module, trigger, log.counts(module, trigger)]).toEqual([module, trigger, expected(runs, module, trigger)]);
      }
    }
    // Sanity: the counts really reach past what list() keeps.
    expect(Object.values(log.counts('Leads', 'workflow')).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
  });

  it('a trigger named twice in one run counts once, as before', () => {
    const log = new AutomationLog(2);
    log.record(run(0, 'x', ['workflow', 'workflow']));
    expect(log.counts('Leads', 'workflow')).toEqual({ x: 1 });
  });

  it('hands out copies', () => {
    const log = new AutomationLog(3);
    const original = run(0);
    log.record(original);
    original.triggers.push('mutated');
    log.list()[0]!.triggers.push('mutated');
    expect(log.list()[0]?.triggers).toEqual(['workflow', 'approval', 'blueprint']);
  });

  it('setLimit keeps the most recent runs; 0 keeps none but still counts', () => {
    const log = new AutomationLog(10);
    const runs = Array.from({ length: 8 }, (_, i) => run(i));
    for (const r of runs) log.record(r);
    log.setLimit(3);
    expect(log.list()).toEqual(runs.slice(-3));
    log.record(run(8));
    expect(log.list().map((r) => r.time)).toEqual([6, 7, 8]);
    log.setLimit(6);
    log.record(run(9));
    expect(log.list().map((r) => r.time)).toEqual([6, 7, 8, 9]);
    log.setLimit(0);
    log.record(run(10));
    expect(log.list()).toEqual([]);
    expect(log.counts('Leads', 'workflow')).toEqual(expected([...runs, run(8), run(9), run(10)], 'Leads', 'workflow'));
    expect(() => log.setLimit(-1)).toThrow(/non-negative integer/);
  });

  it('clear() forgets runs and counts', () => {
    const log = new AutomationLog(2);
    for (let i = 0; i < 5; i++) log.record(run(i));
    log.clear();
    expect(log.list()).toEqual([]);
    expect(log.counts('Leads', 'workflow')).toEqual({});
    log.record(run(0));
    expect(log.counts('Leads', 'workflow')).toEqual({ id0: 1 });
  });

  it('recordWrites records one run per id, the same as record() per id, and hands out triggers nobody else holds', () => {
    const triggers = ['workflow', 'blueprint', 'workflow'];
    const one = new AutomationLog(4);
    const many = new AutomationLog(4);
    const ids = ['a', 'b', 'a', 'c', 'd'];
    for (const id of ids) one.record({ module: 'Leads', id, triggers, operation: 'update', time: 7 });
    many.recordWrites('Leads', ids, triggers, 'update', 7);
    expect(many.list()).toEqual(one.list());
    for (const trigger of ['workflow', 'blueprint', 'approval']) expect(many.counts('Leads', trigger)).toEqual(one.counts('Leads', trigger));
    expect(many.counts('Leads', 'workflow')).toEqual({ a: 2, b: 1, c: 1, d: 1 });
    // The caller's array and the runs handed out are copies of each other.
    triggers.push('approval');
    const [first] = many.list();
    first?.triggers.push('changed');
    expect(many.list().map((r) => r.triggers)).toEqual(Array.from({ length: 4 }, () => ['workflow', 'blueprint', 'workflow']));
    many.recordWrites('Leads', [], ['workflow'], 'update', 8);
    expect(many.list()).toHaveLength(4);
  });
});
