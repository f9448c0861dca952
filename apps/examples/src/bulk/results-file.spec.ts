import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { resultsPathFor, resultsPathProblem, writeResultsFile, type ResultRow } from './results-file.js';

const rows: ResultRow[] = [
  { line: 3, id: '6051205000000000002', state: 'failed', code: 'INVALID_DATA', message: 'bad, "quoted"', fields: 'Mobile' },
  { line: 2, id: '6051205000000000001', state: 'updated', code: 'SUCCESS', message: '', fields: 'Mobile' },
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-results-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeResultsFile', () => {
  it('writes every row in line order, CSV-quoted, and leaves no temp file', () => {
    const file = path.join(dir, 'leads.results.csv');
    writeResultsFile(file, rows);
    expect(readFileSync(file, 'utf8')).toBe(
      'line,id,state,code,message,fields\n2,6051205000000000001,updated,SUCCESS,,Mobile\n3,6051205000000000002,failed,INVALID_DATA,"bad, ""quoted""",Mobile\n',
    );
    expect(readdirSync(dir)).toEqual(['leads.results.csv']);
  });

  it('is not redirected by a symlink planted at the old predictable temp name <results>.<pid>.tmp', () => {
    const file = path.join(dir, 'leads.results.csv');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, `${file}.${process.pid}.tmp`);
    writeResultsFile(file, rows);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(file, 'utf8')).toMatch(/^line,id,state/);
  });

  it('replaces a symlink at the results path itself instead of writing through it', () => {
    const file = path.join(dir, 'leads.results.csv');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'precious');
    symlinkSync(victim, file);
    writeResultsFile(file, rows);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
  });

  it('leaves the old file and no temp file when the rename fails', () => {
    const file = path.join(dir, 'taken');
    // A non-empty directory cannot be replaced by a file.
    mkdirSync(file);
    writeFileSync(path.join(file, 'keep'), 'x');
    expect(() => writeResultsFile(file, rows)).toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(file)).toEqual(['keep']);
  });
});

describe('resultsPathProblem', () => {
  it('refuses the input path, however it is spelled, and another name for the same file', () => {
    const input = path.join(dir, 'leads.csv');
    writeFileSync(input, 'id\n');
    expect(resultsPathProblem(input, input)).toMatch(/is the input file itself/);
    expect(resultsPathProblem(input, path.join(dir, '.', 'sub', '..', 'leads.csv'))).toMatch(/is the input file itself/);
    linkSync(input, path.join(dir, 'hard.csv'));
    expect(resultsPathProblem(input, path.join(dir, 'hard.csv'))).toMatch(/is the input file itself/);
    symlinkSync(input, path.join(dir, 'soft.csv'));
    expect(resultsPathProblem(input, path.join(dir, 'soft.csv'))).toMatch(/is the input file itself/);
  });

  it('accepts another file, existing or not', () => {
    const input = path.join(dir, 'leads.csv');
    writeFileSync(input, 'id\n');
    writeFileSync(path.join(dir, 'old.csv'), 'x');
    expect(resultsPathProblem(input, resultsPathFor(input))).toBeUndefined();
    expect(resultsPathProblem(input, path.join(dir, 'old.csv'))).toBeUndefined();
  });
});
