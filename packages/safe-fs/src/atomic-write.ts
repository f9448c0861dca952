import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { SafeFsError } from './safe-fs-error.js';

// The one way zcrmkit writes a file (token store, .env, bulk results): a temporary file in the
// same directory (same file system, so the rename is atomic) under a random name, created
// exclusively and without following links (a name planted in advance, as a file or a symlink,
// makes the write fail instead of redirecting it), given `mode` exactly, fsynced, then renamed
// over the target; on any failure the temporary file is removed. Readers see the old content or
// the new, never a mix, even if the process dies half-way.

const TMP_SUFFIX = '.tmp';
const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW = 0 } = constants;
const CREATE_EXCLUSIVE = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

function tmpPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/** The name holds no secret: the target's base name, the pid and 12 random hex digits. */
function tmpPathFor(file: string): string {
  return path.join(path.dirname(file), `${tmpPrefix(file)}${process.pid}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`);
}

/** Writes `data` to `file` atomically with exactly `mode` (see the file comment). */
export async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  const tmp = tmpPathFor(file);
  const handle = await open(tmp, CREATE_EXCLUSIVE, mode);
  try {
    try {
      // The umask may have taken bits away from `mode`; never more than `mode`, so set it exactly.
      await handle.chmod(mode);
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await syncDirectory(dir);
}

/** A file being written atomically: nothing is visible at its path until `commit()`. */
export interface AtomicFileSync {
  write(chunk: string): void;
  /** fsync, rename over the target. */
  commit(): void;
  /** Removes the temporary file; the target is left as it was. Safe after a failed commit. */
  abort(): void;
}

/**
 * The synchronous, incremental form of writeFileAtomic, for callers that must finish inside a
 * signal handler or write more than fits in memory at once.
 */
export function openAtomicFileSync(file: string, mode: number): AtomicFileSync {
  const tmp = tmpPathFor(file);
  let fd: number | undefined = openSync(tmp, CREATE_EXCLUSIVE, mode);
  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    closeSync(open);
  };
  const abort = () => {
    try {
      close();
    } catch {
      // Closing is best effort once we give up; the unlink below is what matters.
    }
    try {
      unlinkSync(tmp);
    } catch {
      // Already renamed or removed.
    }
  };
  try {
    fchmodSync(fd, mode);
  } catch (err) {
    abort();
    throw err;
  }
  return {
    write(chunk) {
      if (fd === undefined) throw usedAfterClose(file, 'write');
      try {
        writeSync(fd, chunk);
      } catch (err) {
        abort();
        throw err;
      }
    },
    commit() {
      if (fd === undefined) throw usedAfterClose(file, 'commit');
      try {
        fsyncSync(fd);
        close();
        renameSync(tmp, file);
      } catch (err) {
        abort();
        throw err;
      }
      syncDirectorySync(path.dirname(file));
    },
    abort,
  };
}

/** Synchronous writeFileAtomic. */
export function writeFileAtomicSync(file: string, data: string, mode: number): void {
  const out = openAtomicFileSync(file, mode);
  out.write(data);
  out.commit();
}

/** Makes the rename itself durable; not every platform can open a directory, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Durability of the rename is best effort; atomicity does not depend on it.
  }
}

function syncDirectorySync(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // As above: best effort.
  }
}

/**
 * Deletes temporary files a killed writer left behind. Only safe while holding the lock that every
 * writer of `file` takes, since then no live writer can own one.
 */
export async function removeLeftoverTempFiles(file: string): Promise<number> {
  const prefix = tmpPrefix(file);
  let names: string[];
  try {
    names = await readdir(path.dirname(file));
  } catch {
    return 0;
  }
  const leftovers = names.filter((n) => n.startsWith(prefix) && n.endsWith(TMP_SUFFIX) && /^\d+\.[0-9a-f]+$/.test(n.slice(prefix.length, -TMP_SUFFIX.length)));
  await Promise.all(leftovers.map((n) => unlink(path.join(path.dirname(file), n)).catch(() => undefined)));
  return leftovers.length;
}

function usedAfterClose(file: string, what: 'write' | 'commit'): SafeFsError {
  return new SafeFsError('USED_AFTER_CLOSE', `${file}: ${what} after commit or abort`, { hint: 'Open a new atomic file for each write; a committed or aborted one is closed.' });
}
