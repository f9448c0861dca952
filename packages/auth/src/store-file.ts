import { constants } from 'node:fs';
import path from 'node:path';
import { AuthError } from './auth-error.js';
import { storeCorruptHint, storeIoHint, storeUnsafeHint } from './hints.js';
import { ensurePrivateDirectory, openOwnFile, UnsafePathError } from './safe-fs.js';
import type { AuthLogger } from './logger.js';
import { parseStore, serializeStore, StoreFormatError, type StoreRow } from './store-format.js';
import { writeFileAtomic } from './atomic-write.js';

export const FILE_MODE = 0o600;
export const DIR_MODE = 0o700;

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

function ioError(file: string, what: string, err: unknown): AuthError {
  return new AuthError('STORE_IO', `cannot ${what} ${file} (${codeOf(err)})`, { hint: storeIoHint(file), operation: 'store', cause: err });
}

function unsafeError(err: UnsafePathError): AuthError {
  if (err.kind === 'not-a-file' || err.kind === 'not-a-directory') {
    return new AuthError('STORE_IO', err.message, { hint: storeIoHint(err.path), operation: 'store' });
  }
  return new AuthError('STORE_UNSAFE', `${err.message}; it was left untouched`, { hint: storeUnsafeHint(err.path), operation: 'store' });
}

/** Reads and parses the store; a missing file is an empty store, a corrupt one an error. */
export async function readStoreFile(file: string): Promise<{ rows: StoreRow[]; exists: boolean }> {
  let text: string;
  try {
    const handle = await openOwnFile(file, constants.O_RDONLY, 'token store file');
    if (!handle) return { rows: [], exists: false };
    try {
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof UnsafePathError) throw unsafeError(err);
    throw ioError(file, 'read', err);
  }
  try {
    return { rows: parseStore(text), exists: true };
  } catch (err) {
    if (err instanceof StoreFormatError) {
      // The reason names a line and a count, never the line's content: it may hold tokens.
      throw new AuthError('STORE_CORRUPT', `${file} is not a token store (${err.message})`, { hint: storeCorruptHint(file), operation: 'store' });
    }
    throw err;
  }
}

/** Replaces the store's content atomically with mode 0600. Call it holding the lock. */
export async function writeStoreFile(file: string, rows: readonly StoreRow[]): Promise<void> {
  const text = serializeStore(rows);
  try {
    await writeFileAtomic(file, text, FILE_MODE);
  } catch (err) {
    throw ioError(file, 'write', err);
  }
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

/**
 * Makes sure the store's directory is a private folder of ours (created 0700 if missing; refused,
 * never chmodded, if it is a link, someone else's or open to others) and that the store file, if
 * there is one, is a file of ours, not a link; a file of ours that others may read is tightened
 * to 0600, saying so once. Returns whether the file exists.
 */
export async function secureStoreLocation(file: string, logger: AuthLogger): Promise<boolean> {
  const dir = path.dirname(file);
  try {
    await ensurePrivateDirectory(path.dirname(dir), { what: 'data directory', mode: DIR_MODE, maxMode: 0o777 });
    await ensurePrivateDirectory(dir, { what: 'token store directory', mode: DIR_MODE });
  } catch (err) {
    if (err instanceof UnsafePathError) throw unsafeError(err);
    throw ioError(dir, 'create the directory', err);
  }
  try {
    const handle = await openOwnFile(file, constants.O_RDONLY, 'token store file');
    if (!handle) return false;
    try {
      const { mode } = await handle.stat();
      if ((mode & 0o077) !== 0) {
        // Through the handle: the file checked is the file changed.
        await handle.chmod(FILE_MODE);
        logger.warn(`token store file was accessible to other users; permissions tightened from ${octal(mode)} to ${octal(FILE_MODE)}`, { path: file });
      }
    } finally {
      await handle.close();
    }
    return true;
  } catch (err) {
    if (err instanceof UnsafePathError) throw unsafeError(err);
    throw ioError(file, 'check the permissions of', err);
  }
}
