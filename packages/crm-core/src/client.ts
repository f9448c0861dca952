import { loadConfig } from '@zcrmkit/config';
import { checkConnection } from './connection-check.js';
import { cachedFields, cachedLayouts } from './metadata.js';
import { checkHooks, checkLogger, resolvePolicy } from './options.js';
import { assertModule, getRecords, updateRecords, validateGetRecords, validateUpdateRecords } from './records.js';
import { iterateList, planList } from './list-records.js';
import { iterateSearch, planSearch } from './search-records.js';
import { acquireRuntime, releaseRuntime, type Runtime } from './runtime.js';
import type { MetadataOptions, ZohoClient, ZohoClientOptions } from './types.js';
import { invalidInput, ZohoApiError } from './zoho-api-error.js';

function checkMaxAge(operation: string, opts: MetadataOptions | undefined): number | undefined {
  const value = opts?.maxAgeMs;
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalidInput(operation, `maxAgeMs must be a number >= 0, got ${String(value)}`);
  return value;
}

/**
 * A Zoho CRM client. Cheap: it reads the configuration (throwing @zcrmkit/config's ConfigError when
 * it is incomplete) but imports nothing of the SDK and sends nothing until the first call or
 * `init()`. Options are checked here and throw a ZohoApiError INVALID_OPTION naming the option.
 */
export function createZohoClient(options: ZohoClientOptions = {}): ZohoClient {
  const policy = resolvePolicy(options);
  const logger = checkLogger(options.logger);
  const config = options.config ?? loadConfig();
  const hooks = checkHooks(options);
  let runtime: Promise<Runtime> | undefined;
  let closed = false;

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

  return {
    concurrency: policy.concurrency,
    async init() {
      await ready();
    },
    async checkConnection() {
      return checkConnection(await ready(), policy);
    },
    async getFields(module, opts) {
      assertModule(`getFields(${String(module)})`, module);
      const maxAgeMs = checkMaxAge(`getFields(${module})`, opts);
      // A copy, so a caller's edits do not leak into the cache.
      return structuredClone(await cachedFields(await ready(), policy, module, maxAgeMs));
    },
    async getLayouts(module, opts) {
      assertModule(`getLayouts(${String(module)})`, module);
      const maxAgeMs = checkMaxAge(`getLayouts(${module})`, opts);
      return structuredClone(await cachedLayouts(await ready(), policy, module, maxAgeMs));
    },
    clearMetadataCache(module) {
      if (module !== undefined) assertModule(`clearMetadataCache(${String(module)})`, module);
      // Nothing is cached before the runtime exists; a pending one is cleared once it is ready.
      void runtime?.then((rt) => rt.metadata.clear(module), () => undefined);
    },
    async getRecords(module, ids, fields) {
      validateGetRecords(module, ids, fields);
      if (ids.length === 0) return [];
      return getRecords(await ready(), policy, module, ids, fields);
    },
    async updateRecords(module, records, opts) {
      validateUpdateRecords(module, records, opts);
      if (records.length === 0) return [];
      return updateRecords(await ready(), policy, module, records, opts);
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
    },
  };
}
