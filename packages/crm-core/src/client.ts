import { loadConfig } from '@zcrmkit/config';
import { checkSignal, throwIfAborted, untilAborted } from './abort-wait.js';
import { checkConnection } from './connection-check.js';
import { cachedFields, cachedLayouts } from './metadata.js';
import { defaultOrgProfilePath, fileOrgProfileStore, orgProfile, orgProfileKey } from './org-profile.js';
import { guardProfile, type KeptProfile } from './profile-guard.js';
import { checkHooks, checkLogger, resolvePolicy } from './options.js';
import { BUILTIN_MIDDLEWARE } from './call-boundary.js';
import { MiddlewareStack } from './middleware.js';
import { mergePlugins } from './plugins.js';
import { onTokenRequest } from './token-events.js';
import { assertModule, getRecords, updateRecords, validateGetRecords, validateUpdateRecords } from './records.js';
import { iterateList, planList } from './list-records.js';
import { iterateSearch, planSearch } from './search-records.js';
import { checkRequestHooks } from './request-hooks.js';
import { acquireRuntime, releaseRuntime, type Runtime } from './runtime.js';
import type { CallPolicy } from './options.js';
import type { MetadataOptions, SignalOptions, ZohoClient, ZohoClientOptions } from './types.js';
import { invalidInput, invalidOption, ZohoApiError } from './zoho-api-error.js';
import type { OrgProfileStore } from './org-profile.js';
import { writeRecords } from './write-outcome.js';

function checkProfileStore(store: unknown): OrgProfileStore | false | undefined {
  if (store === undefined || store === false) return store;
  if (store === null || typeof store !== 'object' || typeof (store as OrgProfileStore).read !== 'function' || typeof (store as OrgProfileStore).update !== 'function') {
    throw invalidOption('createZohoClient', '[@zcrmkit/crm-core] orgProfile option must be false or a store with read(org) and update(org, change) methods');
  }
  return store as OrgProfileStore;
}

function checkMaxAge(operation: string, opts: MetadataOptions | undefined): number | undefined {
  const value = opts?.maxAgeMs;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidInput(operation, `maxAgeMs must be a number >= 0, got ${String(value)}`);
  return value;
}

/** The call's signal, checked; ABORTED at once when it already fired, before anything is sent. */
function callSignal(operation: string, opts: SignalOptions | undefined): AbortSignal | undefined {
  const signal = checkSignal(operation, opts?.signal);
  throwIfAborted(operation, signal);
  return signal;
}

/**
 * A Zoho CRM client. Cheap: it reads the configuration (throwing @zcrmkit/config's ConfigError when
 * it is incomplete) but imports nothing of the SDK and sends nothing until the first call or
 * `init()`. Options are checked here and throw a ZohoApiError INVALID_OPTION naming the option.
 */
export function createZohoClient(options: ZohoClientOptions = {}): ZohoClient {
  const requestHooks = checkRequestHooks(options.hooks);
  const middleware = new MiddlewareStack(BUILTIN_MIDDLEWARE);
  const policy: CallPolicy = { ...resolvePolicy(options), middleware, ...(requestHooks ? { hooks: requestHooks } : {}) };
  const own = checkHooks(options);
  const merged = mergePlugins(options.plugins, { grantSource: own.grantSource, callGates: own.callGates, orgProfile: options.orgProfile });
  const logger = checkLogger(options.logger);
  const config = options.config ?? loadConfig();
  let runtime: Promise<Runtime> | undefined;
  let closed = false;
  const store = checkProfileStore(merged.orgProfile);
  const profile: KeptProfile | undefined =
    store === false
      ? undefined
      : guardProfile(orgProfile(store ?? fileOrgProfileStore(defaultOrgProfilePath(config)), orgProfileKey(config), policy.metadataTtlMs), (message, meta) => {
          void runtime?.then((rt) => rt.log.warn(message, meta), () => undefined);
        });
  const hooks = { ...checkHooks({ grantSource: merged.grantSource, callGates: merged.callGates }), profile };
  for (const plugin of merged.plugins) plugin.setup?.({ middleware, onTokenRequest });

  const ready = (): Promise<Runtime> => {
    if (closed) return Promise.reject(new ZohoApiError({ code: 'CLIENT_CLOSED', message: 'this client was closed; create a new one', operation: 'init' }));
    if (!runtime) {
      const pending = acquireRuntime(config, policy, logger, hooks);
      runtime = pending;
      // A failed init is not kept: the next call starts clean.
      pending.catch(() => runtime === pending && (runtime = undefined));
    }
    return runtime;
  };

  // An init (and a metadata fetch) is shared: one caller's abort stops its own wait, not the work.
  const readyFor = (operation: string, signal: AbortSignal | undefined) => untilAborted(ready(), signal, operation);

  const client: ZohoClient = {
    concurrency: policy.concurrency,
    profile,
    middleware,
    plugins: merged.plugins.map((p) => p.name),
    async init(opts) {
      await readyFor('init', callSignal('init', opts));
    },
    async checkConnection(opts) {
      const signal = callSignal('checkConnection', opts);
      return checkConnection(await readyFor('checkConnection', signal), policy, signal);
    },
    async getFields(module, opts) {
      const operation = `getFields(${String(module)})`;
      assertModule(operation, module);
      const maxAgeMs = checkMaxAge(operation, opts);
      const signal = callSignal(operation, opts);
      // A copy, so a caller's edits do not leak into the cache.
      return structuredClone(await untilAborted(cachedFields(await readyFor(operation, signal), policy, module, maxAgeMs, profile), signal, operation));
    },
    async getLayouts(module, opts) {
      const operation = `getLayouts(${String(module)})`;
      assertModule(operation, module);
      const maxAgeMs = checkMaxAge(operation, opts);
      const signal = callSignal(operation, opts);
      return structuredClone(await untilAborted(cachedLayouts(await readyFor(operation, signal), policy, module, maxAgeMs, profile), signal, operation));
    },
    clearMetadataCache(module) {
      if (module !== undefined) assertModule(`clearMetadataCache(${String(module)})`, module);
      // Nothing is cached before the runtime exists; a pending one is cleared once it is ready.
      void runtime?.then((rt) => rt.metadata.clear(module), () => undefined);
      // Nor is it kept for the next process. A failure here only costs a fetch there.
      void profile?.forget(module, 'metadata').catch(() => undefined);
    },
    async getRecords(module, ids, fields, opts) {
      validateGetRecords(module, ids, fields, opts);
      const operation = `getRecords(${module})`;
      const signal = callSignal(operation, opts);
      if (ids.length === 0) return [];
      return getRecords(await readyFor(operation, signal), policy, module, ids, fields, signal);
    },
    async updateRecords(module, records, opts) {
      validateUpdateRecords(module, records, opts);
      const operation = `updateRecords(${module})`;
      callSignal(operation, opts);
      if (records.length === 0) return [];
      return updateRecords(await readyFor(operation, opts?.signal), policy, module, records, opts);
    },
    writeRecords(module, records, opts) {
      return writeRecords(client, module, records, opts);
    },
    listRecords(module, opts) {
      return iterateList(ready, policy, planList(module, opts));
    },
    searchRecords(module, query, opts) {
      return iterateSearch(ready, policy, planSearch(module, query, opts));
    },
    async close() {
      if (closed) return;
      closed = true;
      const pending = runtime;
      runtime = undefined;
      const rt = await pending?.catch(() => undefined);
      if (rt) await releaseRuntime(rt);
      // Last added, first closed: a plugin may rely on one given before it.
      const closing = await Promise.allSettled([...merged.plugins].reverse().map(async (p) => p.close?.()));
      const failed = closing.find((c): c is PromiseRejectedResult => c.status === 'rejected');
      if (failed) throw failed.reason;
    },
  };
  return client;
}
