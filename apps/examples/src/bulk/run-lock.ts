import path from 'node:path';
import lockfile from 'proper-lockfile';

/** A lock not refreshed for this long belongs to a dead run and is taken over. */
const STALE_MS = 10_000;

export interface RunLock {
  release(): Promise<void>;
}

export type RunLockResult = { ok: true; lock: RunLock } | { ok: false; file: string; message: string };

/**
 * Locks every file of a run (input and results) across processes, so that two runs on one file
 * cannot both send updates. A `<file>.lock` directory is created beside each file and refreshed
 * while the run lives; a crashed run's lock goes stale and is taken over. Nothing waits: a file
 * already locked is a refusal.
 */
export async function lockRunFiles(files: readonly string[], onLost: (file: string) => void): Promise<RunLockResult> {
  const unique = [...new Set(files.map((f) => path.resolve(f)))];
  const held: (() => Promise<void>)[] = [];
  const releaseAll = async () => {
    for (const release of held.splice(0).reverse()) await release().catch(() => undefined);
  };
  for (const file of unique) {
    try {
      // realpath off: the results file may not exist yet.
      held.push(await lockfile.lock(file, { realpath: false, stale: STALE_MS, retries: 0, onCompromised: () => onLost(file) }));
    } catch (err) {
      await releaseAll();
      if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
        return {
          ok: false,
          file,
          message: `another update-leads run is using ${file} (lock ${file}.lock); nothing was sent. Wait for it to finish; a lock left by a run that died is taken over after ${STALE_MS / 1000} s.`,
        };
      }
      return { ok: false, file, message: `cannot lock ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); nothing was sent` };
    }
  }
  return { ok: true, lock: { release: releaseAll } };
}
