#!/usr/bin/env node
// Grant code → refresh token in one command (the seed's manual curl step), written into .env.
// With --emulator the embedded emulator mints a grant code and a temporary .env receives the
// token, so the whole flow can be tried without a Zoho account and without touching your .env.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';

const EXAMPLES = [
  'npx nx run examples:exchange-grant:emulator',
  'npx nx run examples:exchange-grant -- --code 1000.xxxx.yyyy',
  'npx nx run examples:exchange-grant -- --env-file config/.env --code 1000.xxxx.yyyy',
];

export async function exchangeGrantCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  const { exchangeGrantCommand: definition, runExchangeGrantCli } = await import('@zcrmkit/auth/cli');
  // The package's options plus --emulator, checked here so that --help and usage errors name them all.
  const program = definition({ name: 'exchange-grant', examples: EXAMPLES })
    .option('--emulator', "exchange a grant code the embedded emulator mints (no account needed; your .env is left alone)")
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  const flags = parseFlags<CommonFlags & { code?: string }>(program, argv);
  if (typeof flags === 'number') return flags;
  const help = { name: 'exchange-grant', examples: EXAMPLES };
  if (!flags.emulator) return runExchangeGrantCli(argv, { help });

  const rest = argv.filter((a) => a !== '--emulator');
  if (flags.code !== undefined || program.args.length > 0 || rest.some((a) => a === '--env-file' || a.startsWith('--env-file='))) {
    io.err('With --emulator the grant code and the .env file are the emulator\'s own; drop --code and --env-file.');
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

runMain(import.meta.url, exchangeGrantCommand);
