import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFileLogger, winstonLevel } from './file-logger.js';
import { Redactor } from './redact.js';

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'crm-core-log-'));
}

describe('file logger', () => {
  it('creates the directory and writes timestamped lines with level and request id, secrets blanked', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'nested', 'logs', 'sdk.log');
      const redactor = new Redactor();
      redactor.addSecret('S3cr3tS3cr3tS3cr3t');
      const logger = createFileLogger(file, 'debug', redactor);
      logger.log('info', 'hello S3cr3tS3cr3tS3cr3t', { requestId: 'r1-1', headers: { authorization: 'Zoho-oauthtoken 1000.abcdefabcdef.abcdefabcdef' } });
      logger.log('debug', 'details', { n: 1 });
      logger.log('silly', 'too verbose');
      await logger.close();
      const text = readFileSync(file, 'utf8');
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z INFO {4}\[r1-1\] hello \[REDACTED\] \{"headers":\{"authorization":"\[REDACTED\]"\}\}$/);
      expect(lines[1]).toMatch(/DEBUG {3}\[-\] details \{"n":1\}$/);
      expect(text).not.toContain('S3cr3t');
      expect(text).not.toContain('abcdefabcdef');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes nothing, and creates no file, when the level is off', async () => {
    const dir = tempDir();
    try {
      const file = path.join(dir, 'logs', 'sdk.log');
      const logger = createFileLogger(file, 'off', new Redactor());
      logger.log('error', 'x');
      await logger.close();
      expect(existsSync(file)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps config levels to winston levels', () => {
    expect(winstonLevel('trace')).toBe('silly');
    expect(winstonLevel('info')).toBe('info');
    expect(winstonLevel('off')).toBe('off');
  });
});
