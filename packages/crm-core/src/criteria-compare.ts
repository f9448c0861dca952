import type { FieldMeta, JsonValue } from './types.js';

/** Field API name → Zoho data type (`text`, `date`, `bigint` …), as `getFields` describes them. */
export type FieldTypes = ReadonlyMap<string, string>;

/** How two values of one condition are put in order; `undefined` = guess from the values. */
export type CompareKind = 'id' | 'number' | 'date' | 'text' | undefined;

const NUMBER_TYPES = new Set(['integer', 'bigint', 'long', 'double', 'currency', 'decimal', 'percent']);
const DATE_TYPES = new Set(['date', 'datetime']);
const TEXT_TYPES = new Set(['text', 'textarea', 'mediumtext', 'email', 'phone', 'website', 'picklist', 'multiselectpicklist', 'autonumber', 'boolean']);

const INTEGER = /^[-+]?\d+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i;
// ISO 8601 as Zoho writes dates and datetimes. Anything looser (Date.parse reads 'Company 2' as a
// day in 2001) stays text.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** `getFields` output as the map `Criteria.matches` takes. */
export function fieldTypes(fields: readonly FieldMeta[]): Map<string, string> {
  return new Map(fields.map((f) => [f.apiName, f.dataType.toLowerCase()]));
}

/** The comparison a field's type calls for; lookups, formulas and unknown fields are guessed per value. */
export function kindOf(field: string, types: FieldTypes | undefined): CompareKind {
  if (field === 'id') return 'id';
  const type = types?.get(field)?.toLowerCase();
  if (type === undefined) return undefined;
  if (NUMBER_TYPES.has(type)) return 'number';
  if (DATE_TYPES.has(type)) return 'date';
  if (TEXT_TYPES.has(type)) return 'text';
  return undefined;
}

const sign = <T extends number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/** Text in Zoho's way for equals — case does not count — then by UTF-16 code unit, whatever the locale. */
function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Integers exactly (a 19-digit id is past a double's 53 bits); other numbers as doubles. */
function compareNumbers(a: string, b: string): number | undefined {
  if (INTEGER.test(a) && INTEGER.test(b)) return sign(BigInt(a), BigInt(b));
  if (DECIMAL.test(a) && DECIMAL.test(b)) return sign(Number(a), Number(b));
  return undefined;
}

/** Milliseconds since the epoch; a date alone is midnight UTC, and so is a time without an offset. */
function instant(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  // Date.parse would read an offset-less datetime in the machine's zone: the answer must not depend on it.
  const ms = Date.parse(text.length > 10 && m[1] === undefined ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

function compareDates(a: string, b: string): number | undefined {
  const x = instant(a);
  const y = instant(b);
  return x === undefined || y === undefined ? undefined : sign(x, y);
}

/**
 * Orders a record's value against a criteria value: < 0, 0 (also what `equals` means), > 0. A
 * known type decides (falling back to text when a value does not fit it); without one, integers on
 * both sides compare exactly, numbers as numbers, ISO dates as instants, and anything else as text.
 */
export function compareValues(a: string, b: string, kind: CompareKind): number {
  switch (kind) {
    case 'id':
      return INTEGER.test(a) && INTEGER.test(b) ? sign(BigInt(a), BigInt(b)) : compareText(a, b);
    case 'number':
      return compareNumbers(a, b) ?? compareText(a, b);
    case 'date':
      return compareDates(a, b) ?? compareText(a, b);
    case 'text':
      return compareText(a, b);
    case undefined:
      return compareNumbers(a, b) ?? compareDates(a, b) ?? compareText(a, b);
  }
}

/** What a record's value reads as in a comparison: lookups and owners by id or name, lists item by item. */
export function comparable(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(comparable);
  if (typeof value === 'object') return [value['id'], value['name']].filter((v): v is string => typeof v === 'string');
  return [String(value)];
}

/** Empty as `is_empty` means it: no value, empty text, or an empty list. */
export function isEmptyValue(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}
