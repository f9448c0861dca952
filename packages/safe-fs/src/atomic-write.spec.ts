import { lstat, mkdir, readdir, readFile, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { openAtomicFileSync, removeLeftoverTempFiles, writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
import { makeTempDir } from './test-support/temp-dir.js';

describe('writeFileAtomic', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('writes the content with exactly the mode asked, whatever the umask, and leaves no temp file', async () => {
    const file = path.join(dir, 'store.txt');
    const umask = process.umask(0o000);
    try {
      await writeFileAtomic(file, 'hello', 0o600);
    } finally {
      process.umask(umask);
    }
    expect(await readFile(file, 'utf8')).toBe('hello');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['store.txt']);
  });

  it('replaces a looser file with a 0600 one', async () => {
    const file = path.join(dir, '.env');
    await writeFile(file, 'old', { mode: 0o644 });
    await writeFileAtomic(file, 'new', 0o600);
    expect(await readFile(file, 'utf8')).toBe('new');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file intact and no temp file when the rename fails', async () => {
    const target = path.join(dir, 'target');
    await mkdir(target);
    await writeFile(path.join(target, 'keep'), 'x');
    await expect(writeFileAtomic(target, 'data', 0o600)).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target']);
  });
});

describe('writeFileAtomicSync and openAtomicFileSync', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it('writes in pieces with the exact mode; nothing is visible before commit', async () => {
    const file = path.join(dir, 'out.csv');
    const umask = process.umask(0o077);
    try {
      const out = openAtomicFileSync(file, 0o644);
      out.write('a,');
      out.write('b\n');
      expect(await readdir(dir)).toEqual([expect.stringMatching(/^\.out\.csv\.\d+\.[0-9a-f]{12}\.tmp$/)]);
      out.commit();
    } finally {
      process.umask(umask);
    }
    expect(await readFile(file, 'utf8')).toBe('a,b\n');
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['out.csv']);
  });

  it('abort removes the temp file and leaves the target as it was', async () => {
    const file = path.join(dir, 'out.csv');
    await writeFile(file, 'old');
    const out = openAtomicFileSync(file, 0o644);
    out.write('new');
    out.abort();
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.csv']);
  });

  it('replaces a symlink at the target instead of writing through it', async () => {
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'keep');
    const file = path.join(dir, 'link');
    await symlink(victim, file);
    writeFileAtomicSync(file, 'data', 0o600);
    expect(await readFile(victim, 'utf8')).toBe('keep');
    expect((await lstat(file)).isSymbolicLink()).toBe(false);
    await writeFileAtomic(file, 'again', 0o600);
    expect(await readFile(victim, 'utf8')).toBe('keep');
  });
});

describe('removeLeftoverTempFiles', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
  afterEach(() => cleanup());

  it("removes only this file's temp files", async () => {
    const file = path.join(dir, 'token_store.txt');
    await writeFile(path.join(dir, '.token_store.txt.1234.abcdef012345.tmp'), 'partial');
    await writeFile(path.join(dir, '.other.txt.1234.abcdef012345.tmp'), 'not ours');
    await writeFile(path.join(dir, '.token_store.txt.notes.tmp'), 'not a temp name');
    await writeFile(file, 'store');
    await utimes(file, new Date(), new Date());
    expect(await removeLeftoverTempFiles(file)).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['.other.txt.1234.abcdef012345.tmp', '.token_store.txt.notes.tmp', 'token_store.txt']);
  });
});
