import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { isIsoDate, isZohoDateTime } from '../core/time.js';
import { CRM_ERROR_MESSAGES, invalidData, type ZohoError } from './crm-errors.js';
import type { FieldDef } from './metadata/field-defs.js';
import { PICKLIST_NONE } from './metadata/field-defs.js';

export type ValueCheck = { ok: true; value: JsonValue } | { ok: false; error: ZohoError };

export interface ValueContext {
  /** Name of a record that a lookup may point at, or undefined when it does not exist. */
  lookupName(module: string, id: string): string | undefined;
  /** `{name, id, email}` of a user, or undefined. */
  userRef(id: string): JsonObject | undefined;
}

const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;
const WEBSITE = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;
const DIGITS = /^\d{1,19}$/;

/** Zoho treats these as "no value": null, blank text, and a picklist's -None-. */
export function isEmptyValue(value: JsonValue | undefined): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '') || value === PICKLIST_NONE;
}

// Error details are built only on the way out (a write checks every value it carries), by functions
// outside checkFieldValue so that a value that passes allocates no closures.
function wrongType(field: FieldDef, jsonPath: string, message?: string): ValueCheck {
  return { ok: false, error: invalidData({ api_name: field.apiName, json_path: jsonPath, expected_data_type: field.dataType }, message) };
}

function tooLong(field: FieldDef, jsonPath: string): ValueCheck {
  return {
    ok: false,
    error: invalidData({ api_name: field.apiName, json_path: jsonPath, expected_data_type: field.dataType, maximum_length: String(field.length) }),
  };
}

/**
 * Checks one written value against its field's metadata, as Zoho does, and returns the value to
 * store (lookups completed with their name, -None- as null, numbers from numeric strings).
 */
export function checkFieldValue(field: FieldDef, value: JsonValue, jsonPath: string, ctx: ValueContext): ValueCheck {
  if (value === null) return { ok: true, value: null };

  switch (field.dataType) {
    case 'text':
    case 'textarea':
    case 'phone':
      if (typeof value !== 'string') return wrongType(field, jsonPath);
      if (field.dataType !== 'textarea' && /[\r\n]/.test(value)) return wrongType(field, jsonPath);
      return value.length > field.length ? tooLong(field, jsonPath) : { ok: true, value };
    case 'email':
      if (typeof value !== 'string') return wrongType(field, jsonPath);
      if (value.length > field.length) return tooLong(field, jsonPath);
      return value === '' || EMAIL.test(value) ? { ok: true, value } : wrongType(field, jsonPath);
    case 'website':
      if (typeof value !== 'string') return wrongType(field, jsonPath);
      if (value.length > field.length) return tooLong(field, jsonPath);
      return value === '' || WEBSITE.test(value) ? { ok: true, value } : wrongType(field, jsonPath);
    case 'picklist': {
      if (typeof value !== 'string') return wrongType(field, jsonPath);
      if (value === PICKLIST_NONE || value === '') return { ok: true, value: null };
      return field.picklist?.includes(value) ? { ok: true, value } : wrongType(field, jsonPath);
    }
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return wrongType(field, jsonPath);
      return Math.abs(n) >= 10 ** field.length ? tooLong(field, jsonPath) : { ok: true, value: n };
    }
    case 'currency':
    case 'double': {
      const n = typeof value === 'string' && NUMERIC.test(value) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return wrongType(field, jsonPath);
      const places = field.decimalPlace ?? 2;
      const rounded = Math.round(n * 10 ** places) / 10 ** places;
      return Math.abs(Math.trunc(rounded)).toString().length > field.length - places ? tooLong(field, jsonPath) : { ok: true, value: rounded };
    }
    case 'bigint': {
      const s = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
      return typeof s === 'string' && DIGITS.test(s) ? { ok: true, value: s } : wrongType(field, jsonPath);
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : wrongType(field, jsonPath);
    case 'date':
      return typeof value === 'string' && isIsoDate(value) ? { ok: true, value } : wrongType(field, jsonPath);
    case 'datetime':
      return typeof value === 'string' && isZohoDateTime(value) ? { ok: true, value } : wrongType(field, jsonPath);
    case 'lookup':
    case 'ownerlookup': {
      const id = referencedId(value);
      if (id === undefined) return wrongType(field, jsonPath);
      if (field.dataType === 'ownerlookup') {
        const user = ctx.userRef(id);
        return user ? { ok: true, value: user } : wrongType(field, jsonPath, CRM_ERROR_MESSAGES.INVALID_ID);
      }
      const name = ctx.lookupName(field.lookupModule ?? '', id);
      return name !== undefined ? { ok: true, value: { name, id } } : wrongType(field, jsonPath, CRM_ERROR_MESSAGES.INVALID_ID);
    }
  }
}

/** Lookups are written as `{id}` (what the SDK sends) or as the bare id. */
function referencedId(value: JsonValue): string | undefined {
  const raw = isJsonObject(value) ? value['id'] : value;
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0) return String(raw);
  return typeof raw === 'string' && DIGITS.test(raw) ? raw : undefined;
}
