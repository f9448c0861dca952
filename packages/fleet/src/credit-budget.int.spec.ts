import { afterAll, afterEach, expect, it } from '@jest/globals';
import { createFleet, type Fleet } from './create-fleet.js';
import type { CreditUsage } from './credit-budget.js';
import type { FleetOptions } from './options.js';
import { cleanPrefix, describeRedis, testPrefix, TEST_REDIS_URL } from './test-support/redis.js';

const prefix = testPrefix();
const opened: Fleet[] = [];
const signal = new AbortController().signal;

function fleet(options: Partial<FleetOptions> = {}): Fleet {
  const f = createFleet({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix, clientId: '1000.CLIENTABCDEF', refreshToken: '1000.0123456789abcdef.0123456789abcdef', allowPlaintext: true, ...options });
  opened.push(f);
  return f;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  await cleanPrefix(prefix);
});
afterAll(() => cleanPrefix(prefix));

describeRedis('credit budget (Redis, rolling 24 h)', () => {
  it('counts every call of every worker, warns once at 80 %, and refuses the call that would cross it', async () => {
    const warnings: CreditUsage[] = [];
    const a = fleet({ creditBudget: 10, onCreditWarning: (u) => warnings.push(u) });
    const b = fleet({ creditBudget: 10 });
    for (let i = 0; i < 7; i++) await (i % 2 ? a : b).budget!.acquire({ operation: 'getRecords' }, signal);
    expect(warnings).toEqual([]);
    await a.budget!.acquire({ operation: 'updateRecords' }, signal);
    expect(warnings).toEqual([{ used: 8, limit: 10, remaining: 2 }]);
    await a.budget!.acquire({ operation: 'updateRecords' }, signal);
    await b.budget!.acquire({ operation: 'updateRecords' }, signal);
    expect(warnings).toHaveLength(1);
    await expect(a.budget!.acquire({ operation: 'updateRecords' }, signal)).rejects.toMatchObject({ code: 'CREDIT_BUDGET_EXCEEDED' });
    expect(await b.budget!.usage()).toEqual({ used: 10, limit: 10, remaining: 0 });
  });

  it('ensureRoom: a run that would cross the budget is refused before anything is spent', async () => {
    const f = fleet({ creditBudget: 100, creditsFor: (op) => (op === 'updateRecords' ? 2 : 1) });
    await f.budget!.acquire({ operation: 'updateRecords' }, signal);
    expect(await f.budget!.usage()).toMatchObject({ used: 2 });
    await expect(f.budget!.ensureRoom(99, 'update-leads of 9,900 rows')).rejects.toThrow(/needs about 99 API credits, but only 98 .* nothing was sent/);
    expect(await f.budget!.ensureRoom(98)).toEqual({ used: 2, limit: 100, remaining: 98 });
    expect(await f.budget!.usage()).toMatchObject({ used: 2 });
  });

  it('the edition gives the default budget; false counts nothing', () => {
    expect(fleet({ edition: 'free' }).budget?.limit).toBe(5_000);
    expect(fleet({ edition: 'enterprise' }).budget?.limit).toBe(50_000);
    expect(fleet({ creditBudget: false }).budget).toBeUndefined();
    // The key check and the slots, no budget.
    expect(fleet({ creditBudget: false }).callGates).toHaveLength(2);
  });
});
