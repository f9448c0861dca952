import type { BigIntStats } from 'node:fs';

/**
 * A file's identity and last change, from a `{ bigint: true }` stat: device, inode, size and the
 * nanosecond mtime and ctime. Equal strings mean the same file, unchanged (a rewrite or a rename
 * over it changes one of them); used to trust what was read of a file earlier.
 */
export function fileIdentity(s: BigIntStats): string {
  return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
}
