import type { FieldMeta, LayoutMeta } from './types.js';

type Kind = 'fields' | 'layouts';

interface Entry<T> {
  value: Promise<T>;
  fetchedAt: number;
}

/**
 * The one cache of a runtime's module metadata: fields and layouts share one age rule and one
 * `clear`, so they can never disagree about how fresh they are. Concurrent callers share one
 * fetch; a failed fetch is not remembered.
 */
export class MetadataCache {
  private readonly entries = new Map<string, Entry<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  get(kind: 'fields', module: string, maxAgeMs: number, fetch: () => Promise<FieldMeta[]>): Promise<FieldMeta[]>;
  get(kind: 'layouts', module: string, maxAgeMs: number, fetch: () => Promise<LayoutMeta[]>): Promise<LayoutMeta[]>;
  get<T>(kind: Kind, module: string, maxAgeMs: number, fetch: () => Promise<T>): Promise<T> {
    const key = `${kind}\0${module}`;
    const hit = this.entries.get(key) as Entry<T> | undefined;
    // A fetch still in flight is shared even with maxAgeMs 0: it is as fresh as a new one.
    if (hit && (this.now() - hit.fetchedAt < maxAgeMs || hit.fetchedAt === Infinity)) return hit.value;
    const entry: Entry<T> = { value: fetch(), fetchedAt: Infinity };
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        if (this.entries.get(key) === entry) entry.fetchedAt = this.now();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Forgets fields and layouts of one module, or of every module. */
  clear(module?: string): void {
    if (module === undefined) return this.entries.clear();
    this.entries.delete(`fields\0${module}`);
    this.entries.delete(`layouts\0${module}`);
  }
}
