import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { loadSdk, sdkClassDetailsSource } from './load-sdk.js';
import { CLASS_INDEX_FILE, installLazyClassDetails, installedClassDetails, scanClassIndex, type ClassDetailsHost, type ClassIndexFile } from './sdk-class-details.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';

// The SDK's class metadata, read lazily (sdk-class-details.ts), against the SDK's own parse of the
// same file: same keys in the same order, the same value for every one of them, whatever the
// index says; then the real SDK initialised on it, over HTTP, against the emulator.

const sdkEntry = createRequire(import.meta.url).resolve('@zohocrm/nodejs-sdk-8.0');
const sdkFile = path.join(path.dirname(sdkEntry), 'config', 'json_details.json');
const sdkText = readFileSync(sdkFile, 'utf8');
// What Initializer.initialize does: JSON.parse of the whole file.
const sdkParse = JSON.parse(sdkText) as Record<string, unknown>;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crm-core-class-details-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const d = path.join(dir, name);
  rmSync(d, { recursive: true, force: true });
  return mkdtempSync(d);
}

const NO_SHIPPED = '/nonexistent/sdk-class-index.json';

function lazy(file: string, indexDir: string, shippedIndex = NO_SHIPPED, sdkVersion = '2.0.0') {
  const host: ClassDetailsHost = {};
  const stats = installLazyClassDetails(host, { file, sdkVersion, indexDir, shippedIndex });
  return { host, stats, details: host.jsonDetails as Record<string, unknown> };
}

describe('the scan of the class metadata file', () => {
  it("finds every entry of the SDK's file, in order, each range holding exactly that entry", () => {
    const bytes = readFileSync(sdkFile);
    const index = scanClassIndex(bytes);
    expect(index.keys).toEqual(Object.keys(sdkParse));
    expect(index.keys.length).toBeGreaterThan(1000);
    for (let k = 0; k < index.keys.length; k++) {
      const text = bytes.toString('utf8', index.starts[k], index.ends[k]);
      expect(text).toBe(JSON.stringify(sdkParse[index.keys[k]!]));
    }
  });

  it('skips strings by their quotes (escapes, brackets and commas inside), spaces and non-object values', () => {
    const value = { a: 'x"}],{[\\', b: [1, { c: '"' }], 'd/e': { f: null } };
    const text = ` {\n  "k\\"1" : ${JSON.stringify(value, null, 2)} ,"k2":[1,2] , "k3": 7,"k4":"s}"}`;
    const bytes = Buffer.from(text, 'utf8');
    const index = scanClassIndex(bytes);
    expect(index.keys).toEqual(['k"1', 'k2', 'k3', 'k4']);
    const values = index.keys.map((_, k) => JSON.parse(bytes.toString('utf8', index.starts[k], index.ends[k])) as unknown);
    expect(values).toEqual([value, [1, 2], 7, 's}']);
  });

  it('throws on what is not an object of entries (the caller then leaves the file to the SDK)', () => {
    for (const bad of ['[]', '{"a":{"b":1}', '{"a" 1}', '{"a":{"b":"x}}', '']) expect(() => scanClassIndex(Buffer.from(bad))).toThrow();
    expect(scanClassIndex(Buffer.from(' { } ')).keys).toEqual([]);
  });
});

describe('the lazy class metadata answers as the SDK parse does', () => {
  it('same keys in the same order, hasOwnProperty and `in`, and nothing parsed by asking', () => {
    const { details, stats } = lazy(sdkFile, fresh('keys'));
    expect(stats?.index).toBe('scanned');
    expect(Object.keys(details)).toEqual(Object.keys(sdkParse));
    const forIn: string[] = [];
    for (const key in details) forIn.push(key);
    expect(forIn).toEqual(Object.keys(sdkParse));
    const someKey = Object.keys(sdkParse)[7]!;
    expect(Object.prototype.hasOwnProperty.call(details, someKey)).toBe(true);
    // As the SDK asks (header_param_validator.js): the method of the object itself.
    // eslint-disable-next-line no-prototype-builtins
    expect(details.hasOwnProperty(someKey)).toBe(true);
    expect(someKey in details).toBe(true);
    // eslint-disable-next-line no-prototype-builtins
    expect(details.hasOwnProperty('core/com/zoho/crm/api/no_such_class')).toBe(false);
    expect('core/com/zoho/crm/api/no_such_class' in details).toBe(false);
    expect(details['core/com/zoho/crm/api/no_such_class']).toBeUndefined();
    expect(stats?.parsed).toBe(0);
  });

  it('every entry equal to the SDK parse, parsed once and then the same object, writes kept', () => {
    const { details, stats } = lazy(sdkFile, fresh('values'));
    for (const key of Object.keys(sdkParse)) expect(JSON.stringify(details[key])).toBe(JSON.stringify(sdkParse[key]));
    expect(stats?.parsed).toBe(Object.keys(sdkParse).length);
    expect(stats?.parsedWhole).toBe(false);
    const key = Object.keys(sdkParse)[3]!;
    expect(details[key]).toBe(details[key]);
    const replaced = { replaced: true };
    details[key] = replaced;
    expect(details[key]).toBe(replaced);
    details['added/by/caller'] = 1;
    expect(Object.keys(details).at(-1)).toBe('added/by/caller');
    delete details['added/by/caller'];
    expect('added/by/caller' in details).toBe(false);
  });

  it('leaves metadata the SDK already has alone', () => {
    const host: ClassDetailsHost = { jsonDetails: { mine: true } };
    expect(installLazyClassDetails(host, { file: sdkFile, sdkVersion: '2.0.0', indexDir: fresh('kept'), shippedIndex: NO_SHIPPED })).toBeUndefined();
    expect(host.jsonDetails).toEqual({ mine: true });
  });
});

describe('where the index comes from', () => {
  it('scanned once per data directory, then read from it; a changed file is scanned again', async () => {
    const indexDir = fresh('cache');
    const file = path.join(indexDir, 'json_details.json');
    writeFileSync(file, sdkText);
    const first = lazy(file, indexDir);
    expect(first.stats?.index).toBe('scanned');
    await first.stats?.saved;
    const second = lazy(file, indexDir);
    expect(second.stats?.index).toBe('data-dir');
    const key = Object.keys(sdkParse)[11]!;
    expect(JSON.stringify(second.details[key])).toBe(JSON.stringify(sdkParse[key]));
    // Same entries, other bytes (pretty-printed): another file, another index.
    writeFileSync(file, JSON.stringify(sdkParse, null, 1));
    const third = lazy(file, indexDir);
    expect(third.stats?.index).toBe('scanned');
    expect(JSON.stringify(third.details[key])).toBe(JSON.stringify(sdkParse[key]));
    expect(third.stats?.parsedWhole).toBe(false);
  });

  it("the shipped index serves only the SDK version and file size it was made for", () => {
    const indexDir = fresh('shipped');
    const shipped = path.join(indexDir, 'shipped.json');
    const index: ClassIndexFile = { version: 1, sdkVersion: '2.0.0', size: Buffer.byteLength(sdkText), ...scanClassIndex(readFileSync(sdkFile)) };
    writeFileSync(shipped, JSON.stringify(index));
    expect(lazy(sdkFile, indexDir, shipped).stats?.index).toBe('shipped');
    expect(lazy(sdkFile, fresh('shipped-other'), shipped, '2.0.1').stats?.index).toBe('scanned');
    writeFileSync(shipped, JSON.stringify({ ...index, size: index.size + 1 }));
    expect(lazy(sdkFile, fresh('shipped-size'), shipped).stats?.index).toBe('scanned');
  });

  it('an index that does not fit the bytes: every entry still the SDK parse (the file parsed whole, once)', () => {
    const indexDir = fresh('wrong');
    const shipped = path.join(indexDir, 'shipped.json');
    const good = scanClassIndex(readFileSync(sdkFile));
    // Two entries' ranges swapped (each still a whole, parseable object, of the other key), the
    // rest off by one: matched version and size, wrong places.
    const starts = good.starts.map((s) => s + 1);
    const ends = [...good.ends];
    [starts[0], starts[1]] = [good.starts[1]!, good.starts[0]!];
    [ends[0], ends[1]] = [good.ends[1]!, good.ends[0]!];
    writeFileSync(shipped, JSON.stringify({ version: 1, sdkVersion: '2.0.0', size: Buffer.byteLength(sdkText), keys: good.keys, starts, ends }));
    const { details, stats } = lazy(sdkFile, indexDir, shipped);
    expect(stats?.index).toBe('shipped');
    // The swapped pair first: each range parses, but is not its key's.
    for (const key of Object.keys(sdkParse).slice(0, 50)) expect(JSON.stringify(details[key])).toBe(JSON.stringify(sdkParse[key]));
    expect(stats?.parsedWhole).toBe(true);
  });

  it('a corrupt kept index is ignored and replaced', async () => {
    const indexDir = fresh('corrupt');
    writeFileSync(path.join(indexDir, CLASS_INDEX_FILE), '{"version":1,"keys":[');
    const { stats } = lazy(sdkFile, indexDir);
    expect(stats?.index).toBe('scanned');
    await stats?.saved;
    expect(lazy(sdkFile, indexDir).stats?.index).toBe('data-dir');
  });
});

describe('the real SDK on the lazy class metadata', () => {
  let env: EmulatorEnv<RunningEmulator>;
  beforeAll(async () => {
    env = await startEmulatorEnv(() => startEmulator({ leadCount: 3 }));
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  it('initialises, reads and writes over HTTP, having parsed a few dozen classes of the ~1,700', async () => {
    const client = createZohoClient({ config: env.config() });
    try {
      const ids = env.emu.state.listRecords('Leads').map((r) => String(r.id));
      const [read] = await client.getRecords('Leads', [ids[0]!], ['Last_Name', 'Lead_Status', 'Owner']);
      expect(read?.id).toBe(ids[0]);
      const [written] = await client.updateRecords('Leads', [{ id: ids[0]!, Mobile: '+1 555 0100', Last_Name: 'Lazy', Company: 'Acme', Lead_Status: 'Contacted' }]);
      expect(written).toMatchObject({ id: ids[0], status: 'success', code: 'SUCCESS' });
      expect(env.emu.state.getRecord('Leads', ids[0]!)?.Mobile).toBe('+1 555 0100');
      const sdk = await loadSdk();
      const details = (sdk.Initializer as unknown as ClassDetailsHost).jsonDetails as Record<string, unknown>;
      expect(Object.keys(details)).toEqual(Object.keys(sdkParse));
      const stats = installedClassDetails();
      expect(stats).toBeDefined();
      expect(stats?.parsedWhole).toBe(false);
      expect(stats?.parsed).toBeGreaterThan(10);
      expect(stats?.parsed).toBeLessThan(200);
      const record = details['core/com/zoho/crm/api/record/record'];
      expect(JSON.stringify(record)).toBe(JSON.stringify(sdkParse['core/com/zoho/crm/api/record/record']));
      expect(sdkClassDetailsSource().file).toBe(sdkFile);
    } finally {
      await client.close();
    }
  });
});
