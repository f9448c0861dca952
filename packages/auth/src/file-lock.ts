import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type ProperLockfile from 'proper-lockfile';
import { AuthError } from './auth-error.js';
import { lockFailedHint, storeIoHint } from './hints.js';
import type { AuthLogger } from './logger.js';

// proper-lockfile (and graceful-fs, which it patches in) is required on the first lock, not at
// import: a process that never writes the store does not pay for it at start-up.
const requireHere = createRequire(import.meta.url);
let lockfileModule: typeof ProperLockfile | undefined;
function lockfile(): typeof ProperLockfile {
  return (lockfileModule ??= requireHere('proper-lockfile') as typeof ProperLockfile);
}

export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (min 2 000). */
  staleMs: number;
  /** How long to wait for another process to release the lock. */
  timeoutMs: number;
  logger: AuthLogger;
}

export interface HeldLock {
  /** Throws if the lock was lost (taken over as stale) while held; call it before writing. */
  assertHeld(): void;
}

// Callers in one process queue here instead of spinning on the lock directory; the cross-process
// lock (a `<file>.lock` directory refreshed while held) then only arbitrates between processes.
const queues = new Map<string, Promise<void>>();

async function inProcessQueue<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = previous.then(() => mine);
  queues.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** Runs `fn` holding both the in-process queue and the cross-process lock of `file`. */
export function withFileLock<T>(file: string, options: FileLockOptions, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const target = path.resolve(file);
  return inProcessQueue(target, async () => {
    let compromised = false;
    const release = await acquire(target, options, () => {
      compromised = true;
      options.logger.error('lost the token store lock while holding it (event loop blocked for longer than lockStaleMs?)', { path: target });
    });
    try {
      return await fn({
        assertHeld: () => {
          if (compromised) {
            throw new AuthError('LOCK_FAILED', `lost the lock of ${target} while holding it; nothing was written`, {
              hint: lockFailedHint(target),
              operation: 'store',
            });
          }
        },
      });
    } finally {
      if (!compromised) await release().catch((err: unknown) => options.logger.warn('could not release the token store lock', { path: target, code: codeOf(err) }));
    }
  });
}

async function acquire(target: string, options: FileLockOptions, onCompromised: () => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockfile().lock(target, { realpath: false, stale: options.staleMs, retries: 0, onCompromised });
    } catch (err) {
      const code = codeOf(err);
      if (code !== 'ELOCKED') {
        throw new AuthError('STORE_IO', `cannot lock ${target} (${code ?? 'unknown error'})`, { hint: storeIoHint(target), operation: 'store', cause: err });
      }
      if (Date.now() >= deadline) {
        throw new AuthError('LOCK_FAILED', `timed out after ${options.timeoutMs} ms waiting for the lock of ${target}`, {
          hint: lockFailedHint(target),
          operation: 'store',
        });
      }
      // Jitter keeps waiting processes from retrying in lockstep.
      await sleep(Math.min(10 + attempt * 5, 50) + Math.random() * 20);
    }
  }
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
