import { execFileSync } from 'node:child_process';
import { closeSync, constants } from 'node:fs';
import { chmod, link, lstat, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ensurePrivateDirectory, isSameFile, lstatIfExists, lstatIfExistsSync, openOwnFile, openOwnFileForAppendSync, readHeadSync, UnsafePathError } from './safe-fs.js';
import { makeTempDir } from './test-support/temp-dir.js';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await makeTempDir()));
afterEach(() => cleanup());

describe('ensurePrivateDirectory', () => {
  it('creates a missing folder with exactly the mode asked, whatever the umask', async () => {
    const target = path.join(dir, 'a', 'b');
    const umask = process.umask(0o000);
    try {
      await ensurePrivateDirectory(target, { what: 'test folder', mode: 0o700 });
    } finally {
      process.umask(umask);
    }
    expect((await stat(target)).mode & 0o777).toBe(0o700);
  });

  it('refuses an existing folder open to others and leaves its mode as it was', async () => {
    const target = path.join(dir, 'open');
    await mkdir(target);
    await chmod(target, 0o755);
    const err = await ensurePrivateDirectory(target, { what: 'test folder', mode: 0o700 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafePathError);
    expect(err).toMatchObject({ kind: 'loose-mode', path: target, message: expect.stringContaining('test folder') });
    expect((await stat(target)).mode & 0o777).toBe(0o755);
  });

  it('accepts what maxMode allows', async () => {
    const target = path.join(dir, 'shared');
    await mkdir(target);
    await chmod(target, 0o755);
    await expect(ensurePrivateDirectory(target, { what: 'test folder', mode: 0o700, maxMode: 0o777 })).resolves.toBeUndefined();
  });

  it('refuses a file where the folder should be', async () => {
    const target = path.join(dir, 'file');
    await writeFile(target, 'x');
    await expect(ensurePrivateDirectory(target, { what: 'test folder', mode: 0o700 })).rejects.toMatchObject({ code: 'UNSAFE_PATH', kind: 'not-a-directory' });
  });
});

describe('openOwnFile and openOwnFileForAppendSync', () => {
  it('open a regular file of ours; a missing one is undefined for openOwnFile and created for append', async () => {
    const file = path.join(dir, 'own.txt');
    expect(await openOwnFile(file, constants.O_RDONLY, 'test file')).toBeUndefined();
    const fd = openOwnFileForAppendSync(file, 0o600, 'test file');
    closeSync(fd);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const handle = await openOwnFile(file, constants.O_RDONLY, 'test file');
    expect(handle).toBeDefined();
    await handle?.close();
  });

  it('refuse a symbolic link without touching its target', async () => {
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'keep');
    const file = path.join(dir, 'link');
    await symlink(victim, file);
    expect(() => openOwnFileForAppendSync(file, 0o600, 'log file')).toThrow(expect.objectContaining({ kind: 'symlink', message: expect.stringContaining('log file') }));
    await expect(openOwnFile(file, constants.O_RDONLY, 'token store file')).rejects.toMatchObject({ kind: 'symlink' });
    expect(await readFile(victim, 'utf8')).toBe('keep');
  });
});

describe('path inspection', () => {
  it('lstatIfExists sees a link itself and is undefined for nothing', async () => {
    const file = path.join(dir, 'link');
    await symlink(path.join(dir, 'nowhere'), file);
    expect((await lstatIfExists(file))?.isSymbolicLink()).toBe(true);
    expect(lstatIfExistsSync(file)?.isSymbolicLink()).toBe(true);
    expect(await lstatIfExists(path.join(dir, 'missing'))).toBeUndefined();
    expect(lstatIfExistsSync(path.join(dir, 'missing'))).toBeUndefined();
    await writeFile(path.join(dir, 'plain'), 'x');
    expect(() => lstatIfExistsSync(path.join(dir, 'plain', 'below'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('readHeadSync reads at most the bytes asked, refuses a link and never waits on a FIFO', async () => {
    const file = path.join(dir, 'data.csv');
    await writeFile(file, 'header\nrow\n');
    expect(readHeadSync(file, 4).toString('utf8')).toBe('head');
    const link = path.join(dir, 'link');
    await symlink(file, link);
    expect(() => readHeadSync(link, 4)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // No writer: a blocking open would wait forever; this one fails at once (a FIFO cannot seek).
    expect(() => readHeadSync(fifo, 4)).toThrow(expect.objectContaining({ code: 'ESPIPE' }));
  });

  it('isSameFile: the same path by another spelling, or a hard link; not another file', async () => {
    const file = path.join(dir, 'a.csv');
    await writeFile(file, 'x');
    await link(file, path.join(dir, 'b.csv'));
    await writeFile(path.join(dir, 'c.csv'), 'x');
    expect(isSameFile(file, path.join(dir, '.', 'a.csv'))).toBe(true);
    expect(isSameFile(file, path.join(dir, 'b.csv'))).toBe(true);
    expect(isSameFile(file, path.join(dir, 'c.csv'))).toBe(false);
    expect(isSameFile(file, path.join(dir, 'missing.csv'))).toBe(false);
    expect((await lstat(path.join(dir, 'b.csv'))).nlink).toBe(2);
  });
});
