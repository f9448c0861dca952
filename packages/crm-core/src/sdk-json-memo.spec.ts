import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSdk } from './load-sdk.js';
import { memoiseSdkJson, type JsonReaderHost } from './sdk-json-memo.js';

const dirs: string[] = [];
function tempFile(content: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-json-memo-'));
  dirs.push(dir);
  const file = path.join(dir, 'fields.json');
  writeFileSync(file, JSON.stringify(content));
  return file;
}
/** Makes the file's mtime an hour old, so it is past the racy window. */
function age(file: string): void {
  const old = new Date(Date.now() - 3_600_000);
  utimesSync(file, old, old);
}
/** A reader like the SDK's: counts the reads it does itself. */
function host(): JsonReaderHost & { own: number } {
  const h = {
    own: 0,
    getJSON(_file: string): unknown {
      h.own++;
      throw new Error('the memo must not fall back to the original for an existing file');
    },
  };
  return h;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('memoiseSdkJson', () => {
  it('parses an unchanged file once and returns the same object afterwards', () => {
    const h = host();
    const stats = memoiseSdkJson(h);
    const file = tempFile({ leads: { Mobile: { type: 'String' } } });
    age(file);
    const first = h.getJSON(file);
    const second = h.getJSON(file);
    expect(first).toEqual({ leads: { Mobile: { type: 'String' } } });
    expect(second).toBe(first);
    expect(stats).toEqual({ reads: 1, hits: 1 });
  });

  it('parses again after the file is rewritten, even with the same size', () => {
    const h = host();
    const stats = memoiseSdkJson(h);
    const file = tempFile({ v: 'aaaa' });
    age(file);
    expect(h.getJSON(file)).toEqual({ v: 'aaaa' });
    writeFileSync(file, JSON.stringify({ v: 'bbbb' }));
    expect(h.getJSON(file)).toEqual({ v: 'bbbb' });
    expect(stats.reads).toBe(2);
  });

  it('does not trust a file written just before it was read (coarse timestamps)', () => {
    const h = host();
    const stats = memoiseSdkJson(h);
    const file = tempFile({ fresh: true });
    h.getJSON(file);
    h.getJSON(file);
    expect(stats).toEqual({ reads: 2, hits: 0 });
  });

  it("leaves a missing file to the SDK's own reader, and installs once per host", () => {
    const h = host();
    const stats = memoiseSdkJson(h);
    expect(memoiseSdkJson(h)).toBe(stats);
    expect(() => h.getJSON(path.join(tmpdir(), 'zcrmkit-no-such-file.json'))).toThrow(/must not fall back/);
    expect(h.own).toBe(1);
  });

  it('refuses a host without getJSON, naming the SDK change', () => {
    expect(() => memoiseSdkJson({} as JsonReaderHost)).toThrow(/Initializer\.getJSON/);
  });

  it("is installed on the real SDK's Initializer when crm-core loads it", async () => {
    const sdk = await loadSdk();
    expect(sdk.Initializer.getJSON.name).toBe('memoisedGetJSON');
    const file = tempFile({ real: 1 });
    age(file);
    const stats = memoiseSdkJson(sdk.Initializer);
    const before = { ...stats };
    const a = sdk.Initializer.getJSON(file);
    expect(sdk.Initializer.getJSON(file)).toBe(a);
    expect(stats.reads - before.reads).toBe(1);
    expect(stats.hits - before.hits).toBe(1);
  });
});
