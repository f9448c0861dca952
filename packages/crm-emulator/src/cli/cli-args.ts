import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { EmulatorError } from '../core/emulator-error.js';
import { EDITION_CONCURRENCY, isEdition } from '../control/editions.js';
import type { EmulatorOptions, FaultRule } from '../options.js';
import { ADMIN_TOKEN_ENV } from '../admin/admin-token.js';

/** The command's name; the old one, `zoho-emulator`, stays an alias for one release. */
export const BIN_NAME = 'zcrmkit-emulator';
export const OLD_BIN_NAME = 'zoho-emulator';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const examples = (name: string) => [
  `${name} --port 4010 --strict-layout`,
  `${name} --port 0 --leads 1000 --edition free --latency 50`,
  `${name} --faults faults.json --print-credentials`,
];

/** The command's options and help, in the layout every zcrmkit command uses (`name`: as the user typed it, e.g. `zcrmkit emulator`). */
export function emulatorCommand(name = BIN_NAME): Command {
  return new Command(name)
    .description('A local Zoho Accounts + CRM v8 server for tests and demos. The admin API\n(GET /__emulator/credentials, POST /__emulator/grant-codes, …) is described in the README.\nStop with Ctrl+C.')
    .option('--port <n>', 'port to listen on (0 = any free port)', '4010')
    .option('--host <addr>', 'address to bind; not loopback needs --allow-remote (default: 127.0.0.1)')
    .option('--allow-remote', 'allow --host to be a non-loopback address such as 0.0.0.0 (warns)')
    .option('--admin-token <token>', `secret other machines must send to /__emulator/ (Authorization: Bearer); default: $${ADMIN_TOKEN_ENV}, else a random one printed when listening beyond loopback`)
    .option('--seed <n>', 'seed for generated data (default: 42); given, it also fixes the credentials')
    .option('--fixed-credentials', 'client secret and tokens from the seed, the same every run (default: random unless --seed)')
    .option('--leads <n>', 'generated leads (default: 300)')
    .option('--seed-file <file>', 'JSON records per module ({"Leads": [...]}); replaces those modules\' data')
    .option('--strict-layout', 'strict layout mode: Leads updates must carry Last_Name, Company, Lead_Status')
    .addOption(new Option('--strict-fields <M=F,F>', 'strict layout fields for a module (repeatable), e.g. Leads=Last_Name,Company').argParser(collect).default([], 'none'))
    .addOption(new Option('--layout-required <M=F,F>', "the layout's required fields for a module (repeatable), e.g. Leads=Company,Email").argParser(collect).default([], 'none'))
    .option('--token-ttl <s>', 'access token lifetime in seconds (default: 3600)')
    .option('--grant-ttl <s>', 'grant code lifetime in seconds (default: 180)')
    .option('--latency <ms>', 'added to every request (default: 0)')
    .option('--jitter <ms>', 'extra random latency, 0..ms (default: 0)')
    .option('--edition <name>', "free, standard, professional, enterprise or ultimate: sets the concurrency cap to Zoho's 5, 10, 15, 20 or 25 (default: enterprise)")
    .option('--concurrency-cap <n>', "concurrent CRM calls before 429 TOO_MANY_REQUESTS (default: the edition's)")
    .option('--no-concurrency-cap', 'no cap at all (unlike any Zoho org)')
    .option('--retry-after <s>', 'Retry-After header on 429 answers (default: none)')
    .option('--faults <file>', 'JSON list of fault rules (see README)')
    .option('--no-admin', 'do not serve the admin API under /__emulator/')
    .option('--print-credentials', 'also print the client secret and a fresh refresh token (secrets!)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-v, --version', 'print the version')
    .addHelpText('after', `\nExamples:\n${examples(name).map((e) => `  $ ${e}`).join('\n')}\n\nExit codes: 0 stopped with Ctrl+C (or --help/--version), 1 could not start, 2 usage error.`)
    .exitOverride();
}

/** The help text, exactly as `--help` prints it. */
export const HELP = helpText();

function helpText(): string {
  let text = '';
  emulatorCommand().configureOutput({ writeOut: (s) => (text += s) }).outputHelp();
  return text.trimEnd();
}

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; options: EmulatorOptions; printCredentials: boolean; quiet: boolean };

function nonNegativeInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new EmulatorError('INVALID_OPTIONS', `--${name} expects a non-negative integer, got "${raw}"`);
  return n;
}

function moduleFields(name: string, values: string[] | undefined): Record<string, string[]> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const match = /^([A-Za-z][A-Za-z0-9_]*)=([A-Za-z0-9_,\s]*)$/.exec(value);
    if (!match) throw new EmulatorError('INVALID_OPTIONS', `--${name} expects Module=Field,Field, got "${value}"`);
    out[match[1] as string] = (match[2] as string).split(',').map((f) => f.trim()).filter((f) => f !== '');
  }
  return out;
}

function readFaults(file: string): FaultRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EmulatorError('INVALID_OPTIONS', `--faults ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rules = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new EmulatorError('INVALID_OPTIONS', `--faults ${file}: expected a JSON list of fault rules`);
  return rules as FaultRule[];
}

interface CliValues {
  port: string;
  host?: string;
  allowRemote?: boolean;
  adminToken?: string;
  seed?: string;
  fixedCredentials?: boolean;
  leads?: string;
  seedFile?: string;
  strictLayout?: boolean;
  strictFields: string[];
  layoutRequired: string[];
  tokenTtl?: string;
  grantTtl?: string;
  latency?: string;
  jitter?: string;
  edition?: string;
  concurrencyCap?: string | false;
  retryAfter?: string;
  faults?: string;
  admin: boolean;
  printCredentials?: boolean;
  quiet?: boolean;
  version?: boolean;
}

/** @param env where `ZCRMKIT_EMULATOR_ADMIN_TOKEN` is read from (`--admin-token` wins over it). */
export function parseCliArgs(argv: readonly string[], name = BIN_NAME, env: NodeJS.ProcessEnv = process.env): CliCommand {
  let help = '';
  let usageError = '';
  const program = emulatorCommand(name).configureOutput({ writeOut: (s) => (help += s), writeErr: (s) => (usageError += s) });
  let values: CliValues;
  try {
    values = program.parse([...argv], { from: 'user' }).opts<CliValues>();
  } catch (err) {
    if (help !== '') return { kind: 'help', text: help.trimEnd() };
    return { kind: 'error', message: usageError.replace(/^error: /, '').trim() || (err instanceof Error ? err.message : String(err)) };
  }
  if (values.version) return { kind: 'version' };
  // Commander keeps the last of --concurrency-cap and --no-concurrency-cap; both given is a mistake.
  const capGiven = argv.some((a) => a === '--concurrency-cap' || a.startsWith('--concurrency-cap='));
  const noCap = argv.includes('--no-concurrency-cap');
  try {
    const options: EmulatorOptions = { port: nonNegativeInt('port', values.port) ?? 4010 };
    if (values.host !== undefined) options.host = values.host;
    if (values.allowRemote) options.allowRemote = true;
    // An empty variable counts as unset, as shells leave it when a script exports it blank.
    const adminToken = values.adminToken ?? (env[ADMIN_TOKEN_ENV] || undefined);
    if (adminToken !== undefined) options.adminToken = adminToken;
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined) {
      if (!Number.isInteger(seed)) throw new EmulatorError('INVALID_OPTIONS', `--seed expects an integer, got "${values.seed}"`);
      options.seed = seed;
    }
    if (values.fixedCredentials) options.fixedCredentials = true;
    const leads = nonNegativeInt('leads', values.leads);
    if (leads !== undefined) options.leadCount = leads;
    if (values.seedFile !== undefined) options.seedFile = values.seedFile;
    const strictFields = moduleFields('strict-fields', values.strictFields);
    if (strictFields) options.strictLayout = values.strictLayout ? { Leads: ['Last_Name', 'Company', 'Lead_Status'], ...strictFields } : strictFields;
    else if (values.strictLayout) options.strictLayout = true;
    const layoutRequired = moduleFields('layout-required', values.layoutRequired);
    if (layoutRequired) options.layoutRequired = layoutRequired;
    const tokenTtl = nonNegativeInt('token-ttl', values.tokenTtl);
    if (tokenTtl !== undefined) options.accessTokenTtlSeconds = tokenTtl;
    const grantTtl = nonNegativeInt('grant-ttl', values.grantTtl);
    if (grantTtl !== undefined) options.grantCodeTtlSeconds = grantTtl;
    const latency = nonNegativeInt('latency', values.latency) ?? 0;
    const jitter = nonNegativeInt('jitter', values.jitter) ?? 0;
    if (latency > 0 || jitter > 0) options.latencyMs = { fixedMs: latency, jitterMs: jitter };
    const cap = capGiven && typeof values.concurrencyCap === 'string' ? nonNegativeInt('concurrency-cap', values.concurrencyCap) : undefined;
    if (cap !== undefined) {
      if (cap < 1) throw new EmulatorError('INVALID_OPTIONS', '--concurrency-cap expects a positive integer');
      options.concurrencyCap = cap;
    }
    if (values.edition !== undefined) {
      if (!isEdition(values.edition)) throw new EmulatorError('INVALID_OPTIONS', `--edition expects one of ${Object.keys(EDITION_CONCURRENCY).join(', ')}, got "${values.edition}"`);
      options.edition = values.edition;
    }
    if (noCap) {
      if (capGiven) throw new EmulatorError('INVALID_OPTIONS', '--no-concurrency-cap and --concurrency-cap contradict each other; give one');
      options.concurrencyCap = null;
    }
    const retryAfter = nonNegativeInt('retry-after', values.retryAfter);
    if (retryAfter !== undefined) options.retryAfterSeconds = retryAfter;
    if (values.faults !== undefined) options.faults = readFaults(values.faults);
    if (!values.admin) options.adminApi = false;
    return { kind: 'run', options, printCredentials: values.printCredentials === true, quiet: values.quiet === true };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
