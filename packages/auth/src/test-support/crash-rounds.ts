import { spawn } from 'node:child_process';
import { readdir, readFile, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseStore } from '../store-format.js';
import { ZohoTokenStore } from '../zoho-token-store.js';
import { zohoLikeToken } from './fake-token-endpoint.js';

// The SIGKILL proof for the token store, shared by the `test` run (a few rounds) and the `stress`
// run (the full 100). Each round starts a writer that saves in a loop, lets it complete a random
// number of saves, then kills it at a random point of its next save. That point is a fraction of
// the writer's own pace (the mean time between its saves, as seen in this round), not a fixed
// number of milliseconds: on a loaded machine the writer and the wait slow down together, so the
// kills keep landing all over the save cycle — inside the locked section as often as when quiet.

const WRITER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'crash-writer.mjs');

/**
 * Hang check per step (a writer's start, its exit after SIGKILL). Quiet, a writer is ready in
 * ~0.15 s and a killed one exits at once; 60 s is hundreds of times that, so only a hang trips it.
 */
export const STEP_BOUND_MS = 60_000;

/** A jest timeout for `rounds` rounds that only a hang can reach: two hang bounds per round. */
export const crashTestTimeout = (rounds: number): number => rounds * 2 * STEP_BOUND_MS;

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

function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${STEP_BOUND_MS} ms: hung`)), STEP_BOUND_MS)));
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

export interface CrashReport {
  rounds: number;
  failures: string[];
  /** Rounds whose kill left the lock behind: the writer died inside its locked section. */
  killedHoldingLock: number;
  /** Temp files left next to the store after a fresh store's next save (expected: none). */
  leftovers: string[];
  /** Whether a store opened afterwards still finds the refresh token. */
  survivorFound: boolean;
}

export async function runCrashRounds(dir: string, rounds: number, seed: number): Promise<CrashReport> {
  const file = path.join(dir, 'tokens', 'token_store.txt');
  const credentials = { clientId: '1000.CRASHCLIENT', clientSecret: 'crashsecret012345', refreshToken: zohoLikeToken() };
  // Only what the writer needs: nothing of the test's own environment (a user's .env) reaches it.
  const env = {
    PATH: process.env['PATH'] ?? '',
    ZCRMKIT_TEST_CLIENT_ID: credentials.clientId,
    ZCRMKIT_TEST_CLIENT_SECRET: credentials.clientSecret,
    ZCRMKIT_TEST_REFRESH_TOKEN: credentials.refreshToken,
  };
  const random = prng(seed);
  let killedHoldingLock = 0;
  const failures: string[] = [];

  for (let round = 0; round < rounds; round++) {
    // Kill after 2–9 completed saves (each of which the writer announces on stdout), plus a
    // random fraction of one more.
    const saves = 2 + Math.floor(random() * 8);
    const phase = random();
    const child = spawn(process.execPath, [WRITER, file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
    let seen = 0;
    let firstAt = 0;
    let lastAt = 0;
    const reached = new Promise<boolean>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        const now = performance.now();
        if (seen === 0) firstAt = now;
        lastAt = now;
        seen += chunk.toString().split('\n').length - 1;
        if (seen >= saves) resolve(true);
      });
      void exited.then(() => resolve(false));
    });
    if (!(await bounded(reached, `round ${round}: the writer did not complete ${saves} save(s)`))) {
      throw new Error(`round ${round}: the writer exited after ${seen} of ${saves} saves: ${stderr.slice(0, 500)}`);
    }
    const pace = (lastAt - firstAt) / Math.max(1, seen - 1);
    await new Promise((resolve) => setTimeout(resolve, phase * pace));
    child.kill('SIGKILL');
    const how = await bounded(exited, `round ${round}: the killed writer did not exit`);
    if (how !== 'SIGKILL') failures.push(`round ${round}: the writer ended with ${String(how)}, not SIGKILL`);

    const text = await readFile(file, 'utf8');
    try {
      const rows = parseStore(text);
      if (!rows.some((r) => r.refreshToken === credentials.refreshToken)) failures.push(`round ${round} (${saves} saves + ${phase.toFixed(2)}): refresh token missing`);
    } catch (err) {
      failures.push(`round ${round} (${saves} saves + ${phase.toFixed(2)}): ${(err as Error).message}`);
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

  // A store opened afterwards reads the survivor and cleans the temp files up on its next write.
  const store = new ZohoTokenStore({ ...credentials, path: file, tokenUrl: 'http://127.0.0.1:9/oauth/v2/token', lockStaleMs: 2000 });
  const ours = (await store.getTokens()).find((t) => t.getRefreshToken() === credentials.refreshToken);
  if (ours) await store.saveToken(ours);
  const leftovers = (await readdir(path.dirname(file))).filter((n) => n !== 'token_store.txt');
  return { rounds, failures, killedHoldingLock, leftovers, survivorFound: ours !== undefined };
}
