// Property-based: 10,000 generated CSV files. readLeadsCsv answers every one with rows or a list
// of problems — it never throws — its problems echo no control character and stay short, and
// its work grows linearly with the file.
import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { readLeadsCsv } from './read-csv.js';

const RUNS = 10_000;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-csv-prop-'));
  file = path.join(dir, 'leads.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('6051205000000000001', '6051205000000000002', 'null', '', 'Mobile', 'id', '"', '""', '\r', '\u001b[2J', ',', '\uFEFF') },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String) },
);
const line = fc.array(cell, { minLength: 0, maxLength: 5 }).map((cells) => cells.join(','));
const csvText = fc.oneof(
  fc.array(line, { maxLength: 8 }).map((lines) => lines.join('\n')),
  fc.tuple(fc.constantFrom('id,Mobile', 'ID,Mobile,Lead_Status', 'Mobile'), fc.array(line, { maxLength: 8 })).map(([h, rows]) => [h, ...rows].join('\r\n')),
);
const bytes = fc.oneof(
  { weight: 4, arbitrary: csvText.map((t) => Buffer.from(t, 'utf8')) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)) },
);

describe('readLeadsCsv over 10,000 generated files', () => {
  it('never throws; problems echo no control character and stay short', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, async (content) => {
        writeFileSync(file, content);
        const result = await readLeadsCsv(file);
        if (result.ok) {
          if (result.rows.length === 0) throw new Error('ok without rows');
          return;
        }
        if (result.problems.length === 0) throw new Error('not ok without a problem');
        for (const p of result.problems) {
          // eslint-disable-next-line no-control-regex
          if (/[\u0000-\u001f\u007f-\u009f\u2028-\u202e]/.test(p.message)) throw new Error(`control character echoed: ${JSON.stringify(p.message)}`);
          if (p.message.length > 400) throw new Error(`problem of ${p.message.length} characters: ${p.message.slice(0, 200)}`);
        }
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });
});

/** Minimum of interleaved rounds, so machine load slows both sizes alike; no absolute limit. */
async function growth(fn: () => Promise<unknown>, fnLarge: () => Promise<unknown>, rounds = 5): Promise<number> {
  const time = async (f: () => Promise<unknown>) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  let small = Infinity;
  let large = Infinity;
  for (let r = 0; r < rounds; r++) {
    small = Math.min(small, await time(fn));
    large = Math.min(large, await time(fnLarge));
  }
  return large / Math.max(small, 1e-3);
}

describe('readLeadsCsv stays linear', () => {
  // 32× the rows; linear ≈ 32× (less with fixed costs), quadratic ≈ 1024×. The bound sits 8× from
  // linear and 4× from quadratic.
  // Sizes are large enough that start-up costs (JIT, first allocations) do not dominate the small run.
  it.each([
    ['valid rows', (n: number) => `id,Mobile\n${Array.from({ length: n }, (_, i) => `${6051205000000000000 + i},+1 555 ${i}`).join('\n')}\n`],
    ['duplicate ids', (n: number) => `id,Mobile\n${Array.from({ length: n }, () => '6051205000000000001,1').join('\n')}\n`],
    ['one long line', (n: number) => `id,Mobile\n6051205000000000001,${'x'.repeat(n * 20)}\n`],
  ])('%s: 32× the input costs well under 32²×', async (_what, make) => {
    const small = path.join(dir, 'small.csv');
    const large = path.join(dir, 'large.csv');
    writeFileSync(small, make(2_500));
    writeFileSync(large, make(80_000));
    await readLeadsCsv(small);
    expect(await growth(() => readLeadsCsv(small), () => readLeadsCsv(large), 3)).toBeLessThan(256);
  });
});
