import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { silentLogger } from './logger.js';
import { withStoreLock } from './store-lock.js';
import { makeTempDir } from './test-support/temp-dir.js';

// The lock itself is @zcrmkit/safe-fs's (tested there); the token store reports its failures as
// AuthErrors with the message and hint they had before the lock moved.
describe('withStoreLock', () => {
  let dir: string;
  let file: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
    file = path.join(dir, 'token_store.txt');
  });
  afterEach(() => cleanup());

  const options = { staleMs: 2_000, timeoutMs: 5_000, logger: silentLogger };

  it('waits for a live holder and gives up with AuthError LOCK_FAILED after timeoutMs', async () => {
    await mkdir(`${file}.lock`);
    const err = await withStoreLock(file, { ...options, timeoutMs: 300 }, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('LOCK_FAILED');
    expect((err as AuthError).operation).toBe('store');
    expect((err as AuthError).message).toContain('[@zcrmkit/auth] timed out after 300 ms waiting for the lock');
    expect((err as AuthError).hint).toContain(`${file}.lock`);
  });

  it('a lock it cannot create (no such folder) is AuthError STORE_IO with the store hint', async () => {
    const missing = path.join(dir, 'missing', 'token_store.txt');
    const err = await withStoreLock(missing, options, async () => undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).code).toBe('STORE_IO');
    expect((err as AuthError).message).toContain(`cannot lock ${missing} (ENOENT)`);
    expect((err as AuthError).hint).toContain(`Check that ${missing} and its directory exist`);
  });

  it('passes the callback’s own errors through unchanged', async () => {
    const own = new Error('boom');
    await expect(withStoreLock(file, options, async () => Promise.reject(own))).rejects.toBe(own);
  });
});
