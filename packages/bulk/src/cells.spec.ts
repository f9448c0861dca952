import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { cellToChange, decodeCell, encodeCell, valueToCell } from './cells.js';

/** A cell as the bulk reader sees it (the same csv-parse settings). */
function readBack(cell: string): string {
  const [record] = parse(`${cell}\n`, { bom: true, trim: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  return record?.[0] ?? '';
}

const FORMULA = /^[=+\-@\t\r]/;

describe('export cells', () => {
  it.each([
    ['=HYPERLINK("http://x","click")', `"'=HYPERLINK(""http://x"",""click"")"`],
    ["=cmd|' /C calc'!A0", `"'=cmd|' /C calc'!A0"`],
    ['-2+3', `"'-2+3"`],
    ['+1 555 0100', `"'+1 555 0100"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['null', `"'null"`],
    ['', `"'"`],
    ["'quoted", `"''quoted"`],
    ['plain text', 'plain text'],
  ])('%j is written neutralised and read back exactly', (value, cell) => {
    expect(valueToCell(value)).toBe(cell);
    expect(cellToChange(readBack(cell))).toBe(value);
  });

  it('no value is an empty cell (leave the field alone), and the word null clears', () => {
    expect(valueToCell(null)).toBe('');
    expect(valueToCell(undefined)).toBe('');
    expect(cellToChange('')).toBeUndefined();
    expect(cellToChange('null')).toBeNull();
  });

  it('numbers and booleans read back as their text; negative numbers are neutralised', () => {
    expect(cellToChange(readBack(valueToCell(-5)))).toBe('-5');
    expect(valueToCell(-5).startsWith('"\'')).toBe(true);
    expect(cellToChange(readBack(valueToCell(12.5)))).toBe('12.5');
    expect(cellToChange(readBack(valueToCell(true)))).toBe('true');
  });

  it('any text survives the round trip, and no cell begins with a formula character (10,000 generated values)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('null', '', "'", "''", '=1', ' =1', '-', 'NULL')), (text) => {
        const cell = valueToCell(text);
        const raw = readBack(cell);
        expect(FORMULA.test(raw)).toBe(false);
        expect(cellToChange(raw)).toBe(text);
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('results cells', () => {
  it('neutralise formulas, keep empty cells empty, and decode back', () => {
    expect(encodeCell('')).toBe('');
    expect(encodeCell('=1+1')).toBe(`"'=1+1"`);
    expect(decodeCell(readBack(encodeCell('=1+1')))).toBe('=1+1');
    expect(encodeCell('a, "b"')).toBe('"a, ""b"""');
  });
});
