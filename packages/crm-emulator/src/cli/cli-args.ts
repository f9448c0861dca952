import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EDITION_CONCURRENCY, isEdition } from '../control/editions.js';
import type { EmulatorOptions, FaultRule } from '../options.js';

/** The command's name; the old one, `zoho-emulator`, stays an alias for one release. */
export const BIN_NAME = 'zcrmkit-emulator';
export const OLD_BIN_NAME = 'zoho-emulator';

export const HELP = `${BIN_NAME} — a local Zoho Accounts + CRM v8 server for tests and demos

Usage: ${BIN_NAME} [options]

  --port <n>                 port to listen on (default 4010; 0 = any free port)
  --host <addr>              address to bind (default 127.0.0.1); not loopback needs --allow-remote
  --allow-remote             allow --host to be a non-loopback address such as 0.0.0.0 (warns)
  --seed <n>                 seed for all generated data and credentials (default 42)
  --leads <n>                generated leads (default 300)
  --seed-file <file>         JSON records per module ({"Leads": [...]}); replaces those modules' data
  --strict-layout            strict layout mode: Leads updates must carry Last_Name, Company, Lead_Status
  --strict-fields <M=F,F>    strict layout fields for a module (repeatable), e.g. Leads=Last_Name,Company
  --layout-required <M=F,F>  the layout's required fields for a module (repeatable), e.g. Leads=Company,Email
  --token-ttl <s>            access token lifetime in seconds (default 3600)
  --grant-ttl <s>            grant code lifetime in seconds (default 180)
  --latency <ms>             added to every request (default 0)
  --jitter <ms>              extra random latency, 0..ms (default 0)
  --edition <name>           free, standard, professional, enterprise or ultimate: sets the
                             concurrency cap to Zoho's 5, 10, 15, 20 or 25 (default enterprise)
  --concurrency-cap <n>      concurrent CRM calls before 429 TOO_MANY_REQUESTS (default: the edition's)
  --no-concurrency-cap       no cap at all (unlike any Zoho org)
  --retry-after <s>          Retry-After header on 429 answers (default none)
  --faults <file>            JSON list of fault rules (see README)
  --no-admin                 do not serve the admin API under /__emulator/
  --print-credentials        also print the client secret and a fresh refresh token (secrets!)
  -q, --quiet                print nothing but errors
  -h, --help                 this help
  -v, --version              the version

The admin API (GET /__emulator/credentials, POST /__emulator/grant-codes, …) is described in the README.
Stop with Ctrl+C.
`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'error'; message: string }
  | { kind: 'run'; options: EmulatorOptions; printCredentials: boolean; quiet: boolean };

function nonNegativeInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} expects a non-negative integer, got "${raw}"`);
  return n;
}

function moduleFields(name: string, values: string[] | undefined): Record<string, string[]> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const value of values) {
    const match = /^([A-Za-z][A-Za-z0-9_]*)=([A-Za-z0-9_,\s]*)$/.exec(value);
    if (!match) throw new Error(`--${name} expects Module=Field,Field, got "${value}"`);
    out[match[1] as string] = (match[2] as string).split(',').map((f) => f.trim()).filter((f) => f !== '');
  }
  return out;
}

function readFaults(file: string): FaultRule[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`--faults ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const rules = Array.isArray(parsed) ? parsed : (parsed as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(rules)) throw new Error(`--faults ${file}: expected a JSON list of fault rules`);
  return rules as FaultRule[];
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        seed: { type: 'string' },
        leads: { type: 'string' },
        'seed-file': { type: 'string' },
        'strict-layout': { type: 'boolean' },
        'strict-fields': { type: 'string', multiple: true },
        'layout-required': { type: 'string', multiple: true },
        'token-ttl': { type: 'string' },
        'grant-ttl': { type: 'string' },
        latency: { type: 'string' },
        jitter: { type: 'string' },
        edition: { type: 'string' },
        'concurrency-cap': { type: 'string' },
        'no-concurrency-cap': { type: 'boolean' },
        'retry-after': { type: 'string' },
        faults: { type: 'string' },
        'no-admin': { type: 'boolean' },
        'print-credentials': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  try {
    const options: EmulatorOptions = { port: nonNegativeInt('port', values.port) ?? 4010 };
    if (values.host !== undefined) options.host = values.host;
    if (values['allow-remote']) options.allowRemote = true;
    const seed = values.seed === undefined ? undefined : Number(values.seed);
    if (seed !== undefined) {
      if (!Number.isInteger(seed)) throw new Error(`--seed expects an integer, got "${values.seed}"`);
      options.seed = seed;
    }
    const leads = nonNegativeInt('leads', values.leads);
    if (leads !== undefined) options.leadCount = leads;
    if (values['seed-file'] !== undefined) options.seedFile = values['seed-file'];
    const strictFields = moduleFields('strict-fields', values['strict-fields']);
    if (strictFields) options.strictLayout = values['strict-layout'] ? { Leads: ['Last_Name', 'Company', 'Lead_Status'], ...strictFields } : strictFields;
    else if (values['strict-layout']) options.strictLayout = true;
    const layoutRequired = moduleFields('layout-required', values['layout-required']);
    if (layoutRequired) options.layoutRequired = layoutRequired;
    const tokenTtl = nonNegativeInt('token-ttl', values['token-ttl']);
    if (tokenTtl !== undefined) options.accessTokenTtlSeconds = tokenTtl;
    const grantTtl = nonNegativeInt('grant-ttl', values['grant-ttl']);
    if (grantTtl !== undefined) options.grantCodeTtlSeconds = grantTtl;
    const latency = nonNegativeInt('latency', values.latency) ?? 0;
    const jitter = nonNegativeInt('jitter', values.jitter) ?? 0;
    if (latency > 0 || jitter > 0) options.latencyMs = { fixedMs: latency, jitterMs: jitter };
    const cap = nonNegativeInt('concurrency-cap', values['concurrency-cap']);
    if (cap !== undefined) {
      if (cap < 1) throw new Error('--concurrency-cap expects a positive integer');
      options.concurrencyCap = cap;
    }
    if (values.edition !== undefined) {
      if (!isEdition(values.edition)) throw new Error(`--edition expects one of ${Object.keys(EDITION_CONCURRENCY).join(', ')}, got "${values.edition}"`);
      options.edition = values.edition;
    }
    if (values['no-concurrency-cap']) {
      if (cap !== undefined) throw new Error('--no-concurrency-cap and --concurrency-cap contradict each other; give one');
      options.concurrencyCap = null;
    }
    const retryAfter = nonNegativeInt('retry-after', values['retry-after']);
    if (retryAfter !== undefined) options.retryAfterSeconds = retryAfter;
    if (values.faults !== undefined) options.faults = readFaults(values.faults);
    if (values['no-admin']) options.adminApi = false;
    return { kind: 'run', options, printCredentials: values['print-credentials'] === true, quiet: values.quiet === true };
  } catch (err) {
    return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
