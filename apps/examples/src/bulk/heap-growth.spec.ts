import { describe, expect, it } from '@jest/globals';
import { boundHeapGrowth, BULK_HEAP_GROWING_PERCENT, BULK_HEAP_MIN_ROWS } from './heap-growth.js';

function run(rows: number, execArgv: string[] = [], nodeOptions = '') {
  const set: string[] = [];
  const applied = boundHeapGrowth(rows, { execArgv, nodeOptions, setFlags: (f) => set.push(f) });
  return { applied, set };
}

describe('boundHeapGrowth', () => {
  it('tightens the heap growth of a big run', () => {
    expect(run(1_000_000)).toEqual({ applied: true, set: [`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`] });
    expect(run(BULK_HEAP_MIN_ROWS).applied).toBe(true);
  });

  it('leaves a small run alone', () => {
    expect(run(BULK_HEAP_MIN_ROWS - 1)).toEqual({ applied: false, set: [] });
  });

  it.each([
    [['--max-old-space-size=512'], ''],
    [['--max_old_space_size=512'], ''],
    [[], '--no-warnings --max-old-space-size=1024'],
    [[], '--heap-growing-percent=10'],
    [['--max-heap-size=300'], ''],
  ])('leaves the heap to the user who set a heap flag (%j, NODE_OPTIONS %j)', (execArgv, nodeOptions) => {
    expect(run(1_000_000, execArgv, nodeOptions)).toEqual({ applied: false, set: [] });
  });

  it('is not put off by unrelated flags', () => {
    expect(run(1_000_000, ['--enable-source-maps'], '--max-semi-space-size=16').applied).toBe(true);
  });
});
