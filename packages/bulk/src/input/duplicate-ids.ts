/** A data row whose id already appeared on an earlier row. */
export interface DuplicateId {
  /** 0-based data row (the header not counted). */
  row: number;
  id: string;
  /** The row where the id first appeared. */
  firstRow: number;
}

export interface DuplicateIdReport {
  /** The first `limit` duplicates, in row order. */
  listed: DuplicateId[];
  /** Every duplicate, listed or not. */
  total: number;
}

/** Whether an id is among a set of ids. */
export interface IdLookup {
  has(id: string): boolean;
}

const U64_MAX = 2n ** 64n - 1n;
/** Marks a row without a (64-bit) id; 0 is never a record id (ids start with 1–9). */
const NO_ID = 0n;
const INITIAL_ROWS = 1 << 14;

/**
 * The ids of a bulk file, row by row, for finding duplicates after one streamed pass. A million ids
 * as strings in a Map cost ~100 MB of heap; here each is 8 bytes in a BigUint64Array (Zoho ids are
 * 19 digits, under 2^64), and duplicates are found by sorting a copy. The rare id above 2^64 is
 * kept as a string.
 */
export class DuplicateIdFinder {
  #ids = new BigUint64Array(INITIAL_ROWS);
  #rows = 0;
  /** Ids too large for 64 bits: id → first row. */
  readonly #wide = new Map<string, number>();
  readonly #wideDuplicates: DuplicateId[] = [];
  /** Row → id for the ids too large for 64 bits. */
  readonly #wideByRow = new Map<number, string>();

  /** The next row's id (decimal digits), or undefined for a row without a valid id. */
  add(id: string | undefined): void {
    if (this.#rows === this.#ids.length) {
      const grown = new BigUint64Array(this.#ids.length * 2);
      grown.set(this.#ids);
      this.#ids = grown;
    }
    const row = this.#rows++;
    if (id === undefined) {
      this.#ids[row] = NO_ID;
      return;
    }
    const value = BigInt(id);
    if (value <= U64_MAX) {
      this.#ids[row] = value;
      return;
    }
    this.#ids[row] = NO_ID;
    this.#wideByRow.set(row, id);
    // Compared as numbers, like the 64-bit ones: leading zeros cannot occur (ids start with 1–9).
    const first = this.#wide.get(id);
    if (first === undefined) this.#wide.set(id, row);
    else this.#wideDuplicates.push({ row, id, firstRow: first });
  }

  get rows(): number {
    return this.#rows;
  }

  /** The id of 0-based `row` as added, or undefined for a row added without one. */
  idAt(row: number): string | undefined {
    if (row < 0 || row >= this.#rows) return undefined;
    const value = this.#ids[row]!;
    return value === NO_ID ? this.#wideByRow.get(row) : value.toString();
  }

  /** A membership test over every id added so far (a sorted copy: 8 bytes per id). */
  lookup(): IdLookup {
    const sorted = this.#ids.slice(0, this.#rows).sort();
    const wide = new Set(this.#wideByRow.values());
    return {
      has(id: string): boolean {
        if (!/^\d+$/.test(id)) return false;
        const value = BigInt(id);
        return value <= U64_MAX ? value !== NO_ID && indexOf(sorted, value) >= 0 : wide.has(id);
      },
    };
  }

  /** Every row whose id appeared before, the first `limit` of them listed. */
  duplicates(limit: number): DuplicateIdReport {
    const ids = this.#ids.subarray(0, this.#rows);
    const repeated = repeatedValues(ids);
    const listed: DuplicateId[] = [];
    let total = this.#wideDuplicates.length;
    if (repeated.length > 0) {
      // Rows in file order; the first sighting of each repeated id is remembered beside it.
      const firstRows = new Int32Array(repeated.length).fill(-1);
      for (let row = 0; row < ids.length; row++) {
        const value = ids[row]!;
        if (value === NO_ID) continue;
        const at = indexOf(repeated, value);
        if (at < 0) continue;
        if (firstRows[at] === -1) {
          firstRows[at] = row;
          continue;
        }
        total++;
        if (listed.length < limit) listed.push({ row, id: value.toString(), firstRow: firstRows[at]! });
      }
    }
    return { listed: mergeByRow(listed, this.#wideDuplicates, limit), total };
  }
}

/** The values that occur more than once, ascending (NO_ID left out). */
function repeatedValues(ids: BigUint64Array): BigUint64Array {
  const sorted = ids.slice().sort();
  let n = 0;
  for (let i = 1; i < sorted.length; i++) {
    const value = sorted[i]!;
    if (value !== NO_ID && value === sorted[i - 1] && (n === 0 || sorted[n - 1] !== value)) sorted[n++] = value;
  }
  // Written over the front of the sorted copy: position n never passes i, so nothing unread is lost.
  return sorted.slice(0, n);
}

function indexOf(sorted: BigUint64Array, value: bigint): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function mergeByRow(a: DuplicateId[], b: DuplicateId[], limit: number): DuplicateId[] {
  if (b.length === 0) return a;
  return [...a, ...b].sort((x, y) => x.row - y.row).slice(0, limit);
}
