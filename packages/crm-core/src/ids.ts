import { invalidInput } from './zoho-api-error.js';

// Zoho record ids are 64-bit integers written as digit strings (19 digits today). The SDK wants
// BigInt; JSON and our API want strings. Anything else is refused before it reaches a URL.
const ZOHO_ID = /^[1-9][0-9]{0,19}$/;
const MAX_ID = 2n ** 64n - 1n;

/** Field API names: what Zoho allows, and nothing that could inject a query parameter. */
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Whether a value is a Zoho record id: a string of up to 20 digits, no leading zero, within 64 bits. */
export function isZohoId(value: unknown): value is string {
  // Only a 20-digit id can pass 64 bits: no BigInt for the 19-digit ones (every id of a run is checked).
  return typeof value === 'string' && ZOHO_ID.test(value) && (value.length < 20 || BigInt(value) <= MAX_ID);
}

export function isApiName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 100 && API_NAME.test(value);
}

export function assertZohoId(operation: string, value: unknown, what = 'id'): string {
  if (!isZohoId(value)) throw invalidInput(operation, `${what} must be a Zoho id (a string of up to 20 digits), got ${describe(value)}`, { [what]: describe(value) });
  return value;
}

export function assertApiName(operation: string, value: unknown, what = 'field API name'): string {
  if (!isApiName(value)) throw invalidInput(operation, `${what} must match ${API_NAME.source}, got ${describe(value)}`, { apiName: describe(value) });
  return value;
}

export function toBigIntId(operation: string, id: string): bigint {
  return BigInt(assertZohoId(operation, id));
}

/** The SDK hands ids back as BigInt, sometimes as numbers or strings; ours are always strings. */
export function fromSdkId(value: unknown): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  return value === null ? 'null' : typeof value;
}
