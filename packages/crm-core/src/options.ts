import type { GrantSource } from '@zcrmkit/auth';
import type { CallGate } from './call-gate.js';
import type { KeptProfile } from './profile-guard.js';
import type { RateLimitInfo, ZohoClientOptions, ZohoLogger } from './types.js';
import type { CallKind } from './write-policy.js';
import type { RequestHooks } from './request-hooks.js';
import type { MiddlewareStack } from './middleware.js';
import { invalidOption } from './zoho-api-error.js';

/** What plugs into the runtime from outside: a shared token source and call gates. */
export interface RuntimeHooks {
  grantSource: GrantSource | undefined;
  callGates: readonly CallGate[];
  /** Where the current user and org found at start-up are kept (not part of the runtime key). */
  profile?: KeptProfile | undefined;
}

/** Every option but the config and logger, resolved. */
export interface CallPolicy {
  findUser: boolean;
  requestTimeoutMs: number;
  callDeadlineMs: number;
  maxAttempts: number;
  concurrency: number;
  /** Heavy calls in flight at once (Zoho's sub-concurrency: writes of more than 10 records, sorted lists). */
  heavyConcurrency: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  /** Kinds of call sent again after an ambiguous failure; writes are not, unless listed. */
  retryAmbiguous: readonly CallKind[];
  metadataTtlMs: number;
  /** Told of each 429 before its retry; false (or a throw) ends the call with the 429 instead. Per client. */
  onRateLimit?: ((info: RateLimitInfo) => boolean | Promise<boolean>) | undefined;
  /** Capacity of the process's one retry budget (see retry-quota.ts); 0 = no retries past what is free. `false` = no budget. */
  retryQuota: number | false;
  /** The client's request hooks (see request-hooks.ts); per client, so not part of the runtime key. */
  hooks?: RequestHooks | undefined;
  /** The client's middleware stack (see middleware.ts); undefined: the built-in steps. Per client. */
  middleware?: MiddlewareStack | undefined;
}

export const DEFAULT_OPTIONS = Object.freeze({
  findUser: true,
  requestTimeoutMs: 30_000,
  callDeadlineMs: 90_000,
  maxAttempts: 4,
  concurrency: 10,
  heavyConcurrency: 10,
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 30_000,
  retryAmbiguous: Object.freeze(['read'] as CallKind[]),
  metadataTtlMs: 600_000,
  retryQuota: 500,
}) satisfies CallPolicy;

const PREFIX = '[@zcrmkit/crm-core]';
const OPERATION = 'createZohoClient';

type NumericOption = 'requestTimeoutMs' | 'callDeadlineMs' | 'maxAttempts' | 'concurrency' | 'heavyConcurrency' | 'retryBaseDelayMs' | 'retryMaxDelayMs' | 'metadataTtlMs';

function positiveInt(options: ZohoClientOptions, key: NumericOption, min: number): number {
  const value = options[key] ?? DEFAULT_OPTIONS[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidOption(OPERATION, `${PREFIX} ${key} option must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

function callKinds(value: unknown): readonly CallKind[] {
  if (value === undefined) return DEFAULT_OPTIONS.retryAmbiguous;
  if (!Array.isArray(value) || !value.every((k) => k === 'read' || k === 'write')) {
    throw invalidOption(OPERATION, `${PREFIX} retryAmbiguous option must be an array of 'read' and/or 'write', got ${JSON.stringify(value)}`);
  }
  return Object.freeze([...new Set(value as CallKind[])]);
}

function retryQuota(value: unknown): number | false {
  if (value === undefined) return DEFAULT_OPTIONS.retryQuota;
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw invalidOption(OPERATION, `${PREFIX} retryQuota option must be an integer >= 0 or false, got ${String(value)}`);
  return value;
}

export function resolvePolicy(options: ZohoClientOptions): CallPolicy {
  const findUser = options.findUser ?? DEFAULT_OPTIONS.findUser;
  if (typeof findUser !== 'boolean') throw invalidOption(OPERATION, `${PREFIX} findUser option must be a boolean`);
  const policy: CallPolicy = {
    findUser,
    // The SDK's HTTP client would wait forever without a timeout; never let it be 0.
    requestTimeoutMs: positiveInt(options, 'requestTimeoutMs', 1),
    callDeadlineMs: positiveInt(options, 'callDeadlineMs', 1),
    maxAttempts: positiveInt(options, 'maxAttempts', 1),
    concurrency: positiveInt(options, 'concurrency', 1),
    heavyConcurrency: positiveInt(options, 'heavyConcurrency', 1),
    retryBaseDelayMs: positiveInt(options, 'retryBaseDelayMs', 0),
    retryMaxDelayMs: positiveInt(options, 'retryMaxDelayMs', 0),
    retryAmbiguous: callKinds(options.retryAmbiguous),
    metadataTtlMs: positiveInt(options, 'metadataTtlMs', 0),
    retryQuota: retryQuota(options.retryQuota),
  };
  if (options.onRateLimit !== undefined) {
    if (typeof options.onRateLimit !== 'function') throw invalidOption(OPERATION, `${PREFIX} onRateLimit option must be a function (info) => boolean`);
    policy.onRateLimit = options.onRateLimit;
  }
  return policy;
}

export function checkLogger(logger: unknown): ZohoLogger | undefined {
  if (logger === undefined) return undefined;
  if (logger === null || typeof (logger as ZohoLogger).log !== 'function') throw invalidOption(OPERATION, `${PREFIX} logger option must have a log(level, message, meta) method`);
  return logger as ZohoLogger;
}

export function checkHooks(options: Pick<ZohoClientOptions, 'grantSource' | 'callGates'>): RuntimeHooks {
  const { grantSource, callGates = [] } = options;
  if (grantSource !== undefined && typeof grantSource?.obtain !== 'function') throw invalidOption(OPERATION, `${PREFIX} grantSource option must have an obtain(request) method`);
  if (!Array.isArray(callGates)) throw invalidOption(OPERATION, `${PREFIX} callGates option must be an array`);
  callGates.forEach((gate, i) => {
    if (typeof gate?.acquire !== 'function') throw invalidOption(OPERATION, `${PREFIX} callGates[${i}] must have an acquire(call, signal) method`);
  });
  return { grantSource, callGates: [...callGates] };
}
