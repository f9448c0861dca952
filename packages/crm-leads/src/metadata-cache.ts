import type { FieldMeta, LayoutMeta, SafeUpdateClient } from './core-types.js';

export interface ModuleMetadata {
  fields: ReadonlyMap<string, FieldMeta>;
  layouts: readonly LayoutMeta[];
}

/**
 * Field and layout metadata of one module, at most `ttlMs` old. The cache is crm-core's one cache
 * (fields and layouts together): this package keeps none of its own, so a TTL or a clear always
 * applies to both.
 */
export async function loadModuleMetadata(client: SafeUpdateClient, module: string, ttlMs: number, signal?: AbortSignal): Promise<ModuleMetadata> {
  const opts = signal ? { maxAgeMs: ttlMs, signal } : { maxAgeMs: ttlMs };
  const [fields, layouts] = await Promise.all([client.getFields(module, opts), client.getLayouts(module, opts)]);
  return { fields: new Map(fields.map((f) => [f.apiName, f])), layouts };
}

/** Forget the client's cached fields and layouts (of one module, or all), e.g. after changing a layout. */
export function clearMetadataCache(client: Pick<SafeUpdateClient, 'clearMetadataCache'>, module?: string): void {
  client.clearMetadataCache(module);
}
