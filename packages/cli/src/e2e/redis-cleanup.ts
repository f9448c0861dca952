import { Redis } from 'ioredis';

/** Deletes a test's keys; a server that is gone has nothing left to clean. */
export async function cleanupPrefix(url: string, prefix: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true, connectTimeout: 1_000, disconnectTimeout: 100 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Nothing reachable, nothing to clean.
  } finally {
    client.disconnect();
  }
}
