import { purgeFleetKeys } from '@zcrmkit/fleet';

/** Deletes a test's keys; a server that is gone has nothing left to clean. */
export async function cleanupPrefix(url: string, prefix: string): Promise<void> {
  await purgeFleetKeys(url, prefix);
}
