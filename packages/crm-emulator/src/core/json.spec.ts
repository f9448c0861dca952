import { describe, expect, it } from '@jest/globals';
import { isSafeNumber, parse } from 'lossless-json';
import { CrmState } from '../crm/crm-state.js';
import { fastParse, parseJsonLosslessly } from './json.js';

/** What the emulator parsed with before the fast path: the lossless parser alone, as an oracle. */
function oracle(text: string): unknown {
  return parse(text, null, (digits: string) => (/^-?\d+$/.test(digits) && !isSafeNumber(digits) ? digits : Number(digits)));
}

function outcome(f: () => unknown): { value: unknown } | { threw: true } {
  try {
    return { value: f() };
  } catch {
    return { threw: true };
  }
}

const seeded = new CrmState({ seed: 7, leadCount: 50, records: undefined, strictLayout: {}, layoutRequired: {}, clock: () => Date.UTC(2025, 0, 6) });
const records = seeded.store.list('Leads');

const TEXTS: string[] = [
  JSON.stringify({ data: records }),
  JSON.stringify({ data: records.map((r) => ({ id: r.id, Mobile: '+1 555 0100', Company: r['Company'] ?? null, Last_Name: r['Last_Name'] ?? null })), trigger: ['workflow'] }),
  JSON.stringify(seeded.store.list('Contacts')),
  '{"data":[{"id":6051205000000102237,"Mobile":"x"}]}',
  '{"id":-9007199254740993}',
  '{"n":[-0,1e400,1.5,0.1,123456789012345,-123456789012345,2.5e-7]}',
  '{"a":1,"a":2}',
  '{"a":1,"a":1}',
  '{"a":{"b":1,"b":{"c":2}}}',
  '{"a":"x\\":y","b":"\\"  :"}',
  '{"a\\"":1}',
  '{"__proto__":{"x":1},"y":2}',
  '{ "a" : 1 ,\n\t"b" :[ 1 , 2 ] , "c":{ } }',
  '[]',
  '"text"',
  '42',
  'null',
  '{"a":"\\ud800","b":"\u2028"}',
  '{"a":1,}',
  "{'a':1}",
  '[1,2',
  '{"a":"line\nbreak"}',
  '',
  '{"a":1}{"b":2}',
  '{"a" :1, "b"  :2, "a":3}',
];

describe('parseJsonLosslessly', () => {
  it.each(TEXTS.map((t) => [t.length > 60 ? `${t.slice(0, 57)}…` : t, t]))('reads %j as the lossless parser alone does', (_label, text) => {
    expect(outcome(() => parseJsonLosslessly(text))).toEqual(outcome(() => oracle(text)));
  });

  it('keeps every digit of an id sent as a number, and refuses a key given twice with two values', () => {
    expect(parseJsonLosslessly('{"id":6051205000000102237}')).toEqual({ id: '6051205000000102237' });
    expect(() => parseJsonLosslessly('{"data":[{"id":"1","Mobile":"a","Mobile":"b"}]}')).toThrow();
  });

  it('takes the fast path for what clients send, and leaves to the slow one what it could read differently', () => {
    expect(fastParse(TEXTS[1] as string)).toEqual(oracle(TEXTS[1] as string));
    expect(fastParse('{"id":6051205000000102237}')).toBeUndefined();
    expect(fastParse('{"a":1,"a":2}')).toBeUndefined();
    expect(fastParse('{"a":1,"a":1}')).toBeUndefined();
    expect(fastParse('{"a":"x\\":y"}')).toBeUndefined();
    expect(fastParse('{"a":1,}')).toBeUndefined();
  });
});
