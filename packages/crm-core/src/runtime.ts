import { createHash } from 'node:crypto';
import type { ZohoTokenStore } from '@zcrmkit/auth';
import type { ZohoConfig } from '@zcrmkit/config';
import { callSdk, type BoundaryDeps, type CallOptions, type SdkRun } from './call-boundary.js';
import { RetryQuota } from './retry-quota.js';
import { gatedSlots } from './call-gate.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CoreLog } from './core-log.js';
import { createFileLogger, type FileLogger } from './file-logger.js';
import { observeHttp } from './http-observer.js';
import type { CurrentUser, OrgInfo } from './identity.js';
import { sdkClassDetailsSource, type ZohoSdk } from './load-sdk.js';
import { installLazyClassDetails } from './sdk-class-details.js';
import type { CallPolicy, RuntimeHooks } from './options.js';
import { Redactor } from './redact.js';
import { createSdkTokenStore } from './sdk-store-adapter.js';
import { findIdentity } from './runtime-identity.js';
import { startSdk, type SdkStart } from './runtime-start.js';
import { openTokenStore } from './runtime-token.js';
import { initializeRun, sdkToken } from './sdk-initialize.js';
import { MetadataCache } from './metadata-cache.js';
import type { ZohoLogger } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

/**
 * The SDK keeps one configuration per process (static state), so crm-core does too: one Runtime
 * — SDK, token store, log, concurrency limiter — shared by every client with the same settings.
 */
export interface Runtime {
  readonly key: string;
  readonly config: ZohoConfig;
  readonly sdk: ZohoSdk;
  readonly redactor: Redactor;
  readonly log: CoreLog;
  readonly deps: BoundaryDeps;
  /** The current user and org, when findUser looked them up (or the org profile kept them). */
  readonly user: CurrentUser | undefined;
  readonly org: OrgInfo | undefined;
  /** True when `user` and `org` come from the org profile, not from this process's requests. */
  readonly identityKept: boolean;
  /** The one cache of field and layout metadata (TTL: the client's `metadataTtlMs`). */
  readonly metadata: MetadataCache;
  /** Modules whose first record call has been made (the SDK then has their metadata on disk). */
  readonly warm: Map<string, Promise<void>>;
  call<R>(policy: CallPolicy, operation: string, run: SdkRun<R>, options?: CallOptions): Promise<R>;
}

interface Slot {
  key: string;
  describe: string;
  runtime: Promise<Runtime>;
  holders: number;
  teardown: (() => Promise<void>) | undefined;
}

let slot: Slot | undefined;

/**
 * How long the SDK import waits at most for the first token (see TokenStart.settled): past it (a
 * fleet lease held elsewhere, a slow token endpoint) the import starts beside the token fetch.
 */
const TOKEN_FIRST_MAX_MS = 2_000;

function hash(...parts: (string | undefined)[]): string {
  return createHash('sha256').update(parts.map((p) => p ?? '').join('\0')).digest('hex');
}

const hookIds = new WeakMap<object, number>();
let nextHookId = 1;
/** A stable number per hook object, so clients with other hooks do not share a runtime. */
function hookId(hook: object | undefined): number | undefined {
  if (!hook) return undefined;
  if (!hookIds.has(hook)) hookIds.set(hook, nextHookId++);
  return hookIds.get(hook);
}

const NO_HOOKS: RuntimeHooks = { grantSource: undefined, callGates: [] };

/** Everything that shapes the SDK's one configuration; two clients agreeing on it can share it. */
export function runtimeKey(config: ZohoConfig, policy: CallPolicy, logger: ZohoLogger | undefined, hooks: RuntimeHooks = NO_HOOKS): string {
  return JSON.stringify({
    apiUrl: config.apiUrl,
    tokenUrl: config.tokenUrl,
    fileUploadUrl: config.fileUploadUrl,
    clientId: config.clientId,
    credentials: hash(config.clientSecret, config.refreshToken),
    tokenStorePath: config.tokenStorePath,
    resourcePath: config.resourcePath,
    logFile: logger ? 'custom' : config.logFile,
    logLevel: config.logLevel,
    findUser: policy.findUser,
    requestTimeoutMs: policy.requestTimeoutMs,
    grantSource: hookId(hooks.grantSource),
    callGates: hooks.callGates.map(hookId),
  });
}

/**
 * A user signature that names the SDK's resource files when findUser is off. The SDK would use the
 * refresh token's last 32 characters — part of a secret in a file name; a hash gives a stable,
 * per-credential name that reveals nothing.
 */
export function anonymousSignature(config: ZohoConfig): string {
  return config.userEmail ?? `zcrmkit-${hash(config.clientId, config.refreshToken).slice(0, 20)}`;
}

/**
 * One runtime, in steps of one purpose each: start the SDK import (runtime-start.ts); open the log
 * and the token store, whose first token is fetched while the SDK loads (runtime-token.ts);
 * initialise the SDK as a call (sdk-initialize.ts); find the user and org, or recall them from
 * the org profile (runtime-identity.ts). A failure leaves nothing behind (see acquireRuntime).
 */
async function createRuntime(key: string, config: ZohoConfig, policy: CallPolicy, logger: ZohoLogger | undefined, hooks: RuntimeHooks, setTeardown: (t: () => Promise<void>) => void): Promise<Runtime> {
  const redactor = new Redactor();
  redactor.addSecret(config.clientSecret);
  redactor.addSecret(config.refreshToken);
  const started = Date.now();
  if (!config.refreshToken) {
    throw new ZohoApiError({ code: 'NOT_INITIALIZED', message: 'init: the configuration has no REFRESH_TOKEN', operation: 'init', hint: 'get one with zcrmkit-exchange-grant and set REFRESH_TOKEN' });
  }
  const keeping: Promise<void>[] = [];
  // Synchronous (winston is the SDK's copy, see sdk-winston.ts; SDK_MISSING without the SDK).
  const fileLogger: FileLogger | undefined = logger ? undefined : createFileLogger(config.logFile, config.logLevel, redactor);
  const log = new CoreLog(logger ?? (fileLogger as FileLogger), redactor);
  const stopObserving = observeHttp();
  const begun: { start?: SdkStart } = {};
  setTeardown(async () => {
    stopObserving();
    await Promise.all(keeping);
    const start = begun.start;
    if (start) {
      // What this process learned serves the next one; a failure here costs it a metadata fetch.
      await start.resources.publish().catch((err: unknown) => log.warn('could not share the SDK field caches', { code: (err as NodeJS.ErrnoException).code }));
      await start.resources.remove().catch(() => undefined);
    }
    await fileLogger?.close();
  });

  const loaded: { sdk?: ZohoSdk } = {};
  const sdkOf = (): ZohoSdk => {
    if (!loaded.sdk) throw new ZohoApiError({ code: 'NOT_INITIALIZED', operation: 'init', message: '[@zcrmkit/crm-core] the Zoho SDK is not loaded yet' });
    return loaded.sdk;
  };
  // The token before the SDK import (see TokenStart.settled). A failed start or load fails init
  // only once this fetch has settled: nothing of a failed init outlives it.
  const { store, headStart, settled: tokenSettled } = openTokenStore(config, log, hooks.grantSource, sdkOf);
  const settled = async (error: unknown): Promise<never> => {
    await headStart.catch(() => undefined);
    throw error;
  };
  await tokenSettled(TOKEN_FIRST_MAX_MS);
  const start = await startSdk(config).catch(settled);
  begun.start = start;
  // Read while the SDK loads; kept after init, off the first call's path (close() waits for it).
  const keptIdentity = policy.findUser ? hooks.profile?.recallIdentity() : undefined;
  const sdk = await start.sdk.catch(settled);
  loaded.sdk = sdk;
  log.debug('Zoho SDK loaded', { ms: Date.now() - started });

  let signature: string | undefined = policy.findUser ? undefined : anonymousSignature(config);
  const adapter = createSdkTokenStore(sdk, store, redactor, { apiUrl: config.apiUrl, userSignature: () => signature, headStart });
  const deps = boundaryDeps(policy, hooks, log, redactor, store);
  const call = <R>(p: CallPolicy, operation: string, run: SdkRun<R>, options?: CallOptions) => callSdk(deps, p, operation, run, options);

  // Before initialize, which parses the SDK's class metadata itself only when it is unset.
  const classDetails = installLazyClassDetails(sdk.Initializer, { ...sdkClassDetailsSource(), indexDir: config.resourcePath });
  if (classDetails?.saved) keeping.push(classDetails.saved);
  const token = sdkToken(sdk, config, policy, signature);
  await call(policy, 'init', initializeRun(sdk, config, policy, token, adapter, start.resources.path));

  const kept = await keptIdentity;
  const { user, org, kept: identityKept } = await findIdentity(sdk, policy, call, log, redactor, kept);
  if (policy.findUser && !identityKept && hooks.profile) keeping.push(hooks.profile.keepIdentity({ user, org }));
  if (policy.findUser) signature = user && org ? `${user.email}:${org.id}` : anonymousSignature(config);
  if (signature) token.setUserSignature(new sdk.UserSignature(signature));
  log.info('Zoho SDK initialised', { apiUrl: config.apiUrl, dataCenter: config.dataCenter, environment: config.environment, findUser: policy.findUser, user: user?.email, org: org?.id, ms: Date.now() - started });
  return { key, config, sdk, redactor, log, deps, user, org, identityKept, metadata: new MetadataCache(), warm: new Map(), call };
}

/** What every call of the runtime shares: its slots and gates, log, token refresh and retry budget. */
function boundaryDeps(policy: CallPolicy, hooks: RuntimeHooks, log: CoreLog, redactor: Redactor, store: ZohoTokenStore): BoundaryDeps {
  return {
    limiter: gatedSlots(new ConcurrencyLimiter(policy.concurrency), hooks.callGates, new ConcurrencyLimiter(policy.heavyConcurrency)),
    log,
    redactor,
    forceRefresh: async (stale) => {
      const fresh = await store.forceRefresh(stale);
      redactor.addSecret(fresh.accessToken);
    },
    retryQuota: policy.retryQuota === false ? undefined : new RetryQuota(policy.retryQuota),
  };
}

function describeConfig(config: ZohoConfig): string {
  return `${config.apiUrl} (client ${config.clientId})`;
}

/**
 * The process's runtime for this configuration, initialising it on first use. Concurrent callers
 * share one initialisation; a failed one is undone completely so the next call starts clean.
 */
export function acquireRuntime(config: ZohoConfig, policy: CallPolicy, logger: ZohoLogger | undefined, hooks: RuntimeHooks = NO_HOOKS): Promise<Runtime> {
  const key = runtimeKey(config, policy, logger, hooks);
  if (slot) {
    if (slot.key !== key) {
      return Promise.reject(
        new ZohoApiError({
          code: 'INIT_CONFLICT',
          message: `init: the Zoho SDK is already initialised in this process for ${slot.describe} with other settings; the SDK keeps one configuration per process`,
          operation: 'init',
          hint: 'reuse one client, or close() the first client before creating one with another configuration',
        }),
      );
    }
    slot.holders++;
    return slot.runtime;
  }
  const mine: Slot = { key, describe: describeConfig(config), holders: 1, teardown: undefined, runtime: Promise.resolve(undefined as unknown as Runtime) };
  mine.runtime = createRuntime(key, config, policy, logger, hooks, (t) => (mine.teardown = t)).catch(async (error: unknown) => {
    if (slot === mine) slot = undefined;
    await mine.teardown?.().catch(() => undefined);
    throw error instanceof ZohoApiError
      ? error
      : new ZohoApiError({ code: 'NOT_INITIALIZED', message: `init: ${error instanceof Error ? error.message : String(error)}`, operation: 'init' });
  });
  slot = mine;
  return mine.runtime;
}

/** Drops one holder; the last one tears the runtime down and frees the process for another configuration. */
export async function releaseRuntime(runtime: Runtime): Promise<void> {
  if (!slot || slot.key !== runtime.key) return;
  if (--slot.holders > 0) return;
  const done = slot;
  slot = undefined;
  runtime.log.info('crm-core client closed');
  await done.teardown?.();
}
