import { describe, expect, it } from '@jest/globals';
import { boundHeapGrowth, BULK_HEAP_GROWING_PERCENT } from './heap-growth.js';

function run(execArgv: string[] = [], nodeOptions = '') {
  const set: string[] = [];
  const applied = boundHeapGrowth({ execArgv, nodeOptions, setFlags: (f) => set.push(f) });
  return { applied, set };
}

describe('boundHeapGrowth', () => {
  it('tightens the heap growth of a bulk run', () => {
    expect(run()).toEqual({ applied: true, set: [`--heap-growing-percent=${BULK_HEAP_GROWING_PERCENT}`] });
  });

  it.each([
    [['--max-old-space-size=512'], ''],
    [['--max_old_space_size=512'], ''],
    [[], '--no-warnings --max-old-space-size=1024'],
    [[], '--heap-growing-percent=10'],
    [['--max-heap-size=300'], ''],
  ])('leaves the heap to the user who set a heap flag (%j, NODE_OPTIONS %j)', (execArgv, nodeOptions) => {
    expect(run(execArgv, nodeOptions)).toEqual({ applied: false, set: [] });
  });

  it('is not put off by unrelated flags', () => {
    expect(run(['--enable-source-maps'], '--max-semi-space-size=16').applied).toBe(true);
  });
});
