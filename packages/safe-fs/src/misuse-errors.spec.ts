import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openAtomicFileSync } from './atomic-write.js';
import { ensurePrivateDirectory, UnsafePathError } from './safe-fs.js';
import { SafeFsError } from './safe-fs-error.js';

// Every misuse throws a SafeFsError with a stable code and a message naming what is wrong. This
// package cannot import @zcrmkit/config, so it checks the process-wide mark that makes
// `instanceof ZcrmkitError` hold (config's own spec checks that the mark is what it tests).
const ZCRMKIT_ERROR = Symbol.for('@zcrmkit/error');
const isZcrmkitMarked = (err: unknown) => (err as Record<symbol, unknown> | null)?.[ZCRMKIT_ERROR] === true;
const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
};

const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-safe-fs-misuse-'));

describe('@zcrmkit/safe-fs misuse errors', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an atomic file written after its commit', () => {
    const file = openAtomicFileSync(path.join(dir, 'atomic.txt'), 0o600);
    file.write('x');
    file.commit();
    for (const run of [() => file.write('y'), () => file.commit()]) {
      expect(run).toThrow(SafeFsError);
      expect(run).toThrow(expect.objectContaining({ code: 'USED_AFTER_CLOSE', message: expect.stringContaining('atomic.txt') }));
      expect(isZcrmkitMarked(thrown(run))).toBe(true);
    }
  });

  it('ensurePrivateDirectory on a symbolic link', async () => {
    const target = mkdtempSync(path.join(dir, 'target-'));
    const link = path.join(dir, 'link');
    symlinkSync(target, link);
    const ensuring = ensurePrivateDirectory(link, { what: 'token store directory', mode: 0o700 });
    await expect(ensuring).rejects.toThrow(UnsafePathError);
    await expect(ensuring).rejects.toThrow(SafeFsError);
    await expect(ensuring).rejects.toThrow(expect.objectContaining({ name: 'UnsafePathError', code: 'UNSAFE_PATH', message: expect.stringContaining('is a symbolic link') }));
    expect(isZcrmkitMarked(await ensuring.catch((err: unknown) => err))).toBe(true);
  });
});
