// Property-based: whatever two ids (or long integers) are compared, Criteria.matches orders them as
// BigInt does — with field types, without, through lookups — and for any two values, equals agrees
// with the ordering (equal exactly when neither is greater).
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { where } from './criteria.js';

const RUNS = 2_000;
const sign = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

// Zoho ids are 16–20 digits; neighbours (a few thousand apart) are what a double cannot tell apart.
const id = fc.bigInt({ min: 10n ** 15n, max: 10n ** 20n - 1n });
const idPair = fc.oneof(
  fc.tuple(id, id),
  fc.tuple(id, fc.bigInt({ min: -5_000n, max: 5_000n })).map(([a, d]) => [a, a + d > 0n ? a + d : a] as const),
);

/** What matches() says of `record value` op `criteria value`, as -1/0/1. */
function ordering(field: string, record: Record<string, unknown>, value: string, types?: ReadonlyMap<string, string>): number {
  const r = { id: '1', ...record } as never;
  const gt = where(field, 'greater_than', value).matches(r, types);
  const lt = where(field, 'less_than', value).matches(r, types);
  const eq = where(field, 'equals', value).matches(r, types);
  const ge = where(field, 'greater_equal', value).matches(r, types);
  const le = where(field, 'less_equal', value).matches(r, types);
  if (Number(gt) + Number(lt) + Number(eq) !== 1 || ge !== (gt || eq) || le !== (lt || eq)) throw new Error(`inconsistent: gt ${gt} lt ${lt} eq ${eq} ge ${ge} le ${le}`);
  return gt ? 1 : lt ? -1 : 0;
}

describe('id ordering over generated ids', () => {
  it('matches() orders ids as BigInt: the id field, untyped fields, bigint fields, lookups', () => {
    const types = new Map([['Big', 'bigint']]);
    fc.assert(
      fc.property(idPair, ([a, b]) => {
        const want = sign(a, b);
        const [x, y] = [String(a), String(b)];
        expect(ordering('id', { id: x }, y)).toBe(want);
        expect(ordering('Ref', { Ref: x }, y)).toBe(want);
        expect(ordering('Big', { Big: x }, y, types)).toBe(want);
        // A lookup matches by id or by name; without a name only the id counts.
        expect(ordering('Owner', { Owner: { id: x } }, y)).toBe(want);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('equals and ordering over generated values', () => {
  const value = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('Company 2', 'Company 10', 'acme', 'ACME', '007', '7', '1e3', '1000', '2026-01-01', '2026-01-01T00:00:00Z', '2026-01-01T05:30:00+05:30', 'null', ''),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  );
  const typeOf = fc.constantFrom<string | undefined>(undefined, 'text', 'integer', 'currency', 'date', 'datetime', 'bigint', 'lookup');

  it('never says greater and equal at once, and is antisymmetric', () => {
    fc.assert(
      fc.property(value, value, typeOf, (a, b, type) => {
        const types = type === undefined ? undefined : new Map([['F', type]]);
        expect(ordering('F', { F: a }, b, types) + ordering('F', { F: b }, a, types)).toBe(0);
      }),
      { numRuns: RUNS },
    );
  });
});
