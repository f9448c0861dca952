import { chmod, chown, lstat, mkdir, readFile, readdir, readlink, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { AuthError } from './auth-error.js';
import { STORE_HEADER } from './store-format.js';
import { fakeTokenEndpoint, zohoLikeToken, type FakeTokenEndpoint } from './test-support/fake-token-endpoint.js';
import { leakedSecrets } from './test-support/secrets.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore } from './zoho-token-store.js';

const CLIENT_ID = '1000.CLIENTABCDEF';
const SECRET = 'clientsecret0123456789abc';
/** "nobody" on Debian: a uid that is not ours. Changing a file's owner needs root, as in CI. */
const OTHER_UID = 65534;
const isRoot = process.getuid?.() === 0;
// Changing an owner needs root. Elsewhere these tests skip with one line, except in CI, where
// they must run (and fail if they cannot).
const inCi = process.env['CI'] === 'true' || process.env['ZCRMKIT_REQUIRE_CONTRACT'] === '1';
const itAsRoot = isRoot || inCi ? it : it.skip;
if (!isRoot && !inCi) console.log('store-location.spec: not root, skipping the foreign-owner tests (chown needs root)');

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let endpoint: FakeTokenEndpoint;
let refreshToken: string;

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
  file = path.join(dir, 'data', 'tokens', 'token_store.txt');
  endpoint = fakeTokenEndpoint(3600);
  refreshToken = zohoLikeToken();
});
afterEach(() => cleanup());

const store = () => new ZohoTokenStore({ path: file, clientId: CLIENT_ID, clientSecret: SECRET, refreshToken, tokenUrl: 'https://accounts.zoho.com/oauth/v2/token', fetch: endpoint.fetch });
const mode = async (p: string) => (await stat(p)).mode & 0o7777;

async function refused(): Promise<AuthError> {
  const err = await store().getAccessToken().catch((e: unknown) => e);
  if (!(err instanceof AuthError)) throw new Error(`expected an AuthError, got ${String(err)}`);
  expect(leakedSecrets(`${err.message} ${err.hint}`, [SECRET, refreshToken])).toEqual([]);
  expect(endpoint.requests).toHaveLength(0);
  return err;
}

describe('token store location: links and owners', () => {
  it('a symlink at token_store.txt is refused; its target keeps its mode and content', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, 'not yours', { mode: 0o644 });
    await symlink(victim, file);
    const err = await refused();
    expect(err.code).toBe('STORE_UNSAFE');
    expect(err.message).toContain(`${file} is a symbolic link`);
    expect(err.hint).toMatch(/real file owned by that user/);
    expect(await mode(victim)).toBe(0o644);
    expect(await readFile(victim, 'utf8')).toBe('not yours');
    expect(await readlink(file)).toBe(victim);
  });

  it('a symlinked store is never written through either: the write path refuses too', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const victim = path.join(dir, 'victim.txt');
    await writeFile(victim, `${STORE_HEADER}`, { mode: 0o600 });
    await symlink(victim, file);
    await expect(store().deleteTokens()).rejects.toMatchObject({ code: 'STORE_UNSAFE' });
    expect(await readFile(victim, 'utf8')).toBe(STORE_HEADER);
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
  });

  it('data/tokens linked to a shared 1777 directory is refused; that directory keeps 1777 and its sticky bit', async () => {
    const shared = path.join(dir, 'shared');
    await mkdir(shared);
    await chmod(shared, 0o1777);
    await mkdir(path.join(dir, 'data'), { mode: 0o700 });
    await symlink(shared, path.dirname(file));
    const err = await refused();
    expect(err.code).toBe('STORE_UNSAFE');
    expect(err.message).toMatch(/token store directory .* is a symbolic link/);
    expect(await mode(shared)).toBe(0o1777);
    expect(await readdir(shared)).toEqual([]);
  });

  it('an existing token directory open to others is refused, not chmodded, and the message says which mode and owner', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chmod(path.dirname(file), 0o755);
    const err = await refused();
    expect(err.code).toBe('STORE_UNSAFE');
    expect(err.message).toMatch(/has mode 0755, which lets other users in; it must be 0700 and owned by you \(chmod 700 /);
    expect(await mode(path.dirname(file))).toBe(0o755);
  });

  itAsRoot('a token directory owned by another user is refused and left untouched', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await chown(path.dirname(file), OTHER_UID, OTHER_UID);
    const err = await refused();
    expect(err.code).toBe('STORE_UNSAFE');
    expect(err.message).toMatch(new RegExp(`belongs to uid ${OTHER_UID}, not you \\(uid \\d+\\); it must belong to the user running zcrmkit`));
    expect((await stat(path.dirname(file))).uid).toBe(OTHER_UID);
    expect(await readdir(path.dirname(file))).toEqual([]);
  });

  itAsRoot('a store file owned by another user is refused and left untouched', async () => {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, STORE_HEADER, { mode: 0o644 });
    await chown(file, OTHER_UID, OTHER_UID);
    const err = await refused();
    expect(err.code).toBe('STORE_UNSAFE');
    expect(err.message).toMatch(/token store file .* belongs to uid 65534/);
    expect(await mode(file)).toBe(0o644);
  });

  itAsRoot('a data directory owned by another user is refused before anything is created in it', async () => {
    await mkdir(path.join(dir, 'data'), { mode: 0o755 });
    await chown(path.join(dir, 'data'), OTHER_UID, OTHER_UID);
    const err = await refused();
    expect(err.message).toMatch(/data directory .* belongs to uid 65534/);
    expect(await readdir(path.join(dir, 'data'))).toEqual([]);
  });

  it('creates missing folders 0700 itself', async () => {
    await store().getAccessToken();
    expect(await mode(path.join(dir, 'data'))).toBe(0o700);
    expect(await mode(path.dirname(file))).toBe(0o700);
    expect(await mode(file)).toBe(0o600);
  });
});
