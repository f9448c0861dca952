// Hostile inputs to the example commands, run as a user would run them.
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from './run-command.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-e2e-hard-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile input to the examples', () => {
  it('update-leads --results x.csv --file x.csv is refused (exit 2) and the input is untouched', async () => {
    const cwd = mkdtempSync(path.join(dir, 'same-'));
    const csv = 'id,Mobile\n6051205000000102237,+1 555 0200\n';
    writeFileSync(path.join(cwd, 'x.csv'), csv);
    const r = await runCommand('update-leads', ['--emulator', '--file', 'x.csv', '--results', './x.csv'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--results \.\/x\.csv is the input file itself/);
    expect(readFileSync(path.join(cwd, 'x.csv'), 'utf8')).toBe(csv);
    expect(readdirSync(cwd)).toEqual(['x.csv']);
  });

  it('a 10 MB CLIENT_SECRET in .env is a configuration error (exit 2), not a crash, and is not echoed', async () => {
    const cwd = mkdtempSync(path.join(dir, 'huge-'));
    const secret = 'a'.repeat(10_000_000);
    writeFileSync(path.join(cwd, '.env'), `CLIENT_ID=1000.ABCDEF123456\nCLIENT_SECRET=${secret}\nREFRESH_TOKEN=1000.abcdef0123.abcdef0123\nACCOUNTS_URL=https://accounts.zoho.com\n`);
    const r = await runCommand('check-init', [], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/Maximum call stack|RangeError/);
    expect(r.stderr).not.toContain('a'.repeat(100));
    expect(r.stderr.length).toBeLessThan(5000);
  });
});
