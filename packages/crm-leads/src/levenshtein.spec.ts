import { describe, expect, it } from '@jest/globals';
import { levenshtein, suggest } from './levenshtein.js';

describe('levenshtein', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('abc', '')).toBe(3);
    expect(levenshtein('Mobile', 'Mobile')).toBe(0);
    expect(levenshtein('Mobil', 'Mobile')).toBe(1);
  });
});

describe('suggest', () => {
  const fields = ['Last_Name', 'First_Name', 'Mobile', 'Phone', 'Company', 'Lead_Status'];

  it('finds names that differ by case, underscores or a typo, best first', () => {
    expect(suggest('mobile', fields)).toEqual(['Mobile']);
    expect(suggest('LastName', fields)).toEqual(['Last_Name']);
    expect(suggest('Compnay', fields)).toEqual(['Company']);
    expect(suggest('Lead_Stats', fields)[0]).toBe('Lead_Status');
  });

  it('suggests nothing when no name is close', () => {
    expect(suggest('Zzzzzz', fields)).toEqual([]);
  });

  it('returns at most `max` names', () => {
    expect(suggest('ab', ['aa', 'ab', 'ac', 'ad', 'ae'], 2)).toEqual(['ab', 'aa']);
  });
});
