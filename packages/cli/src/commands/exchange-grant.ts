// Grant code → refresh token in one command (the seed's manual curl step), written into .env.
// With --emulator an embedded emulator mints a grant code and a temporary .env receives the token,
// so the whole flow can be tried without a Zoho account and without touching your .env.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFlags, type CommonFlags } from '../support/define-command.js';
import { EXIT_USAGE } from '../support/exit-codes.js';
import type { CommandIo } from '../support/io.js';

const NAME = 'zcrmkit exchange-grant';
const EXAMPLES = ['zcrmkit exchange-grant --emulator', 'zcrmkit exchange-grant --code 1000.xxxx.yyyy', 'zcrmkit exchange-grant --env config/.env --code 1000.xxxx.yyyy'];

export async function run(argv: string[], io: CommandIo): Promise<number> {
  const { exchangeGrantCommand: definition, runExchangeGrantCli } = await import('@zcrmkit/auth/cli');
  const help = { name: NAME, examples: EXAMPLES };
  // The package's options plus --emulator, checked here so that --help and usage errors name them all.
  const program = definition(help)
    .option('--emulator', 'exchange a grant code an embedded emulator mints (no account needed; your .env is left alone)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const flags = parseFlags<CommonFlags & { code?: string }>(program, argv);
  if (typeof flags === 'number') return flags;
  if (!flags.emulator) return runExchangeGrantCli(argv, { help });

  const rest = argv.filter((a) => a !== '--emulator');
  if (flags.code !== undefined || program.args.length > 0 || rest.some((a) => a === '--env' || a.startsWith('--env='))) {
    io.err("With --emulator the grant code and the .env file are the emulator's own; drop --code and --env.");
    return EXIT_USAGE;
  }
  const { startEmulator } = await import('@zcrmkit/crm-emulator');
  const emulator = await startEmulator({});
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-exchange-'));
  try {
    io.out(`▶ LOCAL ZOHO EMULATOR at ${emulator.url} — it minted a grant code; nothing leaves this machine.`);
    if (existsSync('.env.template')) copyFileSync('.env.template', path.join(dir, '.env.template'));
    const { clientId, clientSecret } = emulator.state.defaultClient;
    const code = emulator.state.mintGrantCode({});
    const exit = await runExchangeGrantCli([...rest, '--code', code], {
      help,
      cwd: dir,
      env: { CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, ZOHO_API_URL: emulator.url, ZOHO_ACCOUNTS_URL: emulator.url },
    });
    if (exit === 0 && !rest.includes('--print')) {
      io.out(`The emulator's refresh token went into a temporary .env (${path.join(dir, '.env')}, removed now); your own .env is untouched.`);
    }
    return exit;
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
