import path from 'node:path';
import { lockFileNow } from '@zcrmkit/safe-fs';
import { BulkError } from '../bulk-error.js';

/** A lock not refreshed for this long belongs to a dead run and is taken over. */
export const RUN_LOCK_STALE_MS = 10_000;

export interface RunLock {
  release(): Promise<void>;
}

/**
 * Locks every file of a run (input and results) across processes, so that two runs on one file
 * cannot both send updates. A `<file>.lock` folder is created beside each file and refreshed while
 * the run lives; a crashed run's lock goes stale and is taken over. Nothing waits: a file already
 * locked is refused at once (IN_USE).
 */
export async function lockRunFiles(files: readonly (string | undefined)[], onLost: (file: string) => void): Promise<RunLock> {
  const unique = [...new Set(files.filter((f): f is string => typeof f === 'string').map((f) => path.resolve(f)))];
  const held: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of held.splice(0).reverse()) await release().catch(() => undefined);
  };
  for (const file of unique) {
    try {
      held.push(await lockFileNow(file, { staleMs: RUN_LOCK_STALE_MS, onLost: () => onLost(file) }));
    } catch (err) {
      await releaseAll();
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
        throw new BulkError('IN_USE', `another bulk run is using ${file} (lock ${file}.lock); nothing was sent. Wait for it to finish; a lock left by a run that died is taken over after ${RUN_LOCK_STALE_MS / 1000} s`);
      }
      throw new BulkError('IN_USE', `cannot lock ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was sent`, { cause: err });
    }
  }
  return { release: releaseAll };
}
