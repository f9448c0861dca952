import path from 'node:path';
import { isSafeFsError, withFileLock, type FileLockOptions, type HeldLock } from '@zcrmkit/safe-fs';
import { AuthError } from './auth-error.js';
import { storeIoHint } from './hints.js';

/**
 * withFileLock of @zcrmkit/safe-fs for the token store: its failures are AuthErrors (LOCK_FAILED,
 * STORE_IO), as every failure of this package is, with the same message and hint.
 */
export async function withStoreLock<T>(file: string, options: FileLockOptions, fn: (lock: HeldLock) => Promise<T>): Promise<T> {
  try {
    return await withFileLock(file, { ...options, what: 'token store' }, fn);
  } catch (err) {
    if (!isSafeFsError(err) || (err.code !== 'LOCK_FAILED' && err.code !== 'LOCK_IO')) throw err;
    if (err.code === 'LOCK_FAILED') throw new AuthError('LOCK_FAILED', err.message, { hint: err.hint ?? '', operation: 'store' });
    throw new AuthError('STORE_IO', err.message, { hint: storeIoHint(path.resolve(file)), operation: 'store', cause: err.cause });
  }
}
