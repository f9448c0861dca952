import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRequire } from 'node:module';
import type ProperLockfile from 'proper-lockfile';
import { SafeFsError } from './safe-fs-error.js';

// proper-lockfile (and graceful-fs, which it patches in) is required on the first lock, not at
// import: a process that never writes a locked file does not pay for it at start-up.
const requireHere = createRequire(import.meta.url);
let lockfileModule: typeof ProperLockfile | undefined;
function lockfile(): typeof ProperLockfile {
  return (lockfileModule ??= requireHere('proper-lockfile') as typeof ProperLockfile);
}

/** What the lock logs through; a winston or pino logger, `console` and @zcrmkit/auth's AuthLogger fit. */
export interface FileLockLogger {
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, meta?: Record<string, unknown>): void;
}

export interface FileLockOptions {
  /** A lock not refreshed for this long belongs to a dead process and is taken over (min 2 000). */
  staleMs: number;
  /** How long to wait for another process to release the lock. */
  timeoutMs: number;
  logger: FileLockLogger;
  /** What the locked file is, for log lines ("token store"). Default: "token store". */
  what?: string;
}

export interface HeldLock {
  /** Throws if the lock was lost (taken over as stale) while held; call it before writing. */
  assertHeld(): void;
}

/** Releases a lock taken by lockFileNow. */
export type ReleaseLock = () => Promise<void>;

/**
 * Takes the cross-process lock of `file` (a `<file>.lock` folder beside it, refreshed while held,
 * taken over once stale) without waiting. Rejects with the lock library's error, whose `code` is
 * `ELOCKED` when a live process holds it, so that a caller words its own refusal. `onLost` is
 * called if the lock is taken over while held (the event loop was blocked for longer than
 * `staleMs`).
 */
export function lockFileNow(file: string, options: { staleMs: number; onLost: () => void }): Promise<ReleaseLock> {
  // realpath off: the file may not exist yet.
  return lockfile().lock(path.resolve(file), { realpath: false, stale: options.staleMs, retries: 0, onCompromised: options.onLost });
}

// Callers in one process queue here instead of spinning on the lock directory; the cross-process
// lock then only arbitrates between processes.
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

/** The advice of a LOCK_FAILED error. */
export function lockFailedHint(file: string): string {
  return `Another process held ${file}.lock for too long. If no other zcrmkit process is running, delete ${file}.lock and retry.`;
}

/**
 * Runs `fn` holding both the in-process queue and the cross-process lock of `file`, waiting up to
 * `timeoutMs` for another holder. Throws SafeFsError LOCK_FAILED (timed out, or the lock was lost
 * before `assertHeld`) or LOCK_IO (the lock could not be taken at all).
 */
export function withFileLock<T>(file: string, options: FileLockOptions, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  const target = path.resolve(file);
  const what = options.what ?? 'token store';
  return inProcessQueue(target, async () => {
    let compromised = false;
    const release = await acquire(target, options, () => {
      compromised = true;
      options.logger.error(`lost the ${what} lock while holding it (event loop blocked for longer than lockStaleMs?)`, { path: target });
    });
    try {
      return await fn({
        assertHeld: () => {
          if (compromised) {
            throw new SafeFsError('LOCK_FAILED', `lost the lock of ${target} while holding it; nothing was written`, { hint: lockFailedHint(target) });
          }
        },
      });
    } finally {
      if (!compromised) await release().catch((err: unknown) => options.logger.warn(`could not release the ${what} lock`, { path: target, code: codeOf(err) }));
    }
  });
}

async function acquire(target: string, options: FileLockOptions, onLost: () => void): Promise<ReleaseLock> {
  const deadline = Date.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockFileNow(target, { staleMs: options.staleMs, onLost });
    } catch (err) {
      const code = codeOf(err);
      if (code !== 'ELOCKED') {
        throw new SafeFsError('LOCK_IO', `cannot lock ${target} (${code ?? 'unknown error'})`, { hint: `Check that ${target} and its directory exist, belong to the user running zcrmkit and are readable and writable by it.`, cause: err });
      }
      if (Date.now() >= deadline) {
        throw new SafeFsError('LOCK_FAILED', `timed out after ${options.timeoutMs} ms waiting for the lock of ${target}`, { hint: lockFailedHint(target) });
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
