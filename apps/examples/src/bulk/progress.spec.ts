import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import type { CommandIo } from '../cli/io.js';
import { createProgress } from './progress.js';

/** A terminal that records what is drawn on it, in one sequence with the command's messages. */
function terminal() {
  const seen: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        seen.push(chunk.toString());
        done();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  const io: CommandIo = { out: (l) => seen.push(`OUT:${l}\n`), err: (l) => seen.push(`ERR:${l}\n`), isTTY: true };
  return { seen, stream, io };
}

describe('createProgress', () => {
  it('on a terminal, a message gets its own line: the bar line is ended first and redrawn below', async () => {
    const { seen, stream, io } = terminal();
    const progress = createProgress(10, io, stream);
    progress.update(4);
    progress.message('Interrupted (SIGINT): finishing the calls in flight');
    const at = seen.indexOf('ERR:Interrupted (SIGINT): finishing the calls in flight\n');
    expect(at).toBeGreaterThan(0);
    // What was drawn before the message ends with a newline, so the message starts a fresh line…
    expect(seen.slice(0, at).join('')).toMatch(/4\/10 records[^\n]*\n[^\n]*$/);
    expect(seen.slice(0, at).join('').endsWith('\n')).toBe(true);
    // …and the bar drawn after it is on the line below, the message left intact.
    progress.update(5);
    progress.stop();
    expect(seen.slice(at + 1).join('')).toMatch(/5\/10 records/);
    expect(seen.slice(at + 1).join('')).not.toMatch(/Interrupted/);
  });

  it('without a terminal, messages and progress are plain lines', () => {
    const lines: string[] = [];
    const io: CommandIo = { out: (l) => lines.push(l), err: (l) => lines.push(`! ${l}`), isTTY: false };
    const progress = createProgress(10, io);
    progress.update(0);
    progress.message('note');
    progress.update(10);
    expect(lines).toEqual(['progress: 0/10 records', '! note', 'progress: 10/10 records']);
  });
});
