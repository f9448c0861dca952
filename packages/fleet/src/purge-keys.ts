import { Redis } from 'ioredis';

/**
 * Deletes every key under `keyPrefix`: a fleet's whole state in Redis (shared token, slots, token
 * ledger, credit budget, org profile). For tests and for retiring a fleet — never while its workers
 * run. A server that cannot be reached has nothing to delete: 0. Returns the keys deleted.
 */
export async function purgeFleetKeys(redisUrl: string, keyPrefix: string): Promise<number> {
  if (keyPrefix.trim() === '') throw new Error('purgeFleetKeys needs a key prefix: it never empties a whole Redis');
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, connectTimeout: 1_000, disconnectTimeout: 100 });
  client.on('error', () => undefined);
  let deleted = 0;
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${keyPrefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await client.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Nothing reachable, nothing to delete.
  } finally {
    client.disconnect();
  }
  return deleted;
}
