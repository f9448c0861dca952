import { describe, expect, it } from '@jest/globals';
import { toPlain } from './values-out.js';

// Objects shaped like the SDK's: Choice { value }, Record with getKeyValues(), models with keyModified.
class Choice {
  constructor(readonly value: unknown) {}
  getValue() {
    return this.value;
  }
}
class SdkRecord {
  constructor(private readonly values: Map<string, unknown>) {}
  getKeyValues() {
    return this.values;
  }
}

describe('SDK values → plain JSON', () => {
  it('turns BigInt into text without losing digits', () => {
    expect(toPlain(6051205000000123457n)).toBe('6051205000000123457');
  });

  it('turns a Choice into its value and a lookup Record into { id, name }', () => {
    expect(toPlain(new Choice('Contacted'))).toBe('Contacted');
    expect(toPlain(new SdkRecord(new Map<string, unknown>([['id', 42n], ['name', 'Acme']])))).toEqual({ id: '42', name: 'Acme' });
  });

  it('keeps the text Zoho sent for dates (date stays a date, datetime keeps its offset), else ISO', () => {
    const date = new Date('1990-05-01');
    expect(toPlain(date, '1990-05-01')).toBe('1990-05-01');
    expect(toPlain(new Date('2024-01-02T03:04:05+05:30'), '2024-01-02T03:04:05+05:30')).toBe('2024-01-02T03:04:05+05:30');
    expect(toPlain(date)).toBe('1990-05-01T00:00:00.000Z');
  });

  it('turns Maps, arrays and SDK models (MinifiedUser) into plain objects, dropping keyModified', () => {
    const owner = { name: 'U', id: 111n, email: 'u@example.com', keyModified: new Map([['id', 1]]) };
    expect(toPlain(new Map<string, unknown>([['Owner', owner], ['tags', [new Choice('a'), 2]]]))).toEqual({ Owner: { name: 'U', id: '111', email: 'u@example.com' }, tags: ['a', 2] });
  });

  it('turns what JSON cannot hold into null', () => {
    expect(toPlain(undefined)).toBeNull();
    expect(toPlain(Number.NaN)).toBeNull();
    expect(toPlain(new Date('nope'))).toBeNull();
  });

  it('produces JSON that round-trips', () => {
    const value = toPlain(new Map<string, unknown>([['id', 1n], ['d', new Date(0)], ['c', new Choice(new Choice('x'))]]));
    expect(JSON.parse(JSON.stringify(value))).toEqual(value);
  });
});
