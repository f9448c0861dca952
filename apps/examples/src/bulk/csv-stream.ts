import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** One CSV cell: quoted when it holds a quote, comma, line break or edge whitespace (the reader trims). */
export function csvCell(value: string): string {
  return /[",\n\r]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A CSV written line by line to a temporary file beside the target and renamed into place on
 * `commit()`: memory stays at one buffered chunk (writes wait for the stream to drain), and an
 * interrupted export never leaves half a file under the real name.
 */
export class CsvStream {
  private readonly tmp: string;
  private readonly stream: WriteStream;
  private failed: Error | undefined;
  rows = 0;

  constructor(private readonly file: string) {
    this.tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
    this.stream = createWriteStream(this.tmp, { flags: 'wx', mode: 0o644 });
    this.stream.on('error', (err) => (this.failed = err));
  }

  async writeRow(cells: string[]): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.stream.write(`${cells.map(csvCell).join(',')}\n`)) {
      await new Promise<void>((resolve, reject) => {
        this.stream.once('drain', resolve);
        this.stream.once('error', reject);
      });
    }
    this.rows++;
  }

  private end(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end(() => (this.failed ? reject(this.failed) : resolve()));
    });
  }

  async commit(): Promise<void> {
    await this.end();
    renameSync(this.tmp, this.file);
  }

  async abort(): Promise<void> {
    await this.end().catch(() => undefined);
    rmSync(this.tmp, { force: true });
  }
}
