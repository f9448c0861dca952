import { assertApiName, assertZohoId } from './ids.js';
import type { FieldMeta, PlainValue, RecordInput } from './types.js';
import { invalidInput } from './zoho-api-error.js';

/** Makes the SDK objects some field types need (kept abstract so the rules are testable without the SDK). */
export interface SdkValueFactory {
  choice(value: string): unknown;
  /** An SDK Record carrying only an id: what lookup fields want. */
  lookup(id: bigint): unknown;
  /** An SDK MinifiedUser carrying only an id: what owner/user lookups want. */
  user(id: bigint): unknown;
}

export interface SdkRecordLike {
  setId(id: bigint): void;
  addKeyValue(apiName: string, value: unknown): void;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const TEXT_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'mediumtext', 'profileimage', 'autonumber']);
const NUMBER_TYPES = new Set(['double', 'currency', 'percent', 'decimal']);
/** The SDK drops values of these silently (it treats them as read-only); refuse them out loud. */
const COMPUTED_TYPES = new Set(['formula', 'rollup_summary']);

function isLookupValue(value: PlainValue): value is { id: string } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function fail(operation: string, apiName: string, expected: string, value: PlainValue): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
  throw invalidInput(operation, `field ${apiName} expects ${expected}, got ${got}`, { api_name: apiName, expected });
}

function utcDate(operation: string, apiName: string, text: string): Date {
  const m = DATE_ONLY.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  // Round-trip check catches 2024-02-30 and friends.
  if (!date || date.toISOString().slice(0, 10) !== text) throw invalidInput(operation, `field ${apiName} expects a date 'YYYY-MM-DD', got ${JSON.stringify(text)}`, { api_name: apiName, expected: 'YYYY-MM-DD' });
  return date;
}

/**
 * A plain value as the SDK must be given it for this field. The SDK converts by its own field
 * metadata: a picklist wants a Choice, a lookup an SDK Record with a BigInt id, a date a Date —
 * a plain string or object there is mangled or silently sent as null. Fields the metadata does not
 * know get primitives as they are, and `{ id }` as an SDK Record (a plain object would become null).
 */
export function toSdkValue(operation: string, apiName: string, value: PlainValue, field: FieldMeta | undefined, make: SdkValueFactory): unknown {
  if (value === null) return null;
  const type = field?.dataType.toLowerCase();
  if (type && COMPUTED_TYPES.has(type)) throw invalidInput(operation, `field ${apiName} is computed (${type}) and cannot be written`, { api_name: apiName });
  if (isLookupValue(value)) {
    const id = BigInt(assertZohoId(operation, value.id, `${apiName}.id`));
    if (type === 'ownerlookup' || type === 'userlookup') return make.user(id);
    if (type === undefined || type === 'lookup') return make.lookup(id);
    return fail(operation, apiName, `a ${type} value`, value);
  }
  switch (type) {
    case undefined:
      return Array.isArray(value) ? [...value] : value;
    case 'picklist':
      return typeof value === 'string' ? make.choice(value) : fail(operation, apiName, 'a picklist value (string)', value);
    case 'multiselectpicklist':
      return Array.isArray(value) ? value.map((v) => make.choice(v)) : fail(operation, apiName, 'an array of picklist values', value);
    case 'lookup':
    case 'ownerlookup':
    case 'userlookup':
      return fail(operation, apiName, '{ id }', value);
    case 'date':
      return typeof value === 'string' ? utcDate(operation, apiName, value) : fail(operation, apiName, "a date 'YYYY-MM-DD'", value);
    case 'datetime':
      if (typeof value === 'string' && DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
      return fail(operation, apiName, 'an ISO 8601 date-time with offset', value);
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : fail(operation, apiName, 'an integer', value);
    case 'bigint':
    case 'long':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
      if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
      return fail(operation, apiName, 'an integer (number or digit string)', value);
    case 'boolean':
      return typeof value === 'boolean' ? value : fail(operation, apiName, 'a boolean', value);
    default:
      if (NUMBER_TYPES.has(type)) return typeof value === 'number' && Number.isFinite(value) ? value : fail(operation, apiName, 'a number', value);
      if (TEXT_TYPES.has(type)) return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : fail(operation, apiName, 'text', value);
      return Array.isArray(value) ? [...value] : value;
  }
}

/** Fills an SDK Record from a plain record: id checked and as BigInt, every field name checked. */
export function fillSdkRecord(operation: string, input: RecordInput, fields: ReadonlyMap<string, FieldMeta>, make: SdkValueFactory, record: SdkRecordLike): void {
  if (input === null || typeof input !== 'object') throw invalidInput(operation, 'each record must be an object with an id');
  record.setId(BigInt(assertZohoId(operation, input.id, 'record id')));
  // for…in over own keys: Object.entries' order, without an array per field (every record written).
  for (const apiName in input) {
    if (apiName === 'id' || !Object.prototype.hasOwnProperty.call(input, apiName)) continue;
    const value = input[apiName] as PlainValue | undefined;
    assertApiName(operation, apiName);
    if (value === undefined) continue;
    record.addKeyValue(apiName, toSdkValue(operation, apiName, value, fields.get(apiName), make));
  }
}
