import { chmod, mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { AuthError } from './auth-error.js';
import { storeCorruptHint, storeIoHint } from './hints.js';
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

/** Reads and parses the store; a missing file is an empty store, a corrupt one an error. */
export async function readStoreFile(file: string): Promise<{ rows: StoreRow[]; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return { rows: [], exists: false };
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
 * Creates the store's directory (0700) if missing and takes group/other access away from the
 * directory and the file if they have any, saying so once. Returns whether the file exists.
 */
export async function secureStoreLocation(file: string, logger: AuthLogger): Promise<boolean> {
  const dir = path.dirname(file);
  try {
    await mkdir(path.dirname(dir), { recursive: true });
    try {
      await mkdir(dir, { mode: DIR_MODE });
      // mkdir's mode is filtered by the umask; set it exactly.
      await chmod(dir, DIR_MODE);
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') throw err;
      await tighten(dir, DIR_MODE, 'directory', logger, true);
    }
  } catch (err) {
    if (err instanceof AuthError) throw err;
    throw ioError(dir, 'create the directory', err);
  }
  try {
    return await tighten(file, FILE_MODE, 'file', logger, false);
  } catch (err) {
    if (err instanceof AuthError) throw err;
    throw ioError(file, 'check the permissions of', err);
  }
}

async function tighten(target: string, mode: number, kind: 'file' | 'directory', logger: AuthLogger, mustExist: boolean): Promise<boolean> {
  let info;
  try {
    info = await stat(target);
  } catch (err) {
    if (!mustExist && codeOf(err) === 'ENOENT') return false;
    throw err;
  }
  if (kind === 'file' ? !info.isFile() : !info.isDirectory()) {
    throw new AuthError('STORE_IO', `${target} is not a ${kind}`, { hint: storeIoHint(target), operation: 'store' });
  }
  if ((info.mode & 0o077) !== 0) {
    await chmod(target, mode);
    logger.warn(`token store ${kind} was accessible to other users; permissions tightened from ${octal(info.mode)} to ${octal(mode)}`, { path: target });
  }
  return true;
}
