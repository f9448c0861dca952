import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkLeadsCsv, MAX_LISTED_PROBLEMS, readLeadsCsv, readLeadsCsvRows } from './read-csv.js';

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

describe('readLeadsCsv', () => {
  it('reads ids and changes, with a BOM, empty cells left out and null clearing a field', async () => {
    const r = await readLeadsCsv(csv('ok.csv', '\uFEFFid,Mobile,Lead_Status\n6051205000000000001,+1 555 0101,Contacted\n6051205000000000002,,null\n'));
    expect(r).toEqual({
      ok: true,
      columns: ['Mobile', 'Lead_Status'],
      rows: [
        { line: 2, id: '6051205000000000001', changes: { Mobile: '+1 555 0101', Lead_Status: 'Contacted' } },
        { line: 3, id: '6051205000000000002', changes: { Lead_Status: null } },
      ],
    });
  });

  it('lists every bad row with its line number', async () => {
    const r = await readLeadsCsv(csv('bad.csv', 'id,Mobile\nabc,1\n6051205000000000001,2\n6051205000000000001,3\n6051205000000000003,\n'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { line: 2, message: expect.stringMatching(/id "abc" is not a Zoho record id/) },
      { line: 4, message: expect.stringMatching(/already appears on line 3/) },
      { line: 5, message: expect.stringMatching(/no value to update/) },
    ]);
  });

  it.each([
    ['missing id column', 'Mobile,Email\n1,a@b.co\n', /no "id" column; the header has: "Mobile, Email"/],
    ['empty file', '', /the file is empty/],
    ['header only', 'id,Mobile\n', /header but no rows/],
    ['bad column name', 'id,Mob ile\n6051205000000000001,1\n', /"Mob ile" is not a field API name/],
    ['injection in column name', 'id,Mobile&fields=Email\n6051205000000000001,1\n', /not a field API name/],
  ])('refuses a file with %s', async (_name, content, message) => {
    const r = await readLeadsCsv(csv(`${_name}.csv`, content));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('refuses text that is not UTF-8 and names the line', async () => {
    const latin1 = Buffer.concat([Buffer.from('id,Last_Name\n6051205000000000001,Ok\n6051205000000000002,M'), Buffer.from([0xfc]), Buffer.from('ller\n')]);
    const r = await readLeadsCsv(csv('latin1.csv', latin1));
    expect(r).toEqual({ ok: false, problems: [{ line: 3, message: expect.stringMatching(/not UTF-8/) }] });
  });

  it('says so when the file does not exist', async () => {
    const r = await readLeadsCsv(path.join(dir, 'nope.csv'));
    expect(r).toEqual({ ok: false, problems: [{ message: expect.stringMatching(/no such file/) }] });
  });

  it('streams rows in groups, with line numbers of the file', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `60512050000000${String(10000 + i)},+1 555 ${i}`);
    const file = csv('groups.csv', `id,Mobile\n${lines.join('\n')}\n`);
    expect(await checkLeadsCsv(file)).toEqual({ ok: true, columns: ['Mobile'], rowCount: 25 });
    const groups: number[][] = [];
    for await (const g of readLeadsCsvRows(file, 10)) groups.push(g.map((r) => r.line));
    expect(groups.map((g) => g.length)).toEqual([10, 10, 5]);
    expect(groups[0]?.[0]).toBe(2);
    expect(groups[2]?.[4]).toBe(26);
  });

  it('lists at most MAX_LISTED_PROBLEMS problems, then says how many more', async () => {
    const bad = Array.from({ length: MAX_LISTED_PROBLEMS + 5 }, (_, i) => `x${i},1`);
    const r = await checkLeadsCsv(csv('many.csv', `id,Mobile\n${bad.join('\n')}\n`));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(r.problems.at(-1)?.message).toBe('… and 5 more problems');
  });

  it('reports a CSV syntax error with its line', async () => {
    const r = await checkLeadsCsv(csv('syntax.csv', 'id,Mobile\n6051205000000000001,"open\n'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]?.message).toMatch(/not valid CSV/);
  });
});
