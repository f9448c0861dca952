import type { FieldMeta, PlainValue } from './types.js';

const LOOKUP_TYPES = new Set(['lookup', 'ownerlookup', 'userlookup']);
const NUMBER_TYPES = new Set(['integer', 'long', 'double', 'currency', 'decimal', 'percent']);
/** Zoho's picklist entry that means "no value". */
export const PICKLIST_NONE = '-None-';

export function isLookupType(dataType: string): boolean {
  return LOOKUP_TYPES.has(dataType);
}

export function isNumberType(dataType: string): boolean {
  return NUMBER_TYPES.has(dataType);
}

export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && /^\d+$/.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (isRecord(value)) return idOf(value['id']);
  return undefined;
}

/**
 * A value read from a record, turned into the form an update needs — a lookup read as
 * `{ id, name }` is sent as `{ id }`, a picklist as its actual value. `undefined` means the value
 * is empty or has a shape that cannot be sent back safely, so the caller must not re-include it:
 * sending a mangled value would be worse than sending none.
 */
export function toUpdateValue(field: FieldMeta, current: unknown): PlainValue | undefined {
  if (isEmptyValue(current)) return undefined;
  if (isLookupType(field.dataType)) {
    const id = idOf(current);
    return id === undefined ? undefined : { id };
  }
  if (field.dataType === 'multiselectpicklist') {
    if (!Array.isArray(current)) return undefined;
    const values = current.map((v) => (isRecord(v) ? v['actual_value'] ?? v['actualValue'] : v));
    return values.every((v): v is string => typeof v === 'string') ? values : undefined;
  }
  if (field.dataType === 'picklist') {
    const actual = isRecord(current) ? current['actual_value'] ?? current['actualValue'] : current;
    return typeof actual === 'string' && actual !== PICKLIST_NONE ? actual : undefined;
  }
  if (field.dataType === 'bigint') {
    // Beyond 2^53 a number would lose digits: keep what was read.
    return (typeof current === 'string' && /^-?\d+$/.test(current)) || (typeof current === 'number' && Number.isSafeInteger(current)) ? current : undefined;
  }
  if (isNumberType(field.dataType)) {
    if (typeof current === 'number' && Number.isFinite(current)) return current;
    if (typeof current === 'string' && current.trim() !== '' && Number.isFinite(Number(current))) return Number(current);
    return undefined;
  }
  if (typeof current === 'string' || typeof current === 'number' || typeof current === 'boolean') return current;
  return undefined;
}

function comparable(field: FieldMeta, value: unknown): unknown {
  if (isEmptyValue(value) || (field.dataType === 'picklist' && value === PICKLIST_NONE)) return null;
  if (isLookupType(field.dataType)) return idOf(value) ?? value;
  if (field.dataType === 'bigint' && (typeof value === 'number' || typeof value === 'string')) return String(value);
  if (field.dataType === 'multiselectpicklist' && Array.isArray(value)) return [...value].map(String).sort();
  if (field.dataType === 'datetime' && typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? value : t;
  }
  if (isNumberType(field.dataType) && typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : value;
  }
  return toUpdateValue(field, value) ?? value;
}

/** Whether a record's current value already equals the value a change would set. */
export function sameValue(field: FieldMeta, current: unknown, next: PlainValue): boolean {
  const a = comparable(field, current);
  const b = comparable(field, next);
  return JSON.stringify(a) === JSON.stringify(b);
}
