import { inspect } from 'node:util';
import type { ConfigProblem } from './config-error.js';
import { showValue } from './show-value.js';
import {
  ENV_CREDIT_BUDGET,
  ENV_EDITION,
  ENV_FLEET_KEY,
  ENV_FLEET_PLAINTEXT,
  ENV_FLEET_SLOT_LEASE_MS,
  ENV_FLEET_WAIT_MS,
  ENV_ORG_CONCURRENCY,
  ENV_REDIS_PREFIX,
  ENV_REDIS_URL,
  type ConfigVariable,
} from './env-vars.js';

export type ZohoEdition = 'free' | 'standard' | 'professional' | 'enterprise' | 'ultimate';
export const ZOHO_EDITIONS: readonly ZohoEdition[] = ['free', 'standard', 'professional', 'enterprise', 'ultimate'];
export const DEFAULT_REDIS_PREFIX = 'zcrmkit';

/** How many workers coordinate through Redis (@zcrmkit/fleet); present only when ZCRMKIT_REDIS_URL is set. */
export interface FleetSettings {
  /** Not enumerable (it may hold a password). */
  readonly redisUrl: string;
  /** `host:port` of the Redis server, for messages. */
  readonly redisHost: string;
  readonly keyPrefix: string;
  /** 32 bytes, the key that encrypts (the first of `encryptionKeys`); not enumerable. Undefined only with `allowPlaintext`. */
  readonly encryptionKey: Buffer | undefined;
  /**
   * Every key of ZCRMKIT_FLEET_KEY (comma-separated), the encrypting key first, then previous keys
   * that are still read during a rotation; not enumerable. Empty only with `allowPlaintext`.
   */
  readonly encryptionKeys: readonly Buffer[];
  readonly allowPlaintext: boolean;
  readonly edition: ZohoEdition | undefined;
  /** Explicit org-wide concurrency (ZOHO_ORG_CONCURRENCY), else undefined (the edition decides). */
  readonly concurrency: number | undefined;
  /** Explicit credit budget per 24 h (ZOHO_CREDIT_BUDGET), else undefined (the edition decides). */
  readonly creditBudget: number | undefined;
  /** ZCRMKIT_FLEET_WAIT_MS, else undefined (the fleet's default, 30 s). */
  readonly waitMs: number | undefined;
  /** ZCRMKIT_FLEET_SLOT_LEASE_MS, else undefined (the fleet's default, 10 s). */
  readonly slotLeaseMs: number | undefined;
}

function parseKey(text: string): Buffer | undefined {
  if (/^[0-9a-f]{64}$/i.test(text)) return Buffer.from(text, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

function positiveInt(get: (name: ConfigVariable) => string | undefined, name: ConfigVariable, problems: ConfigProblem[]): number | undefined {
  const text = get(name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    problems.push({ variable: name, message: `is ${showValue(text)}; expected a whole number of at least 1` });
    return undefined;
  }
  return Number(text);
}

/** The fleet settings, or undefined when ZCRMKIT_REDIS_URL is not set (nothing changes then). */
export function resolveFleetSettings(get: (name: ConfigVariable) => string | undefined, problems: ConfigProblem[]): FleetSettings | undefined {
  const url = get(ENV_REDIS_URL);
  const editionText = get(ENV_EDITION)?.toLowerCase();
  let edition: ZohoEdition | undefined;
  if (editionText !== undefined) {
    if ((ZOHO_EDITIONS as readonly string[]).includes(editionText)) edition = editionText as ZohoEdition;
    else problems.push({ variable: ENV_EDITION, message: `is ${showValue(get(ENV_EDITION) ?? '')}; expected one of ${ZOHO_EDITIONS.join(', ')}` });
  }
  const concurrency = positiveInt(get, ENV_ORG_CONCURRENCY, problems);
  const creditBudget = positiveInt(get, ENV_CREDIT_BUDGET, problems);
  const waitMs = positiveInt(get, ENV_FLEET_WAIT_MS, problems);
  const slotLeaseMs = positiveInt(get, ENV_FLEET_SLOT_LEASE_MS, problems);
  if (slotLeaseMs !== undefined && slotLeaseMs < 1_000) problems.push({ variable: ENV_FLEET_SLOT_LEASE_MS, message: 'must be at least 1000 (ms)' });
  if (url === undefined) return undefined;

  let host = '';
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new Error('protocol');
    host = `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    // The URL may carry a password: never echo it.
    problems.push({ variable: ENV_REDIS_URL, message: 'is not a redis:// or rediss:// URL; expected e.g. redis://127.0.0.1:6379' });
  }
  const plaintextText = get(ENV_FLEET_PLAINTEXT)?.toLowerCase();
  if (plaintextText !== undefined && !['true', 'false', '1', '0'].includes(plaintextText)) {
    problems.push({ variable: ENV_FLEET_PLAINTEXT, message: 'expected true or false' });
  }
  const allowPlaintext = plaintextText === 'true' || plaintextText === '1';
  const keyText = get(ENV_FLEET_KEY);
  const keys: Buffer[] = [];
  if (keyText !== undefined) {
    // A rotation lists the new key first, then the keys still to be read: "new,old".
    const texts = keyText.split(/[\s,]+/).filter((t) => t !== '');
    const ordinal = (i: number) => (texts.length === 1 ? 'the key' : `key ${i + 1} of ${texts.length}`);
    texts.forEach((text, i) => {
      const key = parseKey(text);
      if (!key) problems.push({ variable: ENV_FLEET_KEY, message: `${ordinal(i)} must be 32 random bytes, base64 (44 characters) or 64 hex digits; make one with \`openssl rand -base64 32\`` });
      else if (keys.some((k) => k.equals(key))) problems.push({ variable: ENV_FLEET_KEY, message: `${ordinal(i)} repeats an earlier one` });
      else keys.push(key);
    });
    if (texts.length === 0) problems.push({ variable: ENV_FLEET_KEY, message: 'is empty; make a key with `openssl rand -base64 32`' });
  } else if (!allowPlaintext) {
    problems.push({
      variable: ENV_FLEET_KEY,
      message: `is missing; the shared access token is encrypted in Redis with it (make one with \`openssl rand -base64 32\`), or set ${ENV_FLEET_PLAINTEXT}=true to store it unencrypted`,
    });
  }
  const settings = { redisHost: host, keyPrefix: get(ENV_REDIS_PREFIX) ?? DEFAULT_REDIS_PREFIX, allowPlaintext, edition, concurrency, creditBudget, waitMs, slotLeaseMs };
  Object.defineProperty(settings, 'redisUrl', { value: url, enumerable: false });
  Object.defineProperty(settings, 'encryptionKey', { value: keys[0], enumerable: false });
  Object.defineProperty(settings, 'encryptionKeys', { value: Object.freeze([...keys]), enumerable: false });
  Object.defineProperty(settings, inspect.custom, { enumerable: false, value: () => ({ ...settings, redisUrl: '[hidden]', encryptionKey: keys.length > 0 ? '[hidden]' : undefined, encryptionKeys: keys.map(() => '[hidden]') }) });
  return Object.freeze(settings) as FleetSettings;
}
