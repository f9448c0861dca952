import type { FieldMeta, PlainValue } from './core-types.js';
import { isLookupType, isNumberType } from '@zcrmkit/crm-core';
import { suggest } from './levenshtein.js';
import { codePointName, controlCharacterAt } from './control-characters.js';
import type { FieldValue } from './types.js';

export type ValueCheck =
  | { ok: true; value: PlainValue }
  | { ok: false; message: string; suggestions?: string[] };

/** Zoho stores at most 30 characters in a phone field, whatever the metadata says. */
export const PHONE_MAX_LENGTH = 30;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:\d{2})$/;
const DIGITS = /^\d+$/;
const WEBSITE = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/;
const INTEGER_TYPES = new Set(['integer', 'long']);
const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website']);

const fail = (message: string, suggestions?: string[]): ValueCheck =>
  suggestions && suggestions.length > 0 ? { ok: false, message, suggestions } : { ok: false, message };

function describe(value: unknown): string {
  if (value instanceof Date) return 'a Date';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
}

function isValidDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Zoho wants seconds precision and an explicit offset. */
function formatDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function checkText(field: FieldMeta, value: string): ValueCheck {
  const max = field.dataType === 'phone' ? Math.min(field.length ?? PHONE_MAX_LENGTH, PHONE_MAX_LENGTH) : field.length;
  if (max !== undefined && max > 0 && value.length > max) {
    return fail(`${field.apiName} takes at most ${max} characters, got ${value.length}`);
  }
  if (field.dataType !== 'textarea' && /[\r\n]/.test(value)) {
    return fail(`${field.apiName} is a single-line field; the value contains a line break`);
  }
  if (field.dataType === 'website' && value !== '' && !WEBSITE.test(value)) {
    return fail(`${field.apiName} must be a web address, got ${describe(value)}`);
  }
  if (field.dataType === 'email' && value !== '' && !EMAIL.test(value)) {
    return fail(`${field.apiName} must be an email address, got ${describe(value)}`);
  }
  if (field.dataType === 'phone' && value !== '' && !/\d/.test(value)) {
    return fail(`${field.apiName} must be a phone number, got ${describe(value)}`);
  }
  return { ok: true, value };
}

function checkPicklistValue(field: FieldMeta, value: string): ValueCheck {
  const choices = field.pickListValues ?? [];
  if (choices.length === 0) return { ok: true, value };
  const byActual = choices.find((c) => c.actualValue === value);
  if (byActual) return { ok: true, value: byActual.actualValue };
  // Callers often know the label shown in the UI; the SDK needs the actual value.
  const byDisplay = choices.find((c) => c.displayValue === value);
  if (byDisplay) return { ok: true, value: byDisplay.actualValue };
  const names = choices.map((c) => c.actualValue);
  return fail(`${field.apiName} has no choice ${describe(value)}`, suggest(value, names));
}

function checkNumber(field: FieldMeta, value: unknown): ValueCheck {
  let n: number | undefined;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^-?\d+(?:\.\d+)?$/.test(value.trim())) n = Number(value.trim());
  if (n === undefined || !Number.isFinite(n)) return fail(`${field.apiName} must be a number, got ${describe(value)}`);
  if (INTEGER_TYPES.has(field.dataType)) {
    if (!Number.isSafeInteger(n)) return fail(`${field.apiName} must be a whole number, got ${String(n)}`);
    // For whole numbers Zoho's `length` is the number of digits.
    if (field.length !== undefined && field.length > 0 && String(Math.abs(n)).length > field.length) {
      return fail(`${field.apiName} takes at most ${field.length} digits, got ${String(n)}`);
    }
  }
  return { ok: true, value: n };
}

/**
 * Checks one change against its field metadata and returns it in crm-core's plain-value form.
 * Empty values clear a field; whether that is allowed is decided by the caller, which knows the
 * required fields.
 */
export function checkValue(field: FieldMeta, value: FieldValue | undefined): ValueCheck {
  if (value === undefined) return fail(`${field.apiName} has no value (use null to clear it)`);
  if (value === null) return { ok: true, value: null };
  for (const text of typeof value === 'string' ? [value] : Array.isArray(value) ? value : []) {
    const at = typeof text === 'string' ? controlCharacterAt(text) : -1;
    if (at >= 0) return fail(`${field.apiName}: the value holds the control character ${codePointName(text, at)} at position ${at + 1}; remove it (tab and line breaks are allowed)`);
  }
  const type = field.dataType;
  if (value === '' && !TEXT_TYPES.has(type)) return { ok: true, value: null };

  if (TEXT_TYPES.has(type)) {
    return typeof value === 'string' ? checkText(field, value) : fail(`${field.apiName} must be a string, got ${describe(value)}`);
  }
  if (type === 'picklist') {
    return typeof value === 'string' ? checkPicklistValue(field, value) : fail(`${field.apiName} must be a picklist value (string), got ${describe(value)}`);
  }
  if (type === 'multiselectpicklist') {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      return fail(`${field.apiName} must be an array of picklist values, got ${describe(value)}`);
    }
    const out: string[] = [];
    for (const v of value as readonly string[]) {
      const c = checkPicklistValue(field, v);
      if (!c.ok) return c;
      out.push(c.value as string);
    }
    return { ok: true, value: out };
  }
  if (isNumberType(type)) return checkNumber(field, value);
  if (type === 'bigint') {
    if (typeof value === 'number' && Number.isSafeInteger(value)) return { ok: true, value };
    return typeof value === 'string' && /^-?\d{1,19}$/.test(value)
      ? { ok: true, value }
      : fail(`${field.apiName} must be a whole number (digits as a string beyond 2^53), got ${describe(value)}`);
  }
  if (type === 'boolean') {
    return typeof value === 'boolean' ? { ok: true, value } : fail(`${field.apiName} must be true or false, got ${describe(value)}`);
  }
  if (type === 'date') {
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? fail(`${field.apiName} got an invalid Date`) : { ok: true, value: value.toISOString().slice(0, 10) };
    }
    return typeof value === 'string' && isValidDate(value)
      ? { ok: true, value }
      : fail(`${field.apiName} must be a date 'YYYY-MM-DD', got ${describe(value)}`);
  }
  if (type === 'datetime') {
    if (value instanceof Date) {
      return Number.isNaN(value.getTime()) ? fail(`${field.apiName} got an invalid Date`) : { ok: true, value: formatDateTime(value) };
    }
    if (typeof value === 'string' && DATETIME.test(value) && !Number.isNaN(Date.parse(value))) {
      return { ok: true, value: value.replace(/\.\d{1,3}(?=Z|[+-])/, '').replace(/Z$/, '+00:00') };
    }
    return fail(`${field.apiName} must be an ISO date-time with offset, e.g. 2026-01-31T09:30:00+01:00, got ${describe(value)}`);
  }
  if (isLookupType(type)) {
    if (typeof value === 'string' && DIGITS.test(value)) return { ok: true, value: { id: value } };
    if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      const id = (value as { id?: unknown }).id;
      if (typeof id === 'string' && DIGITS.test(id)) return { ok: true, value: { id } };
    }
    return fail(`${field.apiName} must be a record id (digits) or { id }, got ${describe(value)}`);
  }
  // Types this package does not model (subforms, files, multi-select lookups …): plain scalars
  // pass through; anything structured would be nulled by the SDK, so it is refused.
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { ok: true, value };
  return fail(`${field.apiName} (${type}) cannot be updated with ${describe(value)} by this package`);
}
