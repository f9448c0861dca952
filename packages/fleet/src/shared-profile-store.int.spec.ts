import { execFileSync } from 'node:child_process';
import { afterAll, afterEach, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createFleet, type Fleet } from './create-fleet.js';
import { cleanPrefix, describeRedis, testPrefix, TEST_REDIS_URL } from './test-support/redis.js';

const prefix = testPrefix();
const opened: Fleet[] = [];

function fleet(): Fleet {
  const f = createFleet({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix, clientId: '1000.CLIENTABCDEF', refreshToken: '1000.0123456789abcdef.0123456789abcdef', allowPlaintext: true });
  opened.push(f);
  return f;
}

interface Doc {
  modules: Record<string, { demanded: string[] }>;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((f) => f.close()));
  await cleanPrefix(prefix);
});
afterAll(() => cleanPrefix(prefix));

describeRedis('org profile in Redis (crm-core orgProfile store)', () => {
  it('what one worker keeps, another reads; concurrent updates from many workers are all kept', async () => {
    const workers = Array.from({ length: 6 }, () => fleet().clientOptions().orgProfile);
    const fields = Array.from({ length: 24 }, (_, i) => `Field_${String(i).padStart(2, '0')}`);
    await Promise.all(
      fields.map((f, i) =>
        workers[i % workers.length]!.update<Doc>('org-1', (current) => ({
          modules: { ...current.modules, Leads: { demanded: [...new Set([...(current.modules['Leads']?.demanded ?? []), f])].sort() } },
        })),
      ),
    );
    expect((await workers[5]!.read<Doc>('org-1'))?.modules['Leads']?.demanded).toEqual(fields);
    expect(await workers[0]!.read<Doc>('org-2')).toBeUndefined();
  });

  it('the key names a hash, expires by itself, and a damaged value is a miss that the next update replaces', async () => {
    const store = fleet().clientOptions().orgProfile;
    await store.update<Doc>('org-secretish-key', () => ({ modules: { Leads: { demanded: ['Last_Name'] } } }));
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const keys = await redis.keys(`${prefix}:*profile*`);
      expect(keys).toHaveLength(1);
      expect(keys[0]).not.toContain('org-secretish-key');
      expect(await redis.pttl(keys[0]!)).toBeGreaterThan(0);
      await redis.set(keys[0]!, '{"modules":');
      expect(await store.read('org-secretish-key')).toBeUndefined();
      await store.update<Doc>('org-secretish-key', (current) => ({ modules: { ...current.modules, Leads: { demanded: ['Company'] } } }));
      expect(await store.read<Doc>('org-secretish-key')).toEqual({ modules: { Leads: { demanded: ['Company'] } } });
    } finally {
      redis.disconnect();
    }
  });

  it('another process writing between the read and the write: the update is redone on what it wrote (compare-and-set)', async () => {
    const store = fleet().clientOptions().orgProfile;
    await store.update<Doc>('org-3', () => ({ modules: { Leads: { demanded: ['Last_Name'] } } }));
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const [key] = await redis.keys(`${prefix}:*profile*`);
      let calls = 0;
      await store.update<Doc>('org-3', (current) => {
        calls++;
        // The first time, another host's worker slips its lesson in before this one is written.
        // (redis-cli, synchronously: the write has landed before this change is sent.)
        if (calls === 1) execFileSync('redis-cli', ['-u', TEST_REDIS_URL, 'SET', key!, JSON.stringify({ modules: { Leads: { demanded: ['Last_Name', 'Email'] } } }), 'PX', '60000']);
        return { modules: { Leads: { demanded: [...(current.modules['Leads']?.demanded ?? []), 'Company'] } } };
      });
      expect(calls).toBe(2);
      expect(await store.read<Doc>('org-3')).toEqual({ modules: { Leads: { demanded: ['Last_Name', 'Email', 'Company'] } } });
    } finally {
      redis.disconnect();
    }
  });
});
