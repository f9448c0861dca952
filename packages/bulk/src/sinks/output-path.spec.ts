import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BulkError } from '../bulk-error.js';
import { checkOutputPath, type OutputPathRules } from './output-path.js';
import { csvHeader, jsonlHeader } from './results-format.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (name: string, content?: string) => {
  const file = path.join(dir, name);
  if (content !== undefined) writeFileSync(file, content);
  return file;
};

function refusal(file: string, rules: OutputPathRules): BulkError {
  try {
    checkOutputPath(file, rules);
  } catch (err) {
    if (err instanceof BulkError) return err;
    throw err;
  }
  throw new Error(`${file} was accepted`);
}

describe('checkOutputPath', () => {
  it('accepts a new file, and a results file of ours for results, a plan for a plan', () => {
    expect(() => checkOutputPath(at('new.results.csv'), { kind: 'results' })).not.toThrow();
    expect(() => checkOutputPath(at('old.results.csv', `${csvHeader('results')}2,1,updated,,,\n`), { kind: 'results' })).not.toThrow();
    expect(() => checkOutputPath(at('old.results.jsonl', jsonlHeader('results')), { kind: 'results' })).not.toThrow();
    expect(() => checkOutputPath(at('old.plan.csv', csvHeader('plan')), { kind: 'plan' })).not.toThrow();
  });

  it.each(['.env', '.env.production', 'prod.env', 'config/.ENV'])('never %s, not even with force', (name) => {
    const file = at(name.replace('/', '-'), 'CLIENT_SECRET=x\n');
    for (const force of [false, true]) {
      const err = refusal(file, { kind: 'results', force });
      expect(err.code).toBe('RESULTS_PATH_REFUSED');
      expect(err.message).toMatch(/\.env file, which holds credentials/);
    }
  });

  it('never the input, however it is named (another spelling, a hard link), not even with force', () => {
    const input = at('in.csv', 'id,Mobile\n1,2\n');
    execFileSync('ln', [input, path.join(dir, 'in-link.csv')]);
    for (const name of [input, path.join(dir, '.', 'in.csv'), path.join(dir, 'in-link.csv')]) {
      expect(refusal(name, { kind: 'results', input, force: true }).message).toMatch(/this is the input file/);
    }
  });

  it("a file that is not ours needs force; a dry run's plan never replaces results without it, nor results a plan", () => {
    const foreign = at('notes.txt', 'my notes\n');
    expect(refusal(foreign, { kind: 'results' }).message).toMatch(/not a results file of zcrmkit.*--force/);
    expect(() => checkOutputPath(foreign, { kind: 'results', force: true })).not.toThrow();
    const results = at('r.results.csv', csvHeader('results'));
    expect(refusal(results, { kind: 'plan' }).message).toMatch(/results of a real run, which the next run reads/);
    const plan = at('p.plan.csv', csvHeader('plan'));
    expect(refusal(plan, { kind: 'results' }).message).toMatch(/dry run's plan, not a results file/);
  });

  it('an export replaces an existing file only with force', () => {
    const file = at('export.csv', 'id,Last_Name\n');
    expect(refusal(file, { kind: 'export' }).code).toBe('EXPORT_REFUSED');
    expect(() => checkOutputPath(file, { kind: 'export', force: true })).not.toThrow();
  });

  it('a symbolic link needs force (the link is replaced, never its target); a folder or FIFO never', () => {
    const target = at('target.txt', 'keep me\n');
    const link = path.join(dir, 'link.results.csv');
    symlinkSync(target, link);
    expect(refusal(link, { kind: 'results' }).message).toMatch(/symbolic link/);
    expect(() => checkOutputPath(link, { kind: 'results', force: true })).not.toThrow();
    const fifo = path.join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(fifo, { kind: 'results', force: true }).message).toMatch(/not a regular file/);
    expect(refusal(dir, { kind: 'results', force: true }).message).toMatch(/not a regular file/);
  });
});
