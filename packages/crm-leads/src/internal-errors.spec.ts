import { describe, expect, it } from '@jest/globals';
import { ZcrmkitError } from '@zcrmkit/config';
import { ResultBook } from './result-book.js';
import type { RecordOutcome } from './types.js';

// A broken invariant inside crm-leads is still a ZcrmkitError (code INTERNAL), so one `instanceof`
// in the caller catches it with every other zcrmkit error.

const outcome = (index: number) => ({ index, id: String(index), state: 'unchanged', diff: [], reincluded: [], warnings: [], attempts: 0 }) as unknown as RecordOutcome;


describe('crm-leads internal errors', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['an outcome index out of range', () => new ResultBook(1).settle(outcome(3)), /outcome index 3 out of range/],
    [
      'an item settled twice',
      () => {
        const book = new ResultBook(1);
        book.settle(outcome(0));
        book.settle(outcome(0));
      },
      /item 0 settled twice/,
    ],
    ['an item left without an outcome', () => new ResultBook(2).finish(), /item 0 has no outcome/],
  ])('%s', (_what, run, message) => {
    expect(run).toThrow(ZcrmkitError);
    expect(run).toThrow(expect.objectContaining({ name: 'SafeUpdateError', code: 'INTERNAL', message: expect.stringMatching(message) }));
  });
});
