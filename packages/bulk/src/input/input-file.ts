import { constants, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { BulkError } from '../bulk-error.js';

/** What identifies one version of a file: a replaced, appended or rewritten file differs in one of these. */
export interface FileIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export function identityOf(s: Stats): FileIdentity {
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return 'a FIFO (named pipe)';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  if (s.isDirectory()) return 'a folder';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Opens an input for reading, refusing anything but a regular file. O_NONBLOCK makes the open of a
 * FIFO return at once instead of waiting for a writer (forever, if none comes); the check is on the
 * opened descriptor, so a path swapped between a check and the open cannot slip a FIFO through.
 */
export async function openRegularFile(file: string): Promise<{ handle: FileHandle; identity: FileIdentity }> {
  let handle: FileHandle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new BulkError('INPUT_INVALID', `cannot read ${file} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(err))})`);
  }
  const s = await handle.stat();
  if (!s.isFile()) {
    await handle.close();
    throw new BulkError('INPUT_NOT_REGULAR', `${file} is ${kindOf(s)}; a bulk run reads its input more than once, so it must be a regular file — save the data to a file first`);
  }
  return { handle, identity: identityOf(s) };
}

/** INPUT_CHANGED for `file`, saying what to do. */
export function inputChanged(file: string, what: string): BulkError {
  return new BulkError('INPUT_CHANGED', `${file} changed while the run was using it (${what}); no further row was sent. Let the file settle, then run again: rows already applied come back unchanged`);
}

/** Throws INPUT_CHANGED unless both the open descriptor and the path still show the version first checked. */
export async function assertUnchanged(file: string, handle: FileHandle, identity: FileIdentity): Promise<void> {
  if (!sameIdentity(identityOf(await handle.stat()), identity)) throw inputChanged(file, 'its size or modification time changed');
  let now: Stats;
  try {
    now = await stat(file);
  } catch {
    throw inputChanged(file, 'it was removed or renamed');
  }
  if (!sameIdentity(identityOf(now), identity)) throw inputChanged(file, 'another file now has its name');
}
