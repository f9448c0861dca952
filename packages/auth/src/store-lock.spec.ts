import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { silentLogger } from './logger.js';
import { withStoreLock } from './store-lock.js';
import { makeTempDir } from './test-support/temp-dir.js';

// The lock itself is @zcrmkit/safe-fs's (tested there); the token store reports its failures as
// AuthErrors with the message and hint they had before the lock moved.
let temp: Awaited<ReturnType<typeof makeTempDir>>;
beforeEach(async () => {
  temp = await makeTempDir();
});
afterEach(() => temp.cleanup());

const lockOptions = (timeoutMs: number) => ({ staleMs: 2_000, timeoutMs, logger: silentLogger });
const failureOf = (file: string, timeoutMs = 5_000) => withStoreLock(file, lockOptions(timeoutMs), async () => undefined).catch((e: unknown) => e);

describe('withStoreLock', () => {
  it('gives up on a live holder with AuthError LOCK_FAILED after timeoutMs', async () => {
    const store = path.join(temp.dir, 'token_store.txt');
    await mkdir(`${store}.lock`);
    const err = await failureOf(store, 300);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({
      code: 'LOCK_FAILED',
      operation: 'store',
      message: expect.stringContaining('[@zcrmkit/auth] timed out after 300 ms waiting for the lock'),
      hint: expect.stringContaining(`${store}.lock`),
    });
  });

  it('a lock it cannot create (no such folder) is AuthError STORE_IO with the store hint', async () => {
    const missing = path.join(temp.dir, 'missing', 'token_store.txt');
    const err = await failureOf(missing);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({
      code: 'STORE_IO',
      message: expect.stringContaining(`cannot lock ${missing} (ENOENT)`),
      hint: expect.stringContaining(`Check that ${missing} and its directory exist`),
    });
  });

  it('passes the callback’s own errors through unchanged', async () => {
    const own = new Error('boom');
    await expect(withStoreLock(path.join(temp.dir, 'token_store.txt'), lockOptions(5_000), async () => Promise.reject(own))).rejects.toBe(own);
  });
});
