import { constants, lstatSync, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { AuthError } from './auth-error.js';
import { storeCorruptHint, storeIoHint, storeUnsafeHint } from './hints.js';
import { ensurePrivateDirectory, openOwnFile, UnsafePathError, writeFileAtomic } from '@zcrmkit/safe-fs';
import type { AuthLogger } from './logger.js';
import { parseStore, serializeStore, StoreFormatError, type StoreRow } from './store-format.js';

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

// The SDK asks the store for its token before every request, so the file is read once per API
// call. It only changes by an atomic rename (a new inode) or not at all, so a read is kept and
// served again while the file's identity (device, inode, size, times) is what it was: one lstat
// instead of open, fstat, read and close. A file modified within RACY_WINDOW_MS of being read is
// not kept (coarse timestamps could hide a second write), nor is anything not a plain file of ours.
const RACY_WINDOW_MS = 50;
const kept = new Map<string, { stamp: string; rows: StoreRow[] }>();

function stampOf(file: string): { stamp: string; info: BigIntStats } | undefined {
  const info = lstatSync(file, { bigint: true, throwIfNoEntry: false });
  return info ? { stamp: `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`, info } : undefined;
}

const copyRows = (rows: readonly StoreRow[]): StoreRow[] => rows.map((r) => ({ ...r }));

/** Reads and parses the store; a missing file is an empty store, a corrupt one an error. */
export async function readStoreFile(file: string): Promise<{ rows: StoreRow[]; exists: boolean }> {
  const before = stampOf(file);
  const hit = kept.get(file);
  if (before && hit && hit.stamp === before.stamp) return { rows: copyRows(hit.rows), exists: true };
  kept.delete(file);
  const read = await readStoreFileFresh(file);
  if (before && read.exists && before.info.isFile() && Date.now() - Number(before.info.mtimeMs) > RACY_WINDOW_MS) {
    // Kept under the identity seen before the read: had the file changed in between, the next
    // lstat differs from it and the file is read again.
    kept.set(file, { stamp: before.stamp, rows: copyRows(read.rows) });
  }
  return read;
}

async function readStoreFileFresh(file: string): Promise<{ rows: StoreRow[]; exists: boolean }> {
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
  kept.delete(file);
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
