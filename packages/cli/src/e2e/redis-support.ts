import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from '@jest/globals';
import { probeRedis } from '@zcrmkit/fleet';

/** The machine's Redis, shared with others: tests use their own prefix and never stop it. */
export const SHARED_REDIS_URL = process.env['ZCRMKIT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
// The globalSetup probed once; a run without it (an IDE running one file) probes here.
const reachable = process.env['ZCRMKIT_TEST_REDIS_UP'] ? process.env['ZCRMKIT_TEST_REDIS_UP'] === '1' : await probeRedis(SHARED_REDIS_URL, 1_500);

/** describe() that skips with one visible line without Redis, or fails under ZCRMKIT_REQUIRE_REDIS=1 (.ci/run). */
export function describeRedis(name: string, body: () => void): void {
  if (reachable) return describe(name, body);
  const message = `no Redis answers at ${new URL(SHARED_REDIS_URL).host} (start one, or set ZCRMKIT_TEST_REDIS_URL)`;
  if (process.env['ZCRMKIT_REQUIRE_REDIS'] === '1') {
    describe(name, () => it('needs Redis (ZCRMKIT_REQUIRE_REDIS=1)', () => {
      throw new Error(message);
    }));
    return;
  }
  // The globalSetup printed the one line saying so.
  describe.skip(name, body);
}

export function testPrefix(): string {
  return `zcrmkit-test:${process.pid}:${randomBytes(4).toString('hex')}`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A redis-server of the test's own, on a free loopback port, that the test may stop and start. */
export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  dispose(): Promise<void>;
}

/** `persistence: false`: nothing on disk, so a restart forgets every key (SHUTDOWN NOSAVE's effect). */
export async function startPrivateRedis(options: { persistence?: boolean } = {}): Promise<PrivateRedis> {
  const persistence = options.persistence !== false;
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    // Append-only with fsync: the token ledger survives the restart, as it should in production.
    const disk = persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...disk, '--save', ''], { stdio: 'ignore' });
    const started = Date.now();
    // Bound: redis-server starts in ~10 ms; 10 s allows for a loaded machine.
    while (!(await probeRedis(url, 200))) {
      if (Date.now() - started > 10_000) throw new Error(`redis-server did not start on port ${port}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    start,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
