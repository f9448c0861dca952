import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { silentLogger } from '@zcrmkit/auth';
import { ensurePrivateDirectory, withFileLock, writeFileAtomic, type HeldLock } from '@zcrmkit/safe-fs';
import type { ZohoConfig } from '@zcrmkit/config';
import type { CurrentUser, OrgInfo } from './identity-types.js';
import type { FieldMeta, LayoutMeta } from './types.js';

/** What runs learned about a module's updates, as kept in the org profile. */
export interface ModuleLesson {
  /** Fields Zoho named in MANDATORY_NOT_FOUND although the update did not change them. */
  demanded: string[];
  /** Zoho refused an update for a field its layout requires: the layouts' rules apply. */
  layoutRulesEnforced: boolean;
  /** Epoch ms of the last lesson. */
  learnedAt: number;
}

/** A value with the time Zoho gave it. */
export interface Stamped<T> {
  value: T;
  fetchedAt: number;
}

/** The current user and org, as the SDK's start-up looks them up. */
export interface OrgIdentity {
  user: CurrentUser | undefined;
  org: OrgInfo | undefined;
}

export interface ModuleMetadataEntry {
  fields?: Stamped<FieldMeta[]>;
  layouts?: Stamped<LayoutMeta[]>;
}

/** Everything kept of one org (one credential: API domain, client and refresh token). */
export interface OrgProfileData {
  modules: Record<string, ModuleLesson>;
  metadata?: Record<string, ModuleMetadataEntry>;
  identity?: Stamped<OrgIdentity>;
}

/**
 * Where org profiles live: a file beside the token store by default, Redis in a fleet. `update`
 * is a read-modify-write that no other process interleaves with.
 */
export interface OrgProfileStore {
  read(org: string): Promise<OrgProfileData | undefined>;
  update(org: string, change: (current: OrgProfileData) => OrgProfileData): Promise<void>;
}

export type MetadataKind = 'fields' | 'layouts';
type MetadataValue<K extends MetadataKind> = K extends 'fields' ? FieldMeta[] : LayoutMeta[];

/**
 * What earlier runs learned about the org, so that a new process neither pays for the same refused
 * update again nor fetches metadata it already has: per module, the fields Zoho demanded and
 * whether layout rules apply; field and layout metadata; the current user and org. Entries older
 * than the TTL (the client's `metadataTtlMs`) are not recalled.
 */
export interface OrgProfile {
  /** The module's lesson, if one younger than the TTL is kept. */
  recall(module: string): Promise<ModuleLesson | undefined>;
  /** Keeps what a run learned; with `replace`, instead of merging it with what is kept. */
  learn(module: string, lesson: { demanded: readonly string[]; layoutRulesEnforced: boolean }, options?: { replace?: boolean }): Promise<void>;
  /** Kept metadata of `module`, if younger than `maxAgeMs`. */
  recallMetadata<K extends MetadataKind>(kind: K, module: string, maxAgeMs: number): Promise<Stamped<MetadataValue<K>> | undefined>;
  keepMetadata<K extends MetadataKind>(kind: K, module: string, value: MetadataValue<K>, fetchedAt?: number): Promise<void>;
  /** The kept user and org, if younger than the TTL. */
  recallIdentity(): Promise<OrgIdentity | undefined>;
  keepIdentity(identity: OrgIdentity): Promise<void>;
  /**
   * Forgets one module's lesson and metadata, or everything kept of the org; with `'metadata'`,
   * only the field and layout metadata (of the module, or of every module).
   */
  forget(module?: string, what?: 'all' | 'metadata'): Promise<void>;
}

const FILE_NAME = 'zcrmkit-org-profile.json';
const VERSION = 1;

/** The profile's key: the org behind one credential, hashed (no secret in the file). */
export function orgProfileKey(config: Pick<ZohoConfig, 'apiUrl' | 'clientId' | 'refreshToken'>): string {
  return createHash('sha256').update(`org-profile\0${config.apiUrl}\0${config.clientId}\0${config.refreshToken}`).digest('hex').slice(0, 32);
}

/** The default profile file: beside the token store, in the data directory. */
export function defaultOrgProfilePath(config: Pick<ZohoConfig, 'tokenStorePath'>): string {
  return path.join(path.dirname(config.tokenStorePath), FILE_NAME);
}

interface ProfileFile {
  version: number;
  orgs: Record<string, OrgProfileData>;
}

const emptyFile = (): ProfileFile => ({ version: VERSION, orgs: {} });

function parseFile(text: string): ProfileFile {
  try {
    const parsed = JSON.parse(text) as Partial<ProfileFile>;
    if (parsed && parsed.version === VERSION && typeof parsed.orgs === 'object' && parsed.orgs !== null) return { version: VERSION, orgs: parsed.orgs };
  } catch {
    // A damaged profile is only a cache: it is rebuilt from Zoho's answers.
  }
  return emptyFile();
}

async function readProfileFile(file: string): Promise<ProfileFile> {
  try {
    return parseFile(await readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return emptyFile();
    throw err;
  }
}

/** A JSON file (0600, written atomically under the same lock as the token store uses). */
export function fileOrgProfileStore(file: string): OrgProfileStore {
  const lock = { staleMs: 10_000, timeoutMs: 30_000, logger: silentLogger, what: 'org profile' };
  return {
    async read(org) {
      return (await readProfileFile(file)).orgs[org];
    },
    async update(org, change) {
      await ensurePrivateDirectory(path.dirname(file), { what: 'org profile directory', mode: 0o700 });
      await withFileLock(file, lock, async (held: HeldLock) => {
        const doc = await readProfileFile(file);
        doc.orgs[org] = change(doc.orgs[org] ?? { modules: {} });
        held.assertHeld();
        await writeFileAtomic(file, `${JSON.stringify(doc)}\n`, 0o600);
      });
    },
  };
}

const isStamped = (v: unknown): v is Stamped<unknown> => v !== null && typeof v === 'object' && typeof (v as Stamped<unknown>).fetchedAt === 'number';
const namedList = (v: unknown, key: 'apiName' | 'id'): boolean => Array.isArray(v) && v.every((x) => x !== null && typeof x === 'object' && typeof (x as Record<string, unknown>)[key] === 'string');

/** The profile of one org in `store`; entries older than `ttlMs` are not recalled. */
export function orgProfile(store: OrgProfileStore, org: string, ttlMs: number, now: () => number = Date.now): OrgProfile {
  const fresh = (at: number, maxAgeMs = ttlMs) => now() - at < maxAgeMs;
  return {
    async recall(module) {
      const lesson = (await store.read(org))?.modules?.[module];
      if (!lesson || !Array.isArray(lesson.demanded) || typeof lesson.learnedAt !== 'number' || !fresh(lesson.learnedAt)) return undefined;
      return { demanded: lesson.demanded.filter((f): f is string => typeof f === 'string'), layoutRulesEnforced: lesson.layoutRulesEnforced === true, learnedAt: lesson.learnedAt };
    },
    async learn(module, lesson, options = {}) {
      await store.update(org, (current) => {
        const kept = current.modules?.[module];
        const merge = !options.replace && kept && fresh(kept.learnedAt) ? kept : undefined;
        const demanded = [...new Set([...(merge?.demanded ?? []), ...lesson.demanded])].sort();
        const layoutRulesEnforced = lesson.layoutRulesEnforced || merge?.layoutRulesEnforced === true;
        return { ...current, modules: { ...current.modules, [module]: { demanded, layoutRulesEnforced, learnedAt: now() } } };
      });
    },
    async recallMetadata(kind, module, maxAgeMs) {
      const entry = (await store.read(org))?.metadata?.[module]?.[kind];
      if (!isStamped(entry) || !namedList(entry.value, kind === 'fields' ? 'apiName' : 'id') || !fresh(entry.fetchedAt, Math.min(maxAgeMs, ttlMs))) return undefined;
      return entry as Stamped<MetadataValue<typeof kind>>;
    },
    async keepMetadata(kind, module, value, fetchedAt = now()) {
      await store.update(org, (current) => {
        const metadata = { ...current.metadata };
        metadata[module] = { ...metadata[module], [kind]: { value, fetchedAt } };
        return { ...current, metadata };
      });
    },
    async recallIdentity() {
      const entry = (await store.read(org))?.identity;
      if (!isStamped(entry) || entry.value === null || typeof entry.value !== 'object' || !fresh(entry.fetchedAt)) return undefined;
      return entry.value;
    },
    async keepIdentity(identity) {
      await store.update(org, (current) => ({ ...current, identity: { value: identity, fetchedAt: now() } }));
    },
    async forget(module, what = 'all') {
      await store.update(org, (current) => {
        if (what === 'metadata') {
          if (module === undefined) return { ...current, metadata: {} };
          const { [module]: _kept, ...metadata } = current.metadata ?? {};
          return { ...current, metadata };
        }
        if (module === undefined) return { modules: {} };
        const { [module]: _lesson, ...modules } = current.modules ?? {};
        const { [module]: _metadata, ...metadata } = current.metadata ?? {};
        return { ...current, modules, metadata };
      });
    },
  };
}
