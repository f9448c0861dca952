import { constants } from 'node:fs';
import { access, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { ENV_REFRESH_TOKEN, TOKEN_PATTERN, loadConfig, type ZohoConfig } from '@zcrmkit/config';
import { AuthError } from './auth-error.js';
import { writeFileAtomic } from '@zcrmkit/safe-fs';
import { setEnvVariable } from './env-file.js';
import { invalidCodeHint, storeIoHint } from './hints.js';
import { missingScopes } from './required-scopes.js';
import { TokenClient } from './token-client.js';

export const ENV_FILE_MODE = 0o600;

export interface ExchangeGrantOptions {
  /** The grant code (Zoho API console → Self Client → Generate Code). Required. */
  code: string;
  /** Client id, secret and token URL. Default: `loadConfig({ requireRefreshToken: false })` (a placeholder REFRESH_TOKEN is ignored). */
  config?: ZohoConfig;
  /** The `.env` file REFRESH_TOKEN is written to. Default: the file the config was read from, else `.env` in the current directory. */
  envFile?: string;
  /** Copied to `envFile` first when that is missing. Default: `.env.template` beside `envFile`. */
  templateFile?: string;
  /** Write no file; the caller prints `result.refreshToken`. Default: false. */
  print?: boolean;
  /** Only for clients registered with a redirect URI (not Self Client). Default: none. */
  redirectUri?: string;
  /** Deadline of the token request. Default: 15 000 ms. */
  timeoutMs?: number;
  /** The transport. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

export interface ExchangeGrantResult {
  /** Not enumerable: logging the result does not show it. */
  readonly refreshToken: string;
  /** The scopes Zoho says it granted; undefined when its answer does not list them. */
  readonly scopes: readonly string[] | undefined;
  /** Required scopes (REQUIRED_SCOPES) the grant lacks; empty when unknown. */
  readonly missingScopes: readonly string[];
  /** The file REFRESH_TOKEN was written to; undefined with `print`. */
  readonly envFile: string | undefined;
  /** The template `envFile` was created from, when it did not exist. */
  readonly createdFromTemplate: string | undefined;
  readonly apiDomain: string | undefined;
}

interface EnvPlan {
  file: string;
  template: string;
  /** Current text to edit, and where it comes from. */
  base: { text: string; from: 'env' | 'template' | 'empty' };
}

function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return undefined;
    throw new AuthError('STORE_IO', `cannot read ${file} (${codeOf(err)})`, { hint: storeIoHint(file), operation: 'exchange', cause: err });
  }
}

async function readBase(file: string, template: string): Promise<EnvPlan['base']> {
  const env = await readOptional(file);
  if (env !== undefined) return { text: env, from: 'env' };
  const tpl = await readOptional(template);
  return tpl !== undefined ? { text: tpl, from: 'template' } : { text: '', from: 'empty' };
}

/** Everything that can fail about the `.env` file fails before the grant code is spent. */
async function planEnvWrite(options: ExchangeGrantOptions, config: ZohoConfig): Promise<EnvPlan> {
  const requested = path.resolve(options.envFile ?? config.envFile ?? '.env');
  // A symlinked .env stays a symlink: write to what it points at.
  const file = await realpath(requested).catch(() => requested);
  const template = path.resolve(options.templateFile ?? path.join(path.dirname(requested), '.env.template'));
  const base = await readBase(file, template);
  try {
    await access(path.dirname(file), constants.W_OK);
  } catch (err) {
    throw new AuthError('STORE_IO', `cannot write to ${path.dirname(file)} (${codeOf(err)})`, { hint: storeIoHint(file), operation: 'exchange', cause: err });
  }
  return { file, template, base };
}

/**
 * Exchanges a grant code for a refresh token and writes REFRESH_TOKEN into the `.env` file (created
 * from the template when missing, mode 0600, every other line kept), or only returns it with `print`.
 * Stores nothing else. Throws AuthError (and ConfigError when loading the default configuration).
 */
export async function exchangeGrant(options: ExchangeGrantOptions): Promise<ExchangeGrantResult> {
  const code = typeof options.code === 'string' ? options.code.trim() : '';
  if (!TOKEN_PATTERN.test(code)) {
    throw new AuthError('INVALID_CODE', 'the grant code is malformed (expected 1000.<hex>.<hex>); nothing was sent', {
      hint: invalidCodeHint('exchange'),
      operation: 'exchange',
    });
  }
  const config = options.config ?? loadConfig({ requireRefreshToken: false });
  const plan = options.print ? undefined : await planEnvWrite(options, config);

  const client = new TokenClient({
    tokenUrl: config.tokenUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const grant = await client.exchangeCode(code, options.redirectUri);

  let createdFromTemplate: string | undefined;
  if (plan) {
    // Read again: the file may have been edited while the request was out.
    const base = await readBase(plan.file, plan.template);
    try {
      await writeFileAtomic(plan.file, setEnvVariable(base.text, ENV_REFRESH_TOKEN, grant.refreshToken), ENV_FILE_MODE);
    } catch (err) {
      throw new AuthError('STORE_IO', `the grant code was exchanged but ${plan.file} could not be written (${codeOf(err)}); run again with a new grant code and --print`, {
        hint: storeIoHint(plan.file),
        operation: 'exchange',
        cause: err,
        secrets: [grant.refreshToken, grant.accessToken, code, config.clientSecret],
      });
    }
    if (base.from === 'template') createdFromTemplate = plan.template;
  }

  const result = {
    scopes: grant.scopes ? Object.freeze([...grant.scopes]) : undefined,
    missingScopes: Object.freeze(grant.scopes ? missingScopes(grant.scopes) : []),
    envFile: plan?.file,
    createdFromTemplate,
    apiDomain: grant.apiDomain,
  };
  Object.defineProperty(result, 'refreshToken', { value: grant.refreshToken, enumerable: false });
  Object.defineProperty(result, inspect.custom, { value: () => ({ ...result, refreshToken: '<set>' }), enumerable: false });
  return Object.freeze(result) as ExchangeGrantResult;
}
