import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ZohoClient } from '@zcrmkit/crm-core';
import { BulkError } from '../bulk-error.js';
import type { BulkRow } from '../types.js';
import type { CheckedInput } from './checked-input.js';
import { csvFileSource } from './csv-file-source.js';
import { MAX_LISTED_PROBLEMS } from './problem-list.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-csv-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function csv(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

const offline = { module: 'Leads', signal: undefined, client: async (): Promise<ZohoClient> => Promise.reject(new Error('a CSV is checked offline')) };

function open(file: string): Promise<CheckedInput> {
  return csvFileSource(file).open(offline);
}

async function refusal(file: string): Promise<BulkError> {
  const err = await open(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof BulkError)) throw new Error(`expected a BulkError, got ${String(err)}`);
  return err;
}

async function rowsOf(input: CheckedInput, size = 1_000): Promise<BulkRow[][]> {
  const groups: BulkRow[][] = [];
  for await (const g of input.groups(size)) groups.push(g);
  return groups;
}

const MTIME = 1_700_000_000;
const ID = (i: number) => String(6051205000000010000n + BigInt(i));
const lines = (n: number, tag = '555') => `id,Mobile\n${Array.from({ length: n }, (_, i) => `${ID(i)},+1 ${tag} ${i}`).join('\n')}\n`;

describe('csvFileSource: the first pass', () => {
  it('reads ids and changes, with a BOM; an empty cell leaves a field alone, null clears it, an apostrophe marks a literal', async () => {
    const input = await open(csv('ok.csv', "\uFEFFid,Mobile,Lead_Status,Description\n6051205000000000001,+1 555 0101,Contacted,'null\n6051205000000000002,,null,\"'=A1\"\n"));
    expect(input.total).toBe(2);
    expect(input.fields).toEqual(['Mobile', 'Lead_Status', 'Description']);
    expect(await rowsOf(input)).toEqual([
      [
        { line: 2, id: '6051205000000000001', changes: { Mobile: '+1 555 0101', Lead_Status: 'Contacted', Description: 'null' } },
        { line: 3, id: '6051205000000000002', changes: { Lead_Status: null, Description: '=A1' } },
      ],
    ]);
  });

  it('lists every bad row with its line number', async () => {
    const err = await refusal(csv('bad.csv', 'id,Mobile\nabc,1\n6051205000000000001,2\n6051205000000000001,3\n6051205000000000003,\n'));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.problems).toEqual([
      { line: 2, message: expect.stringMatching(/id "abc" is not a Zoho record id/) },
      { line: 4, message: expect.stringMatching(/already appears on line 3/) },
      { line: 5, message: expect.stringMatching(/no value to update/) },
    ]);
  });

  it('refuses NUL and other control characters per row, naming the line and the field; tab and line breaks pass', async () => {
    const err = await refusal(csv('nul.csv', 'id,Last_Name,Description\n6051205000000000001,Nul\u0000Name,ok\n6051205000000000002,Fine,"two\nlines\tand a tab"\n6051205000000000003,Bell\u0007,x\n'));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.problems).toEqual([
      { line: 2, field: 'Last_Name', message: expect.stringMatching(/Last_Name: the value holds the control character U\+0000 at position 4/) },
      { line: 4, field: 'Last_Name', message: expect.stringMatching(/U\+0007/) },
    ]);
  });

  it.each([
    ['missing id column', 'Mobile,Email\n1,a@b.co\n', /no "id" column; the header has: "Mobile, Email"/],
    ['empty file', '', /the file is empty/],
    ['header only', 'id,Mobile\n', /header but no rows/],
    ['bad column name', 'id,Mob ile\n6051205000000000001,1\n', /"Mob ile" is not a field API name/],
    ['injection in column name', 'id,Mobile&fields=Email\n6051205000000000001,1\n', /not a field API name/],
  ])('refuses a file with %s', async (name, content, message) => {
    const err = await refusal(csv(`${name}.csv`, content));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('refuses text that is not UTF-8 and names the line', async () => {
    const latin1 = Buffer.concat([Buffer.from('id,Last_Name\n6051205000000000001,Ok\n6051205000000000002,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]);
    const err = await refusal(csv('latin1.csv', latin1));
    expect(err.problems).toEqual([{ line: 3, message: expect.stringMatching(/not UTF-8/) }]);
  });

  it('says so when the file does not exist', async () => {
    const err = await refusal(path.join(dir, 'nope.csv'));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.message).toMatch(/no such file/);
  });

  it('refuses a FIFO at once instead of waiting for a writer, and a folder', async () => {
    const fifo = path.join(dir, 'leads.fifo');
    execFileSync('mkfifo', [fifo]);
    const err = await refusal(fifo);
    expect(err.code).toBe('INPUT_NOT_REGULAR');
    expect(err.message).toMatch(/FIFO.*must be a regular file/);
    expect((await refusal(dir)).code).toBe('INPUT_NOT_REGULAR');
  });

  it('lists at most MAX_LISTED_PROBLEMS problems, then says how many more', async () => {
    const bad = Array.from({ length: MAX_LISTED_PROBLEMS + 5 }, (_, i) => `x${i},1`);
    const err = await refusal(csv('many.csv', `id,Mobile\n${bad.join('\n')}\n`));
    expect(err.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(err.problems.at(-1)?.message).toBe('… and 5 more problems');
  });

  it('reports a CSV syntax error with its line', async () => {
    const err = await refusal(csv('syntax.csv', 'id,Mobile\n6051205000000000001,"open\n'));
    expect(err.problems[0]?.message).toMatch(/not valid CSV/);
  });
});

describe('csvFileSource: later passes read the input that was checked, or stop', () => {
  it('streams rows in groups, with line numbers of the file, and lists rows from memory', async () => {
    const input = await open(csv('groups.csv', lines(25)));
    const groups = await rowsOf(input, 10);
    expect(groups.map((g) => g.length)).toEqual([10, 10, 5]);
    expect(groups[0]?.[0]?.line).toBe(2);
    expect(groups[2]?.[4]?.line).toBe(26);
    expect([...input.rowsFrom(23)]).toEqual([
      { line: 25, id: ID(23) },
      { line: 26, id: ID(24) },
    ]);
  });

  async function changedAfterCheck(change: (file: string) => void): Promise<{ handed: number; err: unknown }> {
    const file = csv(`changed-${Math.random().toString(36).slice(2)}.csv`, lines(30));
    // A whole-second time, so that a rewrite can put back exactly the same one.
    utimesSync(file, MTIME, MTIME);
    const input = await open(file);
    let handed = 0;
    let err: unknown;
    try {
      for await (const g of input.groups(10)) {
        handed += g.length;
        if (handed === 10) change(file);
      }
    } catch (e) {
      err = e;
    }
    return { handed, err };
  }

  it.each([
    ['replaced by another file (rename)', (file: string) => {
      writeFileSync(`${file}.new`, lines(30, '777'));
      renameSync(`${file}.new`, file);
    }],
    ['appended to', (file: string) => appendFileSync(file, `${ID(99)},+1 555 99\n`)],
  ])('%s: INPUT_CHANGED before the next group is handed out', async (_how, change) => {
    const { handed, err } = await changedAfterCheck(change);
    expect(handed).toBe(10);
    expect(err).toBeInstanceOf(BulkError);
    expect((err as BulkError).code).toBe('INPUT_CHANGED');
    expect((err as BulkError).message).toMatch(/changed while the run was using it.*no further row was sent/);
  });

  it('rewritten in place with the same size and modification time: no row of the new text is ever handed out', async () => {
    // Far larger than what the reader buffers ahead, so that later rows are read from the new text.
    const rows = 40_000;
    const file = csv('in-place.csv', lines(rows));
    utimesSync(file, MTIME, MTIME);
    const input = await open(file);
    const handed: BulkRow[] = [];
    let err: unknown;
    try {
      for await (const g of input.groups(10)) {
        handed.push(...g);
        if (handed.length === 10) {
          const before = statSync(file);
          writeFileSync(file, lines(rows, '556'));
          utimesSync(file, MTIME, MTIME);
          const after = statSync(file);
          // The identity really is unchanged: only the row fingerprints can tell.
          expect([after.ino, after.size, after.mtimeMs]).toEqual([before.ino, before.size, before.mtimeMs]);
        }
      }
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'INPUT_CHANGED', message: expect.stringMatching(/line \d+ differs from when it was checked/) });
    expect(handed.length).toBeLessThan(rows);
    expect(handed.filter((r) => !String(r.changes['Mobile']).startsWith('+1 555 '))).toEqual([]);
  });

  it('a file replaced between the first pass and the next: INPUT_CHANGED before any row', async () => {
    const file = csv('between.csv', lines(5));
    const input = await open(file);
    writeFileSync(`${file}.new`, lines(5, '778'));
    renameSync(`${file}.new`, file);
    await expect(rowsOf(input)).rejects.toMatchObject({ code: 'INPUT_CHANGED' });
  });
});
