import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FieldValue } from '@zcrmkit/crm-leads';
import type { BulkRow } from '../types.js';
import type { RowReader } from './checked-input.js';
import { identityOf, type FileIdentity } from './input-file.js';
import { readChunks } from './read-chunks.js';
import type { RowLedger } from './row-ledger.js';

/** One spooled row: [id, changes, 1 when it is only re-checked]. */
type SpoolLine = [string, Record<string, FieldValue>, 0 | 1];

/** Writes buffered: a spool of a million rows is written in ~1,000 writes. */
const FLUSH_BYTES = 1 << 16;

/**
 * Rows that come from a listing or an iterable, written to a private temporary file (a 0700 folder,
 * a 0600 file: they hold customer data) as they arrive, so that memory does not grow with them and
 * they can be read again for each later pass, like a CSV.
 */
export class Spool {
  #buffer = '';
  private constructor(
    readonly dir: string,
    readonly file: string,
    private readonly handle: FileHandle,
    private readonly ledger: RowLedger,
  ) {}

  static async create(ledger: RowLedger): Promise<Spool> {
    const dir = await mkdtemp(path.join(tmpdir(), 'zcrmkit-bulk-'));
    const file = path.join(dir, 'rows.jsonl');
    const handle = await open(file, 'wx', 0o600);
    return new Spool(dir, file, handle, ledger);
  }

  async add(id: string, changes: Record<string, FieldValue>, recheck = false): Promise<void> {
    const text = JSON.stringify([id, changes, recheck ? 1 : 0] satisfies SpoolLine);
    this.ledger.add(id, text);
    this.#buffer += `${text}\n`;
    if (this.#buffer.length >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.#buffer === '') return;
    const text = this.#buffer;
    this.#buffer = '';
    await this.handle.write(text);
  }

  /** Ends writing; returns the identity later passes are checked against. */
  async finish(): Promise<FileIdentity> {
    await this.flush();
    await this.handle.sync();
    const identity = identityOf(await this.handle.stat());
    await this.handle.close();
    return identity;
  }

  /** Removes the folder and its file. Safe to call twice, and after a failed `finish`. */
  async remove(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Reads spooled rows back, numbered from `firstLine`. */
  static reader(firstLine: number): RowReader {
    return async function* (handle) {
      const decoder = new StringDecoder('utf8');
      let rest = '';
      let index = 0;
      const rowOf = (text: string) => {
        const [id, changes, recheck] = JSON.parse(text) as SpoolLine;
        const row: BulkRow = { line: firstLine + index++, id, changes };
        if (recheck === 1) row.recheck = true;
        return { text, row };
      };
      for await (const chunk of readChunks(handle)) {
        const lines = (rest + decoder.write(chunk)).split('\n');
        rest = lines.pop() ?? '';
        for (const text of lines) yield rowOf(text);
      }
      rest += decoder.end();
      if (rest !== '') yield rowOf(rest);
    };
  }
}
