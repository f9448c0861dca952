import { isSafeNumber, parse } from 'lossless-json';

/** A JSON value as it travels on the wire; the emulator's state holds only these. */
export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy, so that callers of the admin API can never mutate the emulator's state by accident. */
export function cloneJson<T extends JsonValue>(value: T): T {
  return structuredClone(value);
}

/**
 * Parses a request body as Zoho's servers do: an integer too large for a double (a 19-digit record
 * id sent as a number, as the Python SDK does) keeps every digit, as a string of digits, instead of
 * being rounded onto a neighbouring record's id by `JSON.parse`. Throws on malformed JSON.
 */
export function parseJsonLosslessly(text: string): JsonValue {
  return parse(text, null, (digits: string) => (/^-?\d+$/.test(digits) && !isSafeNumber(digits) ? digits : Number(digits))) as JsonValue;
}

const parsedBodies = new WeakMap<Buffer, { value: JsonValue | undefined } | { error: unknown }>();

/**
 * A request body read as JSON once per request, however many steps look at it (the heavy-call
 * check, then the handler): `undefined` for an empty body; throws on malformed JSON.
 */
export function requestJson(body: Buffer): JsonValue | undefined {
  let parsed = parsedBodies.get(body);
  if (parsed === undefined) {
    const text = body.toString('utf8').trim();
    try {
      parsed = { value: text === '' ? undefined : parseJsonLosslessly(text) };
    } catch (error) {
      parsed = { error };
    }
    parsedBodies.set(body, parsed);
  }
  if ('error' in parsed) throw parsed.error;
  return parsed.value;
}
