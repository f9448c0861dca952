// Property-based: 10,000 generated CSV files. The first pass answers every one with a checked input
// or a BulkError listing problems — nothing else is ever thrown — and its problems echo no control
// character and stay short. (How its work grows with the file is measured by `npm run bench`.)
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { ZohoClient } from '@zcrmkit/crm-core';
import { BulkError } from '../bulk-error.js';
import { csvFileSource } from './csv-file-source.js';

const RUNS = 10_000;
// A hang check only: the 10,000 files take ~25 s on a quiet machine; a loaded 2-core one, 5× that.
const TIMEOUT_MS = 300_000;

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-csv-prop-'));
  file = path.join(dir, 'leads.csv');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const offline = { module: 'Leads', signal: undefined, client: async (): Promise<ZohoClient> => Promise.reject(new Error('a CSV is checked offline')) };

const cell = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom('6051205000000000001', '6051205000000000002', 'null', "'null", "'", '', 'Mobile', 'id', '"', '""', '\r', '\u0000', '\u001b[2J', ',', '\uFEFF') },
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

describe('csvFileSource over 10,000 generated files', () => {
  it('checks every file or refuses it with BulkError; problems echo no control character and stay short', async () => {
    await fc.assert(
      fc.asyncProperty(bytes, async (content) => {
        writeFileSync(file, content);
        let input;
        try {
          input = await csvFileSource(file).open(offline);
        } catch (err) {
          if (!(err instanceof BulkError)) throw new Error(`not a BulkError: ${String(err)}`);
          if (err.problems.length === 0) throw new Error('refused without a problem');
          for (const p of [...err.problems.map((q) => q.message), err.message]) {
            // eslint-disable-next-line no-control-regex
            if (/[\u0000-\u001f\u007f-\u009f\u2028-\u202e]/.test(p)) throw new Error(`control character echoed: ${JSON.stringify(p)}`);
            if (p.length > 400) throw new Error(`problem of ${p.length} characters: ${p.slice(0, 200)}`);
          }
          return;
        }
        if (input.total === 0) throw new Error('accepted without rows');
        let rows = 0;
        for await (const group of input.groups(3)) rows += group.length;
        if (rows !== input.total) throw new Error(`${rows} rows read back of ${input.total}`);
      }),
      { numRuns: RUNS, seed: 20261206 },
    );
  }, TIMEOUT_MS);
});
