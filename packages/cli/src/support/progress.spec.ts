import { describe, expect, it } from '@jest/globals';
import type { CommandIo } from './io.js';
import { createProgress, progressLine } from './progress.js';

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

  it.each([
    ['at the start (cli-progress says INF)', { value: 0, eta: 'INF' }, undefined],
    ['with no estimate yet (NULL)', { value: 0, eta: 'NULL' }, undefined],
    ['when done', { value: 10, eta: 0 }, undefined],
    ['mid-run', { value: 4, eta: 90 }, 'ETA 01m30s'],
  ])('the bar line %s shows no INF/NaN and an ETA only when known', (_what, at, eta) => {
    const line = progressLine({ barsize: 10, barCompleteString: '#', barIncompleteString: '-', barGlue: '', autopaddingChar: '0' } as never, { progress: at.value / 10, eta: at.eta as number, startTime: Date.now(), stopTime: null, total: 10, value: at.value, maxWidth: 200 }, {});
    expect(line).toMatch(new RegExp(`^Updating \\|[#-]*\\| ${at.value}/10 records \\| ${at.value * 10}%`));
    expect(line).not.toMatch(/INF|NaN|NULL/);
    if (eta) expect(line).toContain(eta);
    else expect(line).not.toContain('ETA');
  });
});
