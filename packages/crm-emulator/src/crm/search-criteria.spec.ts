import { describe, expect, it } from '@jest/globals';
import { CriteriaSyntaxError, parseCriteria } from './search-criteria.js';

describe('parseCriteria', () => {
  it('reads a condition whose value holds escaped ( ) , \\ and bare : & #', () => {
    const { node, count } = parseCriteria('(Company:equals:A \\(B\\)\\, C\\\\D: & #1)');
    expect(count).toBe(1);
    expect(node).toEqual({ kind: 'condition', field: 'Company', operator: 'equals', values: ['A (B), C\\D: & #1'] });
  });

  it('reads and/or groups and comma lists', () => {
    const { node, count } = parseCriteria('((Lead_Status:in:Contacted,Not Contacted)and((Rating:equals:Hot)or(Rating:equals:Warm)))');
    expect(count).toBe(3);
    expect(node).toMatchObject({ kind: 'group', join: 'and', parts: [{ values: ['Contacted', 'Not Contacted'] }, { kind: 'group', join: 'or' }] });
  });

  it.each(['Company:equals:x', '(Company:equals:x', '(Company:equals:a(b))', '(Company:like:x)', '(1x:equals:y)', '((A:equals:1)and(B:equals:2)or(C:equals:3))', '(A:between:1)'])(
    'refuses %s',
    (text) => {
      expect(() => parseCriteria(text)).toThrow(CriteriaSyntaxError);
    },
  );
});
