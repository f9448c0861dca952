import { createHash } from 'node:crypto';
import { ZohoTokenStore, type AuthLogger } from '@zcrmkit/auth';
import { ensurePrivateDirectory, UnsafePathError } from '@zcrmkit/safe-fs';
import type { ZohoConfig } from '@zcrmkit/config';
import { callSdk, type BoundaryDeps, type CallOptions, type SdkRun } from './call-boundary.js';
import { RetryQuota } from './retry-quota.js';
import { gatedSlots } from './call-gate.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { CoreLog } from './core-log.js';
import { createFileLogger, type FileLogger } from './file-logger.js';
import { observeHttp } from './http-observer.js';
import { currentUserRun, orgRun, type CurrentUser, type OrgInfo } from './identity.js';
import { loadSdk, type ZohoSdk } from './load-sdk.js';
import type { CallPolicy, RuntimeHooks } from './options.js';
import { Redactor } from './redact.js';
import { openProcessResources, type ProcessResources } from './sdk-resource-dir.js';
import { createSdkTokenStore } from './sdk-store-adapter.js';
import { tokenFetch } from './token-transport.js';
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

function authLogger(log: CoreLog): AuthLogger {
  return {
    debug: (m, meta) => log.debug(m, { source: 'auth', ...meta }),
    info: (m, meta) => log.info(m, { source: 'auth', ...meta }),
    warn: (m, meta) => log.warn(m, { source: 'auth', ...meta }),
    error: (m, meta) => log.error(m, { source: 'auth', ...meta }),
  };
}

/** The SDK's field caches (file names derived from the user): a folder of ours, never a link. */
async function ensureResourceDirectory(dir: string): Promise<void> {
  try {
    await ensurePrivateDirectory(dir, { what: 'SDK resource directory', mode: 0o700, maxMode: 0o777 });
  } catch (err) {
    if (err instanceof UnsafePathError) {
      throw new ZohoApiError({ code: 'UNSAFE_PATH', message: `${err.message}; it was left untouched`, operation: 'init', hint: 'Point ZOHO_DATA_DIR at a folder of yours, or replace the link with a folder.' });
    }
    throw err;
  }
}

async function createRuntime(key: string, config: ZohoConfig, policy: CallPolicy, logger: ZohoLogger | undefined, hooks: RuntimeHooks, setTeardown: (t: () => Promise<void>) => void): Promise<Runtime> {
  const redactor = new Redactor();
  redactor.addSecret(config.clientSecret);
  redactor.addSecret(config.refreshToken);
  const started = Date.now();
  // The SDK import (~0.7 s of a cold start) is the long pole: start it first, and do everything
  // that does not need the SDK — the log file, the token — while it loads. A configuration without
  // a refresh token, or an unusable resource directory, cannot initialise: no import then.
  let sdkLoading: Promise<ZohoSdk> | undefined;
  let resources: ProcessResources | undefined;
  if (config.refreshToken) {
    await ensureResourceDirectory(config.resourcePath);
    sdkLoading = loadSdk();
    sdkLoading.catch(() => undefined);
    resources = await openProcessResources(config.resourcePath);
  }
  // Read while the SDK loads; kept after init, off the first call's path (close() waits for it).
  const keptIdentity = policy.findUser && sdkLoading ? hooks.profile?.recallIdentity() : undefined;
  const keeping: Promise<void>[] = [];
  const fileLogger: FileLogger | undefined = logger ? undefined : await createFileLogger(config.logFile, config.logLevel, redactor);
  const log = new CoreLog(logger ?? (fileLogger as FileLogger), redactor);
  const stopObserving = observeHttp();
  const teardown = async () => {
    stopObserving();
    await Promise.all(keeping);
    if (resources) {
      // What this process learned serves the next one; a failure here costs it a metadata fetch.
      await resources.publish().catch((err: unknown) => log.warn('could not share the SDK field caches', { code: (err as NodeJS.ErrnoException).code }));
      await resources.remove().catch(() => undefined);
    }
    await fileLogger?.close();
  };
  setTeardown(teardown);

  if (!config.refreshToken || !sdkLoading) {
    throw new ZohoApiError({ code: 'NOT_INITIALIZED', message: 'init: the configuration has no REFRESH_TOKEN', operation: 'init', hint: 'get one with zcrmkit-exchange-grant and set REFRESH_TOKEN' });
  }

  // The store makes SDK objects only when the SDK asks it for tokens, which is after the import.
  const loaded: { sdk?: ZohoSdk } = {};
  const sdkOf = (): ZohoSdk => {
    if (!loaded.sdk) throw new ZohoApiError({ code: 'NOT_INITIALIZED', operation: 'init', message: '[@zcrmkit/crm-core] the Zoho SDK is not loaded yet' });
    return loaded.sdk;
  };
  const store = ZohoTokenStore.fromConfig(config, {
    logger: authLogger(log),
    createSdkToken: () => new (sdkOf().OAuthToken)(),
    createUserSignature: (name) => new (sdkOf().UserSignature)(name),
    // node:http(s) rather than the global fetch, whose first use costs a cold start ~30–60 ms.
    fetch: tokenFetch,
    ...(hooks.grantSource ? { grantSource: hooks.grantSource } : {}),
  });
  // The access token the SDK's initialisation will ask for, fetched (or read from the store) while
  // the SDK loads instead of after. Same store, lock and single flight as any refresh; the SDK's
  // first findToken takes this outcome, its error included, so nothing is requested twice.
  const headStart = store.getAccessToken();
  headStart.catch(() => undefined);

  // A failed load (SDK_MISSING, SDK_UNSUPPORTED …) fails init only once the token fetch begun
  // beside it has settled: nothing of a failed init outlives it.
  const sdk = await sdkLoading.catch(async (error: unknown) => {
    await headStart.catch(() => undefined);
    throw error;
  });
  loaded.sdk = sdk;
  log.debug('Zoho SDK loaded', { ms: Date.now() - started });

  let signature: string | undefined = policy.findUser ? undefined : anonymousSignature(config);
  const adapter = createSdkTokenStore(sdk, store, redactor, { apiUrl: config.apiUrl, userSignature: () => signature, headStart });
  const deps: BoundaryDeps = {
    limiter: gatedSlots(new ConcurrencyLimiter(policy.concurrency), hooks.callGates, new ConcurrencyLimiter(policy.heavyConcurrency)),
    log,
    redactor,
    forceRefresh: async (stale) => {
      const fresh = await store.forceRefresh(stale);
      redactor.addSecret(fresh.accessToken);
    },
    retryQuota: policy.retryQuota === false ? undefined : new RetryQuota(policy.retryQuota),
  };
  const call = <R>(p: CallPolicy, operation: string, run: SdkRun<R>, options?: CallOptions) => callSdk(deps, p, operation, run, options);

  const token = new sdk.OAuthBuilder().clientId(config.clientId).clientSecret(config.clientSecret).refreshToken(config.refreshToken).findUser(policy.findUser).build();
  if (signature) token.setUserSignature(new sdk.UserSignature(signature));
  await call(policy, 'init', async () => {
    const builder = await new sdk.InitializeBuilder();
    await builder
      .environment(new sdk.Environment(config.apiUrl, config.tokenUrl, config.fileUploadUrl))
      .token(token)
      .store(adapter)
      // Never 0: without a timeout the SDK's HTTP client waits forever.
      .SDKConfig(new sdk.SDKConfigBuilder().timeout(policy.requestTimeoutMs).pickListValidation(false).autoRefreshFields(false).build())
      // A folder of this process's own, seeded from the shared caches (see sdk-resource-dir.ts).
      .resourcePath(resources?.path ?? config.resourcePath)
      // OFF: the SDK's lines reach crm-core's log through the bridge, not through a file of its own.
      .logger(new sdk.LogBuilder().level(sdk.Levels.OFF).filePath(null).build())
      .initialize();
  });

  let user: CurrentUser | undefined;
  let org: OrgInfo | undefined;
  const kept = await keptIdentity;
  if (kept) {
    // An earlier process looked them up within metadataTtlMs: the same answers, no requests.
    user = kept.user;
    org = kept.org;
    signature = user && org ? `${user.email}:${org.id}` : anonymousSignature(config);
  } else if (policy.findUser) {
    // What the SDK's findUser does after its own refresh (which crm-core's store pre-empts): the
    // user and org name the SDK's resource files, so metadata of different orgs never mixes. Like
    // the SDK, a token without users.READ / org.READ still initialises (checkConnection reports
    // the missing scope); any other failure fails init, and the next call tries again.
    // The two lookups are independent, so they run side by side; both settle before init goes on
    // or fails (the user's error first), so no call of a failed init outlives it.
    const [userOutcome, orgOutcome] = await Promise.allSettled([
      call(policy, 'getCurrentUser', currentUserRun(sdk, redactor)).catch((e: unknown) => scopeGap(e, log)),
      call(policy, 'getOrganization', orgRun(sdk, redactor)).catch((e: unknown) => scopeGap(e, log)),
    ]);
    if (userOutcome.status === 'rejected') throw userOutcome.reason;
    if (orgOutcome.status === 'rejected') throw orgOutcome.reason;
    user = userOutcome.value;
    org = orgOutcome.value;
    signature = user && org ? `${user.email}:${org.id}` : anonymousSignature(config);
    if (hooks.profile) keeping.push(hooks.profile.keepIdentity({ user, org }));
  }
  if (signature) token.setUserSignature(new sdk.UserSignature(signature));
  log.info('Zoho SDK initialised', { apiUrl: config.apiUrl, dataCenter: config.dataCenter, environment: config.environment, findUser: policy.findUser, user: user?.email, org: org?.id, ms: Date.now() - started });
  return { key, config, sdk, redactor, log, deps, user, org, identityKept: kept !== undefined, metadata: new MetadataCache(), warm: new Map(), call };
}

/** Zoho's answers when the token lacks a scope, or the user a permission. */
export const SCOPE_ERROR_CODES: ReadonlySet<string> = new Set(['OAUTH_SCOPE_MISMATCH', 'NO_PERMISSION']);

function scopeGap(error: unknown, log: CoreLog): undefined {
  if (!(error instanceof ZohoApiError) || !SCOPE_ERROR_CODES.has(String(error.code))) throw error;
  log.warn(`findUser skipped: ${error.operation} answered ${error.code}; resource files are named after a hash of the credentials instead`, { code: error.code });
  return undefined;
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
