import { readFileSync } from 'node:fs';
import { startEmulator, type RunningEmulator } from '../start-emulator.js';
import { BIN_NAME, parseCliArgs } from './cli-args.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliResult {
  /** Process exit code when the CLI is done; undefined while the emulator keeps running. */
  exitCode: number | undefined;
  emulator?: RunningEmulator;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

/** The banner's first line: the address really bound, and where to connect if that differs. */
export function listeningLine(boundAddress: string, url: string): string {
  const bound = `http://${boundAddress}`;
  return `Zoho emulator listening on ${bound}${url === bound ? '' : ` (connect to ${url})`}`;
}

/** Parses the arguments and starts the emulator; the bin wires signals around it. */
export async function runCli(argv: readonly string[], io: CliIo, name = BIN_NAME): Promise<CliResult> {
  const command = parseCliArgs(argv, name);
  if (command.kind === 'help') {
    io.out(command.text);
    return { exitCode: 0 };
  }
  if (command.kind === 'version') {
    io.out(version());
    return { exitCode: 0 };
  }
  if (command.kind === 'error') {
    io.err(`${name}: ${command.message}\n(run ${name} --help for the options)`);
    return { exitCode: 2 };
  }
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ ...command.options, warn: (message) => io.err(`zoho-emulator: WARNING: ${message}`) });
  } catch (err) {
    io.err(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    return { exitCode: 1 };
  }
  if (!command.quiet) {
    const { clientId, clientSecret } = emulator.state.defaultClient;
    const config = emulator.state.config();
    const strict = Object.entries(config.strictLayout).map(([m, f]) => `${m}: ${f.join(', ')}`).join('; ') || 'off';
    const leads = emulator.state.listRecords('Leads').length;
    const lines = [
      listeningLine(emulator.boundAddress, emulator.url),
      `  API domain:    ${emulator.url}  (ZOHO_API_URL)`,
      `  accounts URL:  ${emulator.url}  (ZOHO_ACCOUNTS_URL; token URL ${emulator.tokenUrl})`,
      command.options.adminApi === false ? '  admin API:     off' : `  admin API:     ${emulator.url}/__emulator/`,
      ...(command.options.adminApi === false ? [] : [`  inspector:     ${emulator.url}/__emulator/ui  (open in a browser)`]),
      `  client id:     ${clientId}`,
      command.printCredentials
        ? `  client secret: ${clientSecret}\n  refresh token: ${emulator.state.issueRefreshToken()}`
        : `  client secret: (not printed: --print-credentials, or GET ${emulator.url}/__emulator/credentials)`,
      `  data:          ${leads} leads, ${emulator.state.listRecords('Accounts').length} accounts, ${emulator.state.listRecords('Contacts').length} contacts (seed ${command.options.seed ?? 42})`,
      `  strict layout: ${strict}`,
    ];
    io.out(lines.join('\n'));
  }
  return { exitCode: undefined, emulator };
}
