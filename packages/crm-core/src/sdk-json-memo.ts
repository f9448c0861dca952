import { readFileSync, statSync } from 'node:fs';
import { fileIdentity } from './file-identity.js';
import { ZohoApiError } from './zoho-api-error.js';

// The SDK's converters call `Initializer.getJSON(path)` — readFileSync + JSON.parse of the module's
// field-details file — about twice per record it converts, so at scale most of the client's CPU
// went into re-reading one unchanged file. This memo sits in front of that one static method (the
// SDK's files are untouched): a file is parsed again only when its identity (inode, size, mtime,
// ctime) changes, which is what the SDK's own `writeFileSync` rewrites do.
//
// Timestamps are coarse (a few ms on common file systems), so a rewrite within the same tick and
// of the same size could look unchanged. As git does with "racily clean" entries, a file whose
// mtime is too close to the moment it was read is not trusted: it is read again next time.

/** The part of the SDK's Initializer class the memo wraps. */
export interface JsonReaderHost {
  getJSON: (filePath: string) => unknown;
}

interface Entry {
  stamp: string;
  value: unknown;
}

/** Files modified this recently (ms) before being read are re-read on the next call. */
export const RACY_WINDOW_MS = 50;
const MEMOISED = Symbol.for('@zcrmkit/crm-core.sdk-json-memo');

function stampOf(filePath: string): { stamp: string; mtimeMs: number } | undefined {
  const s = statSync(filePath, { bigint: true, throwIfNoEntry: false });
  if (!s) return undefined;
  return { stamp: fileIdentity(s), mtimeMs: Number(s.mtimeMs) };
}

export interface JsonMemoStats {
  reads: number;
  hits: number;
}

/** Installs the memo on `host.getJSON` (once per host). Returns counters for tests and diagnostics. */
export function memoiseSdkJson(host: JsonReaderHost, now: () => number = Date.now): JsonMemoStats {
  const existing = (host as unknown as Record<symbol, JsonMemoStats | undefined>)[MEMOISED];
  if (existing) return existing;
  const original = host.getJSON;
  if (typeof original !== 'function') throw new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: '[@zcrmkit/crm-core] the Zoho SDK has no Initializer.getJSON to memoise (SDK version changed?)' });
  const stats: JsonMemoStats = { reads: 0, hits: 0 };
  const cache = new Map<string, Entry>();
  host.getJSON = function memoisedGetJSON(this: unknown, filePath: string): unknown {
    const before = typeof filePath === 'string' ? stampOf(filePath) : undefined;
    // A missing file, or an odd argument: the SDK's own behaviour (it throws ENOENT).
    if (!before) return original.call(this, filePath);
    const hit = cache.get(filePath);
    if (hit && hit.stamp === before.stamp) {
      stats.hits++;
      return hit.value;
    }
    stats.reads++;
    const value = JSON.parse(readFileSync(filePath, 'utf8')) as unknown;
    const after = stampOf(filePath);
    // Keep it only if nobody wrote during the read and the write is not too recent to be sure of.
    if (after && after.stamp === before.stamp && now() - after.mtimeMs > RACY_WINDOW_MS) cache.set(filePath, { stamp: after.stamp, value });
    else cache.delete(filePath);
    return value;
  };
  Object.defineProperty(host, MEMOISED, { value: stats });
  return stats;
}
