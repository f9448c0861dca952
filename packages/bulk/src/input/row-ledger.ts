import { DuplicateIdFinder, type DuplicateIdReport, type IdLookup } from './duplicate-ids.js';
import { fingerprint } from './fingerprint.js';

const INITIAL_ROWS = 1 << 14;

/**
 * What the first pass saw of each row — its id (8 bytes) and a fingerprint (8 bytes) — so later
 * passes can prove they read the same rows, and rows never sent can be listed without reading the
 * input again. Memory grows 16 bytes a row: 16 MB for a million rows.
 */
export class RowLedger {
  readonly #ids = new DuplicateIdFinder();
  #prints = new Uint32Array(INITIAL_ROWS * 2);
  /** Rows left out of the run (a listing's repeated records); their lines stay numbered. */
  readonly #skipped = new Set<number>();

  /** @param firstLine the line number of row 0 (2 in a CSV with a header). */
  constructor(readonly firstLine: number) {}

  /** Records the next row: its id (undefined when it has none) and the text it was read from. */
  add(id: string | undefined, text: string): void {
    const row = this.#ids.rows;
    this.#ids.add(id);
    if (row * 2 + 2 > this.#prints.length) {
      const grown = new Uint32Array(this.#prints.length * 2);
      grown.set(this.#prints);
      this.#prints = grown;
    }
    const [a, b] = fingerprint(text);
    this.#prints[row * 2] = a;
    this.#prints[row * 2 + 1] = b;
  }

  /** Every row read so far, skipped ones included. */
  get rows(): number {
    return this.#ids.rows;
  }

  /** Rows the run will send. */
  get total(): number {
    return this.#ids.rows - this.#skipped.size;
  }

  skip(row: number): void {
    this.#skipped.add(row);
  }

  isSkipped(row: number): boolean {
    return this.#skipped.has(row);
  }

  /** Whether a later pass read row `row` as `id` from the same `text`. */
  matches(row: number, id: string, text: string): boolean {
    if (row >= this.#ids.rows || this.#ids.idAt(row) !== id) return false;
    const [a, b] = fingerprint(text);
    return this.#prints[row * 2] === a && this.#prints[row * 2 + 1] === b;
  }

  duplicates(limit: number): DuplicateIdReport {
    return this.#ids.duplicates(limit);
  }

  lookup(): IdLookup {
    return this.#ids.lookup();
  }

  /** Line and id of every row from 0-based `row` on that the run sends, from memory. */
  *rowsFrom(row: number): Generator<{ line: number; id: string }> {
    for (let r = Math.max(0, row); r < this.#ids.rows; r++) {
      if (this.#skipped.has(r)) continue;
      yield { line: this.firstLine + r, id: this.#ids.idAt(r) ?? '' };
    }
  }
}
