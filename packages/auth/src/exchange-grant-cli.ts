import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
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
  /** The name, examples and exit codes the help shows (a wrapping command has its own). */
  help?: ExchangeGrantHelp;
}

const NAME = 'zcrmkit-exchange-grant';

export interface ExchangeGrantHelp {
  /** The command's name in the usage line. Default: zcrmkit-exchange-grant. */
  name?: string;
  /** Command lines shown under "Examples:". */
  examples?: readonly string[];
  /** The exit codes line. */
  exitCodes?: string;
}

const EXIT_CODES = '0 done, 1 the exchange failed, 2 usage or configuration error.';

/**
 * The command's options and help, in the layout every zcrmkit command uses (usage line,
 * description, options with defaults, "Examples:", exit codes). Wrappers add their own options
 * (the examples app adds --emulator) before parsing.
 */
export function exchangeGrantCommand(help: ExchangeGrantHelp = {}): Command {
  const name = help.name ?? NAME;
  const examples = help.examples ?? [`${NAME} 1000.xxxx.yyyy`, `${NAME} --env config/.env --code 1000.xxxx.yyyy`, `${NAME} --print 1000.xxxx.yyyy > refresh-token.txt`];
  return new Command(name)
    .description(
      `Exchange a Zoho grant code (API console → Self Client → Generate Code, scopes\n${REQUIRED_SCOPES.join(',')})\nfor a refresh token and write REFRESH_TOKEN into the .env file. CLIENT_ID,\nCLIENT_SECRET and ACCOUNTS_URL are read from the environment and the .env file.`,
    )
    .argument('[grant-code]', 'the grant code (or --code; asked for on a terminal)')
    .option('--code <code>', 'the grant code')
    .option('--env <path>', 'the .env file to read and update', '.env')
    .option('--template <path>', 'copied to the .env file when it is missing (default: .env.template beside it)')
    .option('--print', 'print the refresh token to stdout instead of writing any file')
    .option('--redirect-uri <uri>', 'the redirect URI, for clients that registered one')
    .addHelpText('after', `\nExamples:\n${examples.map((e) => `  $ ${e}`).join('\n')}\n\nExit codes: ${help.exitCodes ?? EXIT_CODES}`)
    .showHelpAfterError(`(run ${name} --help for the options)`)
    .exitOverride();
}

/** The help text of `zcrmkit-exchange-grant`, exactly as `--help` prints it. */
export const USAGE = helpText();

function helpText(): string {
  let text = '';
  exchangeGrantCommand().configureOutput({ writeOut: (s) => (text += s) }).outputHelp();
  return text;
}

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
  const name = ioOverrides.help?.name ?? NAME;
  const fail = (message: string, code: number): number => {
    io.stderr.write(`${name}: ${message}\n`);
    return code;
  };

  let help = false;
  const program = exchangeGrantCommand(ioOverrides.help).configureOutput({
    writeOut: (text) => {
      help = true;
      io.stdout.write(text);
    },
    // Commander's own messages name the offending option, never a value.
    writeErr: (text) => io.stderr.write(text.startsWith('error: ') ? `${name}: ${text.slice('error: '.length)}` : text),
  });
  let parsed: Command;
  try {
    parsed = program.parse([...argv], { from: 'user' });
  } catch {
    return help ? EXIT_OK : EXIT_USAGE;
  }
  const values = parsed.opts<{ code?: string; env: string; template?: string; print?: boolean; redirectUri?: string }>();
  const positionals = parsed.args;
  if (positionals.length > 1 || (positionals.length === 1 && values.code !== undefined)) {
    return fail(`expected one grant code, got ${positionals.length + (values.code === undefined ? 0 : 1)} (run ${name} --help for the options)`, EXIT_USAGE);
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

  const envFile = path.resolve(io.cwd, values.env);
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
      print: values.print === true,
      ...(values.template !== undefined ? { templateFile: path.resolve(io.cwd, values.template) } : {}),
      ...(values.redirectUri !== undefined ? { redirectUri: values.redirectUri } : {}),
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
    if (err instanceof AuthError) return fail(`${err.message}\nhint: ${err.hint}`, err.code === 'INVALID_OPTION' ? EXIT_USAGE : EXIT_EXCHANGE_FAILED);
    throw err;
  }
}
