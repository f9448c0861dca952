import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat, mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SafeFsError } from './safe-fs-error.js';

// Files and folders that hold secrets are opened without following symbolic links and are
// refused when someone else owns them: a link planted in a shared or restored folder would
// otherwise make us chmod, read or overwrite a file of the attacker's choosing.

const { O_RDONLY, O_NOFOLLOW = 0, O_DIRECTORY = 0 } = constants;

/** Why a path was refused; `kind` picks the sentence, `message` is ready to show. */
export class UnsafePathError extends SafeFsError {
  override readonly name = 'UnsafePathError';
  declare readonly code: 'UNSAFE_PATH';
  constructor(
    readonly path: string,
    readonly kind: UnsafePathKind,
    message: string,
  ) {
    super('UNSAFE_PATH', message);
  }
}

export type UnsafePathKind = 'symlink' | 'foreign-owner' | 'loose-mode' | 'not-a-file' | 'not-a-directory';

/** Our uid, or undefined where there is none (Windows): ownership is then not checked. */
export function ownUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

function describeOwner(uid: number): string {
  const me = ownUid();
  return me === undefined ? `uid ${uid}` : `uid ${uid}, not you (uid ${me})`;
}

/** Refuses what someone else owns. */
export function assertOwned(target: string, info: Stats, what: string): void {
  const me = ownUid();
  if (me !== undefined && info.uid !== me) {
    throw new UnsafePathError(target, 'foreign-owner', `${what} ${target} belongs to ${describeOwner(info.uid)}; it must belong to the user running zcrmkit`);
  }
}

/** What is at `target` itself (a link is not followed); undefined when nothing is. */
export async function lstatIfExists(target: string): Promise<Stats | undefined> {
  try {
    return await lstat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** The synchronous lstatIfExists. */
export function lstatIfExistsSync(target: string): Stats | undefined {
  try {
    return lstatSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export interface DirectoryRules {
  /** What the folder is, for messages ("token store directory"). */
  what: string;
  /** Mode to create it with, and the most it may allow when it exists; e.g. 0o700. */
  mode: number;
  /** The most an existing folder may allow, when more than `mode` is fine. Default: `mode`. */
  maxMode?: number;
}

/**
 * Makes sure `dir` is a real folder of ours, allowing no more than `rules.mode`. A missing folder
 * (and missing parents) is created with exactly that mode; an existing one is never chmodded — a
 * symlink, someone else's folder or a looser mode is refused with what to fix.
 */
export async function ensurePrivateDirectory(dir: string, rules: DirectoryRules): Promise<void> {
  let info = await lstatIfExists(dir);
  if (!info) {
    await mkdir(path.dirname(dir), { recursive: true, mode: rules.mode });
    try {
      await mkdir(dir, { mode: rules.mode });
      // We created it: set the mode exactly (mkdir's is filtered by the umask), through a handle
      // so that a link swapped in meanwhile is not followed.
      const handle = await open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      try {
        await handle.chmod(rules.mode);
      } finally {
        await handle.close();
      }
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      info = await lstat(dir);
    }
  }
  if (info.isSymbolicLink()) {
    throw new UnsafePathError(dir, 'symlink', `${rules.what} ${dir} is a symbolic link; zcrmkit does not follow links for it: replace it with a folder (mode ${octal(rules.mode)}, owned by you)`);
  }
  if (!info.isDirectory()) throw new UnsafePathError(dir, 'not-a-directory', `${rules.what} ${dir} is not a folder`);
  assertOwned(dir, info, rules.what);
  if ((info.mode & 0o777 & ~(rules.maxMode ?? rules.mode)) !== 0) {
    throw new UnsafePathError(
      dir,
      'loose-mode',
      `${rules.what} ${dir} has mode ${octal(info.mode)}, which lets other users in; it must be ${octal(rules.mode)} and owned by you (chmod ${(rules.mode & 0o777).toString(8)} ${dir}); zcrmkit does not change the mode of a folder it did not create`,
    );
  }
}

/**
 * Opens an existing file without following a symbolic link, and checks it is a regular file of
 * ours. Undefined when it does not exist.
 */
export async function openOwnFile(file: string, flags: number, what: string): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(file, flags | O_NOFOLLOW);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP' || code === 'EMLINK') {
      throw new UnsafePathError(file, 'symlink', `${what} ${file} is a symbolic link; zcrmkit does not follow links for it: replace it with the file itself`);
    }
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UnsafePathError(file, 'not-a-file', `${what} ${file} is not a file`);
    assertOwned(file, info, what);
    return handle;
  } catch (err) {
    await handle.close();
    throw err;
  }
}

/**
 * Opens (creating it with `mode` if missing) a file to append to, without following a symbolic
 * link, and checks it is a regular file of ours. Returns the descriptor; throws UnsafePathError.
 */
export function openOwnFileForAppendSync(file: string, mode: number, what: string): number {
  let fd: number;
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | O_NOFOLLOW, mode);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') {
      throw new UnsafePathError(file, 'symlink', `${what} ${file} is a symbolic link; zcrmkit does not follow links for it: replace it with the file itself`);
    }
    throw err;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new UnsafePathError(file, 'not-a-file', `${what} ${file} is not a file`);
    assertOwned(file, info, what);
    return fd;
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/**
 * The first bytes of an existing file, opened without following a symbolic link and without
 * blocking: a FIFO swapped in after a check must not hang the open (reading it then fails with
 * ESPIPE). Throws what open and read throw (ELOOP for a link).
 */
export function readHeadSync(file: string, maxBytes: number): Buffer {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | O_NOFOLLOW);
  try {
    const buffer = Buffer.alloc(maxBytes);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Whether two paths name one file: the same path, or (hard links, other spellings) the same device and inode. */
export function isSameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}
