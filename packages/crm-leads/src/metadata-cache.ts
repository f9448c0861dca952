import type { FieldMeta, LayoutMeta, SafeUpdateClient } from './core-types.js';

export interface ModuleMetadata {
  fields: ReadonlyMap<string, FieldMeta>;
  layouts: readonly LayoutMeta[];
}

interface Entry {
  value: Promise<ModuleMetadata>;
  expiresAt: number;
}

// Keyed by client so that two orgs (or a test's fake and a real client) never share metadata, and
// weakly so that a closed client's cache goes with it.
const cache = new WeakMap<object, Map<string, Entry>>();

/**
 * Field and layout metadata of one module, read once per TTL and shared by concurrent callers.
 * A failed read is not cached.
 */
export function loadModuleMetadata(
  client: SafeUpdateClient,
  module: string,
  ttlMs: number,
  now: () => number = Date.now,
): Promise<ModuleMetadata> {
  let perClient = cache.get(client);
  if (!perClient) {
    perClient = new Map();
    cache.set(client, perClient);
  }
  const hit = perClient.get(module);
  if (hit && hit.expiresAt > now()) return hit.value;

  const value = Promise.all([client.getFields(module), client.getLayouts(module)]).then(([fields, layouts]) => ({
    fields: new Map(fields.map((f) => [f.apiName, f])),
    layouts,
  }));
  const entry: Entry = { value, expiresAt: now() + ttlMs };
  perClient.set(module, entry);
  value.catch(() => {
    if (perClient.get(module) === entry) perClient.delete(module);
  });
  return value;
}

/** Forget cached metadata (of one module, or all) for a client, e.g. after changing a layout. */
export function clearMetadataCache(client: object, module?: string): void {
  if (module === undefined) cache.delete(client);
  else cache.get(client)?.delete(module);
}
