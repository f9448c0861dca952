import { readFileSync } from 'node:fs';
import { startEmulator, type RunningEmulator } from '../start-emulator.js';
import { BIN_NAME, parseCliArgs } from './cli-args.js';
import { credentialsFixed } from '../options.js';

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

/**
 * The banner's admin token line: a generated token is printed (nothing else tells it), a given one
 * is not (its owner has it, and a log of the banner should not); none when only loopback gets in.
 */
export function adminTokenLine(emulator: RunningEmulator, given: boolean): string | undefined {
  if (emulator.adminToken === undefined) return undefined;
  const port = new URL(emulator.url).port;
  const use = `other machines send "Authorization: Bearer <token>", or open http://<this machine>:${port}/__emulator/ui?admin_token=<token>`;
  return given ? `  admin token:   (the one given; not printed) — ${use}` : `  admin token:   ${emulator.adminToken}  (${use})`;
}

/** Parses the arguments and starts the emulator; the bin wires signals around it. */
export async function runCli(argv: readonly string[], io: CliIo, name = BIN_NAME, env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const command = parseCliArgs(argv, name, env);
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
  const tokenLine = adminTokenLine(emulator, command.options.adminToken !== undefined);
  // Even with --quiet: a generated token is printed nowhere else, and without it the admin API
  // cannot be reached from the other machines the emulator was opened to.
  if (command.quiet && tokenLine !== undefined && command.options.adminToken === undefined) io.out(tokenLine.trim());
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
      ...(tokenLine === undefined ? [] : [tokenLine]),
      `  client id:     ${clientId}${credentialsFixed(command.options) ? '' : '  (new every run; --seed or --fixed-credentials keep one)'}`,
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
