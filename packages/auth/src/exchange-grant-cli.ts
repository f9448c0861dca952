import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { ConfigError, TOKEN_PATTERN, customEndpointNotice, loadConfig, type ZohoConfig } from '@zcrmkit/config';
import { AuthError } from './auth-error.js';
import { exchangeGrant } from './exchange-grant.js';
import { REQUIRED_SCOPES } from './required-scopes.js';

export const EXIT_OK = 0;
export const EXIT_EXCHANGE_FAILED = 1;
export const EXIT_USAGE = 2;

interface Output {
  write(chunk: string): unknown;
}

/** Where the command reads and writes; every field defaults to the process's own. */
export interface CliIo {
  stdout: Output;
  stderr: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The transport of the token request. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

const NAME = 'zcrmkit-exchange-grant';

export const USAGE = `Usage: ${NAME} [<grant code>] [options]

Exchanges a Zoho grant code (API console → Self Client → Generate Code, scopes
${REQUIRED_SCOPES.join(',')})
for a refresh token and writes REFRESH_TOKEN into the .env file. CLIENT_ID,
CLIENT_SECRET and ACCOUNTS_URL are read from the environment and the .env file.

Options:
  --code <code>          the grant code (or the first argument; asked for on a terminal)
  --env-file <path>      the .env file to read and update (default: .env)
  --template <path>      copied to the .env file when it is missing
                         (default: .env.template beside it)
  --print                print the refresh token to stdout instead of writing any file
  --redirect-uri <uri>   the redirect URI, for clients that registered one
  -h, --help             show this help

Exit codes: 0 done, 1 the exchange failed, 2 usage or configuration error.
`;

function defaults(io: Partial<CliIo>): CliIo {
  return {
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    stdin: io.stdin ?? process.stdin,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    ...(io.fetch ? { fetch: io.fetch } : {}),
  };
}

async function prompt(io: CliIo): Promise<string> {
  io.stderr.write('Grant code: ');
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    // End of input (Ctrl-D) answers nothing rather than leaving the question pending forever.
    return await new Promise<string>((resolve) => {
      rl.once('close', () => resolve(''));
      rl.question('').then(resolve, () => resolve(''));
    });
  } finally {
    rl.close();
  }
}

/**
 * The `zcrmkit-exchange-grant` command, callable in-process (the examples app does). Returns the exit
 * code: 0 done, 1 the exchange failed (AuthError), 2 usage or configuration error. Never writes the
 * client secret anywhere; the refresh token goes to stdout with `--print` only.
 */
export async function runExchangeGrantCli(argv: readonly string[], ioOverrides: Partial<CliIo> = {}): Promise<number> {
  const io = defaults(ioOverrides);
  const fail = (message: string, code: number): number => {
    io.stderr.write(`${NAME}: ${message}\n`);
    return code;
  };

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        code: { type: 'string' },
        'env-file': { type: 'string' },
        template: { type: 'string' },
        print: { type: 'boolean', default: false },
        'redirect-uri': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    // parseArgs names the offending option, never a value.
    return fail(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`, EXIT_USAGE);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (positionals.length > 1 || (positionals.length === 1 && values.code !== undefined)) {
    return fail(`expected one grant code, got ${positionals.length + (values.code === undefined ? 0 : 1)}\n\n${USAGE}`, EXIT_USAGE);
  }

  let code = values.code ?? positionals[0];
  if (code === undefined) {
    if (!io.stdin.isTTY) return fail('no grant code: pass it as an argument or --code, or run in a terminal to be asked for it', EXIT_USAGE);
    code = await prompt(io);
  }
  code = code.trim();
  if (!TOKEN_PATTERN.test(code)) {
    return fail('the grant code is malformed: expected 1000.<hex>.<hex> as shown by the Zoho API console (Self Client → Generate Code)', EXIT_USAGE);
  }

  const envFile = path.resolve(io.cwd, values['env-file'] ?? '.env');
  let config: ZohoConfig;
  try {
    // A missing .env is fine: it is created from the template with the refresh token.
    config = loadConfig({ requireRefreshToken: false, cwd: io.cwd, env: io.env, envFile: existsSync(envFile) ? envFile : false });
  } catch (err) {
    if (err instanceof ConfigError) return fail(err.message, EXIT_USAGE);
    throw err;
  }
  // Every run: the grant code and client secret are about to be sent there.
  const notice = customEndpointNotice(config);
  if (notice) io.stderr.write(`${notice}\n`);

  try {
    const result = await exchangeGrant({
      code,
      config,
      envFile,
      print: values.print,
      ...(values.template !== undefined ? { templateFile: path.resolve(io.cwd, values.template) } : {}),
      ...(values['redirect-uri'] !== undefined ? { redirectUri: values['redirect-uri'] } : {}),
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    // With --print, stdout carries the token alone so that it can be piped; the report goes to stderr.
    const report = values.print ? io.stderr : io.stdout;
    report.write(`Exchanged the grant code for a refresh token (data center: ${config.dataCenter}).\n`);
    if (result.scopes) report.write(`Scopes granted: ${result.scopes.length > 0 ? result.scopes.join(', ') : '(none)'}\n`);
    else report.write(`Zoho did not list the scopes granted; zcrmkit needs ${REQUIRED_SCOPES.join(', ')}.\n`);
    if (result.missingScopes.length > 0) {
      io.stderr.write(
        `warning: the grant lacks ${result.missingScopes.join(', ')}; some calls will fail with OAUTH_SCOPE_MISMATCH. Generate a new grant code with scopes ${REQUIRED_SCOPES.join(',')}.\n`,
      );
    }
    if (values.print) {
      io.stdout.write(`${result.refreshToken}\n`);
    } else {
      const created = result.createdFromTemplate ? ` (created from ${result.createdFromTemplate})` : '';
      report.write(`REFRESH_TOKEN written to ${result.envFile ?? envFile}${created}.\n`);
    }
    return EXIT_OK;
  } catch (err) {
    if (err instanceof AuthError) return fail(`${err.message}\nhint: ${err.hint}`, EXIT_EXCHANGE_FAILED);
    if (err instanceof TypeError) return fail(err.message, EXIT_USAGE);
    throw err;
  }
}
