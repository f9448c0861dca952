import { mkdtempSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { readStoreFile, writeStoreFile } from './store-file.js';
import type { StoreRow } from './store-format.js';

const row = (accessToken: string): StoreRow => ({
  id: '1',
  userName: '',
  clientId: '1000.CLIENT',
  clientSecret: 'secret',
  refreshToken: '1000.refresh',
  accessToken,
  grantToken: '',
  expiryTime: '1900000000000',
  redirectUrl: '',
  apiDomain: '',
});

describe('reading the token store, kept while the file is unchanged: what changed is never served', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-store-read-'));
    file = path.join(dir, 'tokens.txt');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Makes the file look written a second ago, outside the racy window. */
  const age = () => utimesSync(file, new Date(Date.now() - 1000), new Date(Date.now() - 1000));

  it('serves an unchanged file again, and a copy: a caller editing rows changes nothing kept', async () => {
    await writeStoreFile(file, [row('1000.a')]);
    age();
    const first = await readStoreFile(file);
    first.rows[0]!.accessToken = 'edited';
    expect((await readStoreFile(file)).rows[0]?.accessToken).toBe('1000.a');
  });

  it('sees what another process renamed into place at once', async () => {
    await writeStoreFile(file, [row('1000.a')]);
    age();
    await readStoreFile(file);
    // Another process's atomic write: a new file renamed over the store.
    const other = path.join(dir, 'other.tmp');
    writeFileSync(other, (await import('./store-format.js')).serializeStore([row('1000.b')]), { mode: 0o600 });
    renameSync(other, file);
    age();
    expect((await readStoreFile(file)).rows[0]?.accessToken).toBe('1000.b');
  });

  it('a file swapped for a symbolic link after a kept read is refused, not served', async () => {
    await writeStoreFile(file, [row('1000.a')]);
    age();
    await readStoreFile(file);
    const real = path.join(dir, 'elsewhere.txt');
    renameSync(file, real);
    symlinkSync(real, file);
    await expect(readStoreFile(file)).rejects.toMatchObject({ code: 'STORE_UNSAFE' });
  });
});
