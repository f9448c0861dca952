import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A fresh private directory per test; remove it with `cleanup`. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'zcrmkit-safe-fs-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
