import { mkdir, rmdir, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { withFileLock } from './file-lock.js';
import { SafeFsError } from './safe-fs-error.js';
import { makeTempDir } from './test-support/temp-dir.js';

describe('withFileLock', () => {
  let dir: string;
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    file = path.join(dir, 'token_store.txt');
  });
  afterEach(() => cleanup());

  const silent = { warn: () => undefined, error: () => undefined };
  const options = { staleMs: 2_000, timeoutMs: 5_000, logger: silent };

  it('runs callers of one process one at a time, in order, and releases the lock', async () => {
    const events: string[] = [];
    let inside = 0;
    let maxInside = 0;
    await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        withFileLock(file, options, async () => {
          inside++;
          maxInside = Math.max(maxInside, inside);
          events.push(`start ${n}`);
          await sleep(5);
          events.push(`end ${n}`);
          inside--;
        }),
      ),
    );
    expect(maxInside).toBe(1);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3', 'start 4', 'end 4', 'start 5', 'end 5']);
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('releases the lock when the callback throws', async () => {
    await expect(withFileLock(file, options, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(stat(`${file}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('takes over a lock left by a dead process once it is stale', async () => {
    await mkdir(`${file}.lock`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${file}.lock`, old, old);
    let ran = false;
    await withFileLock(file, options, async (lock) => {
      lock.assertHeld();
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it('waits for a live holder and gives up with LOCK_FAILED after timeoutMs', async () => {
    await mkdir(`${file}.lock`);
    const err = await withFileLock(file, { ...options, timeoutMs: 300 }, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SafeFsError);
    expect((err as SafeFsError).code).toBe('LOCK_FAILED');
    expect((err as SafeFsError).message).toContain('timed out after 300 ms waiting for the lock');
    expect((err as SafeFsError).hint).toContain(`${file}.lock`);
  });

  it('gets the lock after another holder releases it, not before', async () => {
    // Another process's lock: the directory proper-lockfile creates, fresh, removed after 150 ms.
    await mkdir(`${file}.lock`);
    let holderGone = false;
    // Set before the directory goes, so a lock taken at once after the rmdir still sees it.
    const released = sleep(150).then(() => {
      holderGone = true;
      return rmdir(`${file}.lock`);
    });
    let ranAfterRelease: boolean | undefined;
    // Outcome, not speed: it waited (the holder was gone when it ran) and it got the lock well
    // before timeoutMs (no LOCK_FAILED).
    await withFileLock(file, options, async (lock) => {
      lock.assertHeld();
      ranAfterRelease = holderGone;
    });
    await released;
    expect(ranAfterRelease).toBe(true);
  });
});
