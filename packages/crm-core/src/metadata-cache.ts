import type { FieldMeta, LayoutMeta } from './types.js';

type Kind = 'fields' | 'layouts';

interface Entry<T> {
  value: Promise<T>;
  fetchedAt: number;
}

/** Metadata kept outside the process (the org profile), with the time Zoho gave it. */
export type Recall<T> = () => Promise<{ value: T; fetchedAt: number } | undefined>;

/**
 * The one cache of a runtime's module metadata: fields and layouts share one age rule and one
 * `clear`, so they can never disagree about how fresh they are. Concurrent callers share one
 * fetch; a failed fetch is not remembered.
 */
export class MetadataCache {
  private readonly entries = new Map<string, Entry<unknown>>();
  /** When each module (or, under '', every module) was last cleared: older kept metadata is stale. */
  private readonly cleared = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  get(kind: 'fields', module: string, maxAgeMs: number, fetch: () => Promise<FieldMeta[]>, recall?: Recall<FieldMeta[]>): Promise<FieldMeta[]>;
  get(kind: 'layouts', module: string, maxAgeMs: number, fetch: () => Promise<LayoutMeta[]>, recall?: Recall<LayoutMeta[]>): Promise<LayoutMeta[]>;
  get<T>(kind: Kind, module: string, maxAgeMs: number, fetch: () => Promise<T>, recall?: Recall<T>): Promise<T> {
    const key = `${kind}\0${module}`;
    const hit = this.entries.get(key) as Entry<T> | undefined;
    // A fetch still in flight is shared even with maxAgeMs 0: it is as fresh as a new one.
    if (hit && (this.now() - hit.fetchedAt < maxAgeMs || hit.fetchedAt === Infinity)) return hit.value;
    let keptAt: number | undefined;
    const clearedAt = Math.max(this.cleared.get(module) ?? -Infinity, this.cleared.get('') ?? -Infinity);
    const load = async (): Promise<T> => {
      const kept = recall && maxAgeMs > 0 ? await recall() : undefined;
      if (kept && kept.fetchedAt > clearedAt && this.now() - kept.fetchedAt < maxAgeMs) {
        keptAt = kept.fetchedAt;
        return kept.value;
      }
      return fetch();
    };
    const entry: Entry<T> = { value: load(), fetchedAt: Infinity };
    this.entries.set(key, entry);
    entry.value.then(
      () => {
        // Kept metadata ages from when Zoho gave it, not from when this process read it.
        if (this.entries.get(key) === entry) entry.fetchedAt = keptAt ?? this.now();
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry.value;
  }

  /** Forgets fields and layouts of one module, or of every module. */
  clear(module?: string): void {
    this.cleared.set(module ?? '', this.now());
    if (module === undefined) return this.entries.clear();
    this.entries.delete(`fields\0${module}`);
    this.entries.delete(`layouts\0${module}`);
  }
}
