import { randomBytes } from 'node:crypto';
import { open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

const TMP_SUFFIX = '.tmp';

function tmpPrefix(file: string): string {
  return `.${path.basename(file)}.`;
}

/**
 * Writes `data` to `file` so that readers see either the old or the new content, never a mix or a
 * truncated file, even if the process dies half-way: a temporary file in the same directory (same
 * file system, so the rename is atomic), written with `mode`, fsynced, then renamed over `file`.
 */
export async function writeFileAtomic(file: string, data: string, mode: number): Promise<void> {
  const dir = path.dirname(file);
  // The name holds no secret: the target's base name, the pid and random bytes.
  const tmp = path.join(dir, `${tmpPrefix(file)}${process.pid}.${randomBytes(6).toString('hex')}${TMP_SUFFIX}`);
  const handle = await open(tmp, 'wx', mode);
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
