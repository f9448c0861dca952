import { spawn } from 'node:child_process';
import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseStore } from './store-format.js';
import { zohoLikeToken } from './test-support/fake-token-endpoint.js';
import { makeTempDir } from './test-support/temp-dir.js';
import { ZohoTokenStore } from './zoho-token-store.js';

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'test-support', 'fixtures', 'crash-writer.mjs');
const ROUNDS = 100;
const SEED = 0x5eed;

/** mulberry32: a small seeded PRNG, so a failing round can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('token store under SIGKILL', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir()));
  afterAll(() => cleanup());

  it(`stays parseable and keeps the refresh token when a writer is killed at random points (${ROUNDS} rounds)`, async () => {
    const file = path.join(dir, 'tokens', 'token_store.txt');
    const credentials = { clientId: '1000.CRASHCLIENT', clientSecret: 'crashsecret012345', refreshToken: zohoLikeToken() };
    const env = {
      ...process.env,
      ZCRMKIT_TEST_CLIENT_ID: credentials.clientId,
      ZCRMKIT_TEST_CLIENT_SECRET: credentials.clientSecret,
      ZCRMKIT_TEST_REFRESH_TOKEN: credentials.refreshToken,
    };
    const random = prng(SEED);
    let killedHoldingLock = 0;
    const failures: string[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const delay = 5 + Math.floor(random() * 36);
      const child = spawn(process.execPath, [WRITER, file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
      const ready = await Promise.race([
        new Promise<boolean>((resolve) => child.stdout.once('data', () => resolve(true))),
        exited.then(() => false),
      ]);
      if (!ready) throw new Error(`round ${round}: the writer exited before its first save: ${stderr.slice(0, 500)}`);
      await sleep(delay);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');

      const text = await readFile(file, 'utf8');
      try {
        const rows = parseStore(text);
        if (!rows.some((r) => r.refreshToken === credentials.refreshToken)) failures.push(`round ${round} (delay ${delay} ms): refresh token missing`);
      } catch (err) {
        failures.push(`round ${round} (delay ${delay} ms): ${(err as Error).message}`);
      }
      if ((await stat(file)).mode % 0o1000 !== 0o600) failures.push(`round ${round}: mode changed`);
      const lock = `${file}.lock`;
      if (await stat(lock).then(() => true, () => false)) {
        killedHoldingLock++;
        // The killed writer's lock turns stale after lockStaleMs (2 s); age it instead of waiting,
        // so the next writer goes through proper-lockfile's stale take-over at once.
        const old = new Date(Date.now() - 60_000);
        await utimes(lock, old, old);
      }
    }

    expect(failures).toEqual([]);
    // The kills did land inside the locked write section in many rounds, not only between writes.
    expect(killedHoldingLock).toBeGreaterThan(ROUNDS / 4);

    // A store opened afterwards reads the survivor and cleans the temp files up on its next write.
    const store = new ZohoTokenStore({ ...credentials, path: file, tokenUrl: 'http://127.0.0.1:9/oauth/v2/token', lockStaleMs: 2000 });
    const ours = (await store.getTokens()).find((t) => t.getRefreshToken() === credentials.refreshToken);
    if (!ours) throw new Error('the refresh token row is gone');
    await store.saveToken(ours);
    expect((await readdir(path.dirname(file))).filter((n) => n !== 'token_store.txt')).toEqual([]);
  }, 60_000);
});
