import type { FileHandle } from 'node:fs/promises';
import type { ZohoClient } from '@zcrmkit/crm-core';
import type { BulkRow } from '../types.js';
import { assertUnchanged, inputChanged, openRegularFile, sameIdentity, type FileIdentity } from './input-file.js';
import type { RowLedger } from './row-ledger.js';

/** What a source gets while it reads and checks its input (the first pass). */
export interface SourceContext {
  module: string;
  /** The client, made on first use: a CSV's offline checks never need one. */
  client(): Promise<ZohoClient>;
  /** The run's drain signal: a source stops waiting (a listing, a read) when it fires. */
  signal: AbortSignal | undefined;
}

/** An input that passed its first pass, ready to be read again group by group. */
export interface CheckedInput {
  /** Rows the run takes on. */
  readonly total: number;
  /** The fields every row may change (CSV columns, criteria changes); undefined when rows differ. */
  readonly fields: readonly string[] | undefined;
  /** True when the values were already checked against the field metadata during the first pass. */
  readonly valuesChecked: boolean;
  /** Rows that are only re-checked, never sent (criteria runs resuming an earlier results file). */
  readonly rechecks: number;
  /**
   * The rows again, `size` at a time, each proven to be the row the first pass checked: a row that
   * differs, or a file whose identity changed, throws INPUT_CHANGED before its group is handed out.
   */
  groups(size: number): AsyncGenerator<BulkRow[]>;
  /** Line and id of every row from 0-based `row` on, from the first pass's memory (no read). */
  rowsFrom(row: number): Iterable<{ line: number; id: string }>;
  /** The 0-based row of a line. */
  rowOf(line: number): number;
  close(): Promise<void>;
}

/** Where a run's rows come from. Make one with `csvFileSource`, `criteriaSource` or `iterableSource`. */
export interface BulkSource {
  /** For messages: "leads.csv", "Leads matching (Lead_Status:equals:New)", "12 items". */
  readonly description: string;
  /** A file the run reads: locked for the run, and never overwritten by its results. */
  readonly path: string | undefined;
  /** The first pass: reads and checks the whole input; throws BulkError when it cannot be used. */
  open(context: SourceContext): Promise<CheckedInput>;
}

/** Reads the rows of an open file, each with the text its fingerprint is taken from. */
export type RowReader = (handle: FileHandle) => AsyncGenerator<{ text: string; row: BulkRow }>;

/**
 * A checked input held in a file (the user's CSV, or a spool of ours), read again on each later
 * pass from a fresh descriptor and verified row by row against the ledger of the first pass.
 */
export class CheckedFile implements CheckedInput {
  constructor(
    private readonly file: string,
    private readonly identity: FileIdentity,
    private readonly ledger: RowLedger,
    private readonly read: RowReader,
    readonly fields: readonly string[] | undefined,
    readonly valuesChecked: boolean,
    private readonly cleanup: () => Promise<void> = async () => undefined,
    readonly rechecks = 0,
  ) {}

  get total(): number {
    return this.ledger.total;
  }

  async *groups(size: number): AsyncGenerator<BulkRow[]> {
    const { handle, identity } = await openRegularFile(this.file);
    try {
      if (!sameIdentity(identity, this.identity)) throw inputChanged(this.file, 'another file now has its name, or it was written to');
      let row = 0;
      let group: BulkRow[] = [];
      for await (const read of this.read(handle)) {
        if (!this.ledger.matches(row, read.row.id, read.text)) {
          throw inputChanged(this.file, row >= this.ledger.rows ? 'it has more rows than when it was checked' : `line ${this.ledger.firstLine + row} differs from when it was checked`);
        }
        if (!this.ledger.isSkipped(row)) group.push(read.row);
        row++;
        if (group.length >= size) {
          await assertUnchanged(this.file, handle, this.identity);
          yield group;
          group = [];
        }
      }
      if (row !== this.ledger.rows) throw inputChanged(this.file, 'it has fewer rows than when it was checked');
      await assertUnchanged(this.file, handle, this.identity);
      if (group.length > 0) yield group;
    } finally {
      await handle.close();
    }
  }

  rowsFrom(row: number): Iterable<{ line: number; id: string }> {
    return this.ledger.rowsFrom(row);
  }

  rowOf(line: number): number {
    return line - this.ledger.firstLine;
  }

  close(): Promise<void> {
    return this.cleanup();
  }
}
