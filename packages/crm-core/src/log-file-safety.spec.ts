import { describe, expect, it, beforeEach, afterEach } from '@jest/globals';
import { chownSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileLogger } from './file-logger.js';
import { Redactor } from './redact.js';
import { ZohoApiError } from './zoho-api-error.js';

const isRoot = process.getuid?.() === 0;
// Changing an owner needs root: elsewhere that test skips with one line, except in CI.
const inCi = process.env['CI'] === 'true' || process.env['ZCRMKIT_REQUIRE_CONTRACT'] === '1';
const itAsRoot = isRoot || inCi ? it : it.skip;
if (!isRoot && !inCi) console.log('log-file-safety.spec: not root, skipping the foreign-owner test (chown needs root)');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'crm-core-logsafe-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function refusal(file: string): ZohoApiError {
  let err: unknown;
  try {
    createFileLogger(file, 'info', new Redactor());
  } catch (e) {
    err = e;
  }
  if (!(err instanceof ZohoApiError)) throw new Error(`expected a ZohoApiError, got ${String(err)}`);
  return err;
}

describe('log file safety', () => {
  it('a symlink at logs/sdk.log is refused; its target gets nothing appended', async () => {
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const file = path.join(dir, 'sdk.log');
    symlinkSync(victim, file);
    const err = refusal(file);
    expect(err.code).toBe('UNSAFE_PATH');
    expect(err.message).toMatch(/log file .*sdk\.log is a symbolic link/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
  });

  itAsRoot('a log file owned by another user is refused', async () => {
    const file = path.join(dir, 'sdk.log');
    writeFileSync(file, 'theirs\n');
    chownSync(file, 65534, 65534);
    const err = refusal(file);
    expect(err.message).toMatch(/belongs to uid 65534/);
    expect(readFileSync(file, 'utf8')).toBe('theirs\n');
  });

  it('creates a new log file 0600 and appends to an existing one of ours', async () => {
    const file = path.join(dir, 'logs', 'sdk.log');
    const first = createFileLogger(file, 'info', new Redactor());
    first.log('info', 'one');
    await first.close();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = createFileLogger(file, 'info', new Redactor());
    second.log('info', 'two');
    await second.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual(['INFO    [-] one', 'INFO    [-] two']);
  });
});
