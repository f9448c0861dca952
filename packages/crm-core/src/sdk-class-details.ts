import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@zcrmkit/safe-fs';
import { fileIdentity } from './file-identity.js';

// The SDK's class metadata, `lib/config/json_details.json` (2.3 MB, ~1,700 classes), is parsed
// whole by `Initializer.initialize` into the static `Initializer.jsonDetails`: ~40 ms of every cold
// start, then ~30 ms of garbage collection of the object graph, while a process reads a few dozen
// classes. crm-core sets `Initializer.jsonDetails` first (the SDK parses only when it is unset) to
// an object with the same keys in the same order whose entries are each read and parsed from their
// own bytes on first access, then kept, as the SDK keeps its parse.
//
// Where each entry lies comes from an index: the one built with crm-core for the SDK version it is
// tested with (dist/sdk-class-index.json, used when the version and file size match), else one kept
// in the data directory under the file's identity, else one scan of the file (~30 ms), kept there
// for the next process. An index is only a hint: an entry whose bytes are not `"<key>":{…}` followed
// by `,` or `}`, or do not parse, makes the whole file parse the SDK's way, once, and every entry
// come from that.

export const CLASS_INDEX_FILE = 'sdk-class-index.json';
const INDEX_VERSION = 1;
const QUOTE = 0x22;
const COLON = 0x3a;
const COMMA = 0x2c;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Where each top-level entry's value lies in the file, in file order. */
export interface ClassIndex {
  keys: string[];
  starts: number[];
  ends: number[];
}

/** An index as kept in a file: for which SDK file it was made. */
export interface ClassIndexFile extends ClassIndex {
  version: number;
  sdkVersion: string;
  size: number;
  /** The file's identity (inode, size, times) when it was scanned; absent in the shipped index. */
  identity?: string;
}

/** The part of the SDK's Initializer class this touches. */
export interface ClassDetailsHost {
  jsonDetails?: unknown;
}

export interface ClassDetailsStats {
  /** Where the index came from. */
  index: 'shipped' | 'data-dir' | 'scanned';
  /** Entries parsed so far. */
  parsed: number;
  /** True once an entry did not match the index and the whole file was parsed instead. */
  parsedWhole: boolean;
  /** The index written for the next process (when this one scanned); never rejects. */
  saved: Promise<void> | undefined;
}

/**
 * One pass over the JSON object's top level: each key, and its value's byte range. Strings are
 * skipped by their quotes (escapes honoured), nesting by counting brackets. Throws on a file that
 * is not an object of entries, which the caller answers by parsing it whole.
 */
export function scanClassIndex(bytes: Uint8Array): ClassIndex {
  const keys: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const n = bytes.length;
  const decoder = new TextDecoder();
  let i = 0;
  const skipSpace = (): void => {
    while (i < n && (bytes[i] as number) <= 0x20) i++;
  };
  const skipString = (): void => {
    // bytes[i] is the opening quote
    i++;
    while (i < n && bytes[i] !== QUOTE) i += bytes[i] === BACKSLASH ? 2 : 1;
    if (i >= n) throw new Error('unterminated string');
    i++;
  };
  skipSpace();
  if (bytes[i] !== OPEN_BRACE) throw new Error('not a JSON object');
  i++;
  skipSpace();
  if (bytes[i] === CLOSE_BRACE) return { keys, starts, ends };
  for (;;) {
    skipSpace();
    if (bytes[i] !== QUOTE) throw new Error(`expected a key at byte ${i}`);
    const keyStart = i;
    skipString();
    keys.push(JSON.parse(decoder.decode(bytes.subarray(keyStart, i))) as string);
    skipSpace();
    if (bytes[i] !== COLON) throw new Error(`expected ':' at byte ${i}`);
    i++;
    skipSpace();
    const valueStart = i;
    const first = bytes[i];
    if (first === QUOTE) {
      skipString();
    } else if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      // The hot loop (2.3 MB): strings skipped inline, nesting counted.
      let depth = 0;
      do {
        const c = bytes[i];
        if (c === QUOTE) {
          i++;
          while (i < n && bytes[i] !== QUOTE) i += bytes[i] === BACKSLASH ? 2 : 1;
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
        }
        i++;
      } while (depth > 0 && i < n);
      if (depth !== 0) throw new Error('unbalanced value');
    } else {
      while (i < n && bytes[i] !== COMMA && bytes[i] !== CLOSE_BRACE && (bytes[i] as number) > 0x20) i++;
    }
    starts.push(valueStart);
    ends.push(i);
    skipSpace();
    if (bytes[i] === COMMA) {
      i++;
      continue;
    }
    if (bytes[i] === CLOSE_BRACE) return { keys, starts, ends };
    throw new Error(`expected ',' or '}' at byte ${i}`);
  }
}

function readIndexFile(file: string): Partial<ClassIndexFile> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<ClassIndexFile>;
  } catch {
    return undefined;
  }
}

function usable(saved: Partial<ClassIndexFile> | undefined, sdkVersion: string, size: number, identity: string | undefined): ClassIndex | undefined {
  if (!saved || saved.version !== INDEX_VERSION || saved.sdkVersion !== sdkVersion || saved.size !== size) return undefined;
  if (identity !== undefined && saved.identity !== identity) return undefined;
  const { keys, starts, ends } = saved;
  if (!Array.isArray(keys) || !Array.isArray(starts) || !Array.isArray(ends)) return undefined;
  if (keys.length !== starts.length || keys.length !== ends.length || keys.length === 0) return undefined;
  return { keys, starts, ends };
}

/** True when `bytes` (the file from byte `offset` on) hold `"key":{…}` at `start`…`end`, then `,` or `}`. */
export function entryFits(bytes: Uint8Array, offset: number, key: string, start: number, end: number): boolean {
  const s = start - offset;
  const e = end - offset;
  if (s < 1 || e > bytes.length || e - s < 2) return false;
  if (bytes[s] !== OPEN_BRACE || bytes[e - 1] !== CLOSE_BRACE) return false;
  let after = e;
  while (after < bytes.length && (bytes[after] as number) <= 0x20) after++;
  if (after >= bytes.length || (bytes[after] !== COMMA && bytes[after] !== CLOSE_BRACE)) return false;
  let before = s - 1;
  while (before > 0 && (bytes[before] as number) <= 0x20) before--;
  if (bytes[before] !== COLON) return false;
  before--;
  while (before > 0 && (bytes[before] as number) <= 0x20) before--;
  const quoted = Buffer.from(JSON.stringify(key), 'utf8');
  const from = before + 1 - quoted.length;
  return from >= 0 && Buffer.from(bytes.buffer, bytes.byteOffset + from, quoted.length).equals(quoted);
}

/** Bytes `from`…`to` of `file` (fewer at its end). */
function readRange(file: string, from: number, to: number): Buffer {
  const out = Buffer.allocUnsafe(to - from);
  const fd = openSync(file, 'r');
  try {
    let got = 0;
    while (got < out.length) {
      const n = readSync(fd, out, got, out.length - got, from + got);
      if (n === 0) break;
      got += n;
    }
    return out.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Room read around an entry for its key and the byte after it. */
const MARGIN = 16;

export interface ClassDetailsOptions {
  /** The SDK's json_details.json. */
  file: string;
  /** The installed SDK's version. */
  sdkVersion: string;
  /** The folder of the data directory that keeps an index made here. */
  indexDir: string;
  /** The index built with crm-core. Default: dist/sdk-class-index.json beside this module. */
  shippedIndex?: string;
}

/** The index for the file, and where it came from; undefined when the file is not an object of entries. */
function findIndex(options: ClassDetailsOptions, size: number, identity: string): { index: ClassIndex; from: ClassDetailsStats['index']; save?: ClassIndexFile } | undefined {
  const shipped = usable(readIndexFile(options.shippedIndex ?? fileURLToPath(new URL(`./${CLASS_INDEX_FILE}`, import.meta.url))), options.sdkVersion, size, undefined);
  if (shipped) return { index: shipped, from: 'shipped' };
  const kept = usable(readIndexFile(path.join(options.indexDir, CLASS_INDEX_FILE)), options.sdkVersion, size, identity);
  if (kept) return { index: kept, from: 'data-dir' };
  try {
    const index = scanClassIndex(readFileSync(options.file));
    return { index, from: 'scanned', save: { version: INDEX_VERSION, sdkVersion: options.sdkVersion, size, identity, ...index } };
  } catch {
    return undefined;
  }
}

/**
 * Sets `host.jsonDetails` to the lazy form of the SDK's class metadata, unless the SDK has it
 * already (a second runtime in this process) or the file cannot be indexed (the SDK then reads it
 * its own way and reports what is wrong). Returns undefined when it left `host.jsonDetails` alone.
 */
export function installLazyClassDetails(host: ClassDetailsHost, options: ClassDetailsOptions): ClassDetailsStats | undefined {
  if (host.jsonDetails !== undefined && host.jsonDetails !== null) return undefined;
  const stat = statSync(options.file, { bigint: true, throwIfNoEntry: false });
  if (!stat) return undefined;
  const size = Number(stat.size);
  const identity = fileIdentity(stat);
  const found = findIndex(options, size, identity);
  if (!found) return undefined;
  const stats: ClassDetailsStats = { index: found.from, parsed: 0, parsedWhole: false, saved: undefined };
  // A cache: a write that fails costs the next process one scan, nothing else.
  if (found.save) stats.saved = writeFileAtomic(path.join(options.indexDir, CLASS_INDEX_FILE), JSON.stringify(found.save), 0o600).catch(() => undefined);
  host.jsonDetails = lazyDetails(found.index, options.file, stats);
  installed = stats;
  return stats;
}

let installed: ClassDetailsStats | undefined;

/** The counters of the lazy metadata this process gave the SDK, if it did (tests, diagnostics). */
export function installedClassDetails(): ClassDetailsStats | undefined {
  return installed;
}

/**
 * The object the SDK reads: a proxy, so that ~1,700 entries cost nothing until read. It answers
 * as a plain object would — `in`, hasOwnProperty, for…in and Object.keys in file order, writes
 * kept — and each entry is parsed once.
 */
function lazyDetails(index: ClassIndex, file: string, stats: ClassDetailsStats): Record<string, unknown> {
  const position = new Map<string, number>();
  index.keys.forEach((key, k) => position.set(key, k));
  const values = new Map<string, unknown>();
  const keys = [...index.keys];
  let whole: Record<string, unknown> | undefined;
  const parseWhole = (): Record<string, unknown> => {
    if (!whole) {
      whole = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      stats.parsedWhole = true;
    }
    return whole;
  };
  const parseEntry = (key: string, k: number): unknown => {
    const start = index.starts[k] as number;
    const end = index.ends[k] as number;
    if (!whole) {
      const from = Math.max(0, start - Buffer.byteLength(key) - MARGIN);
      const bytes = readRange(file, from, end + MARGIN);
      if (entryFits(bytes, from, key, start, end)) {
        try {
          return JSON.parse(bytes.toString('utf8', start - from, end - from)) as unknown;
        } catch {
          // not this entry after all: the whole file below
        }
      }
    }
    return parseWhole()[key];
  };
  const valueOf = (key: string): unknown => {
    if (values.has(key)) return values.get(key);
    const k = position.get(key);
    if (k === undefined) return undefined;
    const value = parseEntry(key, k);
    stats.parsed++;
    values.set(key, value);
    return value;
  };
  const own = (key: string | symbol): key is string => typeof key === 'string' && (values.has(key) || position.has(key));
  return new Proxy<Record<string, unknown>>(
    {},
    {
      get: (target, key, receiver) => (own(key) ? valueOf(key) : Reflect.get(target, key, receiver)),
      has: (target, key) => own(key) || Reflect.has(target, key),
      ownKeys: () => [...keys],
      // An accessor, so that for…in and hasOwnProperty (which ask for it) parse nothing.
      getOwnPropertyDescriptor: (_target, key) =>
        own(key)
          ? {
              get: () => valueOf(key),
              set: (value: unknown) => values.set(key, value),
              enumerable: true,
              configurable: true,
            }
          : undefined,
      set: (_target, key, value) => {
        if (typeof key !== 'string') return false;
        if (!own(key)) keys.push(key);
        values.set(key, value);
        return true;
      },
      defineProperty: (_target, key, descriptor) => {
        if (typeof key !== 'string' || !('value' in descriptor)) return false;
        if (!own(key)) keys.push(key);
        values.set(key, descriptor.value);
        return true;
      },
      deleteProperty: (_target, key) => {
        if (!own(key)) return true;
        values.delete(key);
        position.delete(key);
        keys.splice(keys.indexOf(key), 1);
        return true;
      },
    },
  );
}
