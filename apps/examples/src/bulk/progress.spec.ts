import { describe, expect, it } from '@jest/globals';
import type { CommandIo } from '../cli/io.js';
import { createProgress } from './progress.js';

describe('createProgress', () => {
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
