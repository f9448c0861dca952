import { describe, expect, it } from '@jest/globals';
import { dateTimesRemembered } from './sdk-conversion-memo.js';

/** The SDK's own pre-converters for these types (DatatypeConverter.init): a parse per call. */
function sdkLike() {
  const calls: string[] = [];
  const converters = new Map<string, (value: unknown) => unknown>([
    ['datetime', (v) => (calls.push(String(v)), new Date(v as string))],
    ['string', (v) => String(v)],
  ]);
  const preConvert = (value: unknown, type: string) => (converters.has(type) ? converters.get(type)!(value) : value);
  return { calls, converters, preConvert };
}

const MODIFIED = '2025-01-06T09:00:00+05:30';
const created = (i: number) => `2024-01-${String(10 + i).padStart(2, '0')}T08:15:00+05:30`;

describe('dateTimesRemembered (the SDK datetime pre-converter, with the last two texts kept)', () => {
  it('answers what the SDK answers, a new Date each time, and parses a repeated text once', () => {
    const sdk = sdkLike();
    const remembered = dateTimesRemembered(sdk.preConvert, () => sdk.converters.get('datetime'));
    // A write's answer: every record's Modified_Time the same, Created_Time between them.
    const texts = [MODIFIED, created(0), MODIFIED, created(1), MODIFIED, created(2), MODIFIED, created(2)];
    const seen: Date[] = [];
    for (const text of texts) {
      const date = remembered(text, 'datetime') as Date;
      expect(date).toBeInstanceOf(Date);
      expect(date.getTime()).toBe(new Date(text).getTime());
      expect(seen.includes(date)).toBe(false);
      seen.push(date);
    }
    expect(sdk.calls).toEqual([MODIFIED, created(0), created(1), created(2)]);
  });

  it('keeps no text without an offset, no invalid date, and nothing of other types', () => {
    const sdk = sdkLike();
    const remembered = dateTimesRemembered(sdk.preConvert, () => sdk.converters.get('datetime'));
    for (let i = 0; i < 2; i++) {
      expect((remembered('2025-01-06T09:00:00', 'datetime') as Date).getTime()).toBe(new Date('2025-01-06T09:00:00').getTime());
      expect(Number.isNaN((remembered('not a date', 'datetime') as Date).getTime())).toBe(true);
      expect(remembered(MODIFIED, 'string')).toBe(MODIFIED);
    }
    expect(sdk.calls).toEqual(['2025-01-06T09:00:00', 'not a date', '2025-01-06T09:00:00', 'not a date']);
  });

  it('forgets what it kept when the SDK map holds another datetime converter', () => {
    const sdk = sdkLike();
    const remembered = dateTimesRemembered(sdk.preConvert, () => sdk.converters.get('datetime'));
    remembered(MODIFIED, 'datetime');
    sdk.converters.set('datetime', (v) => `replaced ${String(v)}`);
    expect(remembered(MODIFIED, 'datetime')).toBe(`replaced ${MODIFIED}`);
  });
});
