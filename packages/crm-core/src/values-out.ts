import type { JsonValue } from './types.js';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function isChoice(value: object): value is { getValue(): unknown } {
  return typeof (value as { getValue?: unknown }).getValue === 'function' && Object.keys(value).every((k) => k === 'value');
}

function hasKeyValues(value: object): value is { getKeyValues(): Map<string, unknown> } {
  return typeof (value as { getKeyValues?: unknown }).getKeyValues === 'function';
}

function rawField(raw: unknown, key: string): unknown {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)[key] : undefined;
}

/**
 * An SDK value as plain JSON: BigInt → string, Choice → its value, SDK Record / model → object of
 * its values (a lookup becomes `{ id, name }`), Map → object, Date → the text Zoho sent when known
 * (dates stay 'YYYY-MM-DD', datetimes keep their offset), else ISO 8601. `raw` is the same value in
 * the response's JSON, when available.
 */
export function toPlain(value: unknown, raw?: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'object' || depth > 10) return null;
  if (value instanceof Date) {
    if (typeof raw === 'string' && raw !== '') return raw;
    if (Number.isNaN(value.getTime())) return null;
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((v, i) => toPlain(v, Array.isArray(raw) ? raw[i] : undefined, depth + 1));
  if (value instanceof Map) {
    const out: Record<string, JsonValue> = {};
    // forEach, not for…of: no entry array per key (this runs for every record and value read).
    value.forEach((v: unknown, k: unknown) => {
      const key = String(k);
      out[key] = toPlain(v, rawField(raw, key), depth + 1);
    });
    return out;
  }
  if (isChoice(value)) return toPlain(value.getValue(), raw, depth + 1);
  if (hasKeyValues(value)) return toPlain(value.getKeyValues(), raw, depth + 1);
  // Other SDK models (MinifiedUser for Owner …) keep their values as own properties beside keyModified.
  // for…in over own keys: Object.entries' order, without an array per key (every user a write answers with).
  const out: Record<string, JsonValue> = {};
  const fields = value as Record<string, unknown>;
  for (const k in fields) {
    if (!Object.prototype.hasOwnProperty.call(fields, k)) continue;
    const v = fields[k];
    if (k === 'keyModified' || typeof v === 'function') continue;
    out[k] = toPlain(v, rawField(raw, k), depth + 1);
  }
  return out;
}

/** Whether a value read back is a plain date ('YYYY-MM-DD'). */
export function isDateOnly(value: unknown): value is string {
  return typeof value === 'string' && DATE_ONLY.test(value);
}
