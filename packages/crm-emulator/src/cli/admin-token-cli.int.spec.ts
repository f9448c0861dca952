import { describe, expect, it } from '@jest/globals';
import { parseCliArgs } from './cli-args.js';
import { runCli, type CliIo, type CliResult } from './run-cli.js';

const ENV_TOKEN = 'token-from-the-environment-0001';
const FLAG_TOKEN = 'token-from-the-flag-00000000002';
const REMOTE = ['--port', '0', '--host', '0.0.0.0', '--allow-remote', '--leads', '0'];

function capture(): CliIo & { text(): string; errors(): string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (l) => out.push(l), err: (l) => err.push(l), text: () => out.join('\n'), errors: () => err.join('\n') };
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<{ io: ReturnType<typeof capture>; result: CliResult }> {
  const io = capture();
  const result = await runCli(argv, io, undefined, env);
  await result.emulator?.stop();
  return { io, result };
}

describe('the CLI and the admin token', () => {
  it('beyond loopback without a token: generates one and prints it in the banner', async () => {
    const { io, result } = await run(REMOTE, {});
    const token = result.emulator?.adminToken;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(io.text()).toContain(`admin token:   ${token as string}`);
    expect(io.text()).toMatch(/Authorization: Bearer <token>/);
    expect(io.errors()).toMatch(/admin API \(\/__emulator\/\) answers other machines only with the admin token/);
    expect(io.errors()).not.toContain(token as string);
  });

  it('ZCRMKIT_EMULATOR_ADMIN_TOKEN is used and not printed; --admin-token wins over it', async () => {
    const fromEnv = await run(REMOTE, { ZCRMKIT_EMULATOR_ADMIN_TOKEN: ENV_TOKEN });
    expect(fromEnv.result.emulator?.adminToken).toBe(ENV_TOKEN);
    expect(fromEnv.io.text()).toContain('admin token:   (the one given; not printed)');
    expect(fromEnv.io.text() + fromEnv.io.errors()).not.toContain(ENV_TOKEN);

    const fromFlag = await run([...REMOTE, '--admin-token', FLAG_TOKEN], { ZCRMKIT_EMULATOR_ADMIN_TOKEN: ENV_TOKEN });
    expect(fromFlag.result.emulator?.adminToken).toBe(FLAG_TOKEN);
    expect(fromFlag.io.text() + fromFlag.io.errors()).not.toContain(FLAG_TOKEN);

    const blank = await run(REMOTE, { ZCRMKIT_EMULATOR_ADMIN_TOKEN: '' });
    expect(blank.result.emulator?.adminToken).toMatch(/^[0-9a-f]{64}$/);
  });

  it('--quiet still prints a generated token (nothing else tells it), and only that', async () => {
    const generated = await run([...REMOTE, '--quiet'], {});
    expect(generated.io.text()).toBe(`admin token:   ${generated.result.emulator?.adminToken as string}  (other machines send "Authorization: Bearer <token>", or open http://<this machine>:${new URL(generated.result.emulator?.url as string).port}/__emulator/ui?admin_token=<token>)`);
    const given = await run([...REMOTE, '--quiet'], { ZCRMKIT_EMULATOR_ADMIN_TOKEN: ENV_TOKEN });
    expect(given.io.text()).toBe('');
  });

  it('on loopback: no token, no token line', async () => {
    const { io, result } = await run(['--port', '0', '--leads', '0'], {});
    expect(result.emulator?.adminToken).toBeUndefined();
    expect(io.text()).not.toContain('admin token');
  });

  it('a malformed token stops the start (exit 1) without repeating it', async () => {
    const { io, result } = await run([...REMOTE, '--admin-token', 'short secret'], {});
    expect(result.exitCode).toBe(1);
    expect(result.emulator).toBeUndefined();
    expect(io.errors()).toMatch(/adminToken must be 16 to 512 characters/);
    expect(io.errors()).not.toContain('short secret');
  });
});

describe('the CLI and fixed credentials', () => {
  it('--seed and --fixed-credentials ask for fixed credentials; the banner says when they are not', async () => {
    expect(parseCliArgs(['--seed', '7'], undefined, {})).toMatchObject({ kind: 'run', options: { seed: 7 } });
    expect(parseCliArgs(['--fixed-credentials'], undefined, {})).toMatchObject({ kind: 'run', options: { fixedCredentials: true } });
    const random = await run(['--port', '0', '--leads', '0'], {});
    expect(random.io.text()).toMatch(/client id: {5}1000\.\w+ {2}\(new every run; --seed or --fixed-credentials keep one\)/);
    const seeded = await run(['--port', '0', '--leads', '0', '--seed', '42'], {});
    expect(seeded.io.text()).toMatch(/client id: {5}1000\.\w+\n/);
    const [a, b] = await Promise.all([run(['--port', '0', '--leads', '0', '--fixed-credentials'], {}), run(['--port', '0', '--leads', '0', '--fixed-credentials'], {})]);
    expect(a.result.emulator?.state.defaultClient).toEqual(b.result.emulator?.state.defaultClient);
  });
});
