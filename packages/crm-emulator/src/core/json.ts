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
  return fastParse(text) ?? parseSlowly(text);
}

function parseSlowly(text: string): JsonValue {
  return parse(text, null, (digits: string) => (/^-?\d+$/.test(digits) && !isSafeNumber(digits) ? digits : Number(digits))) as JsonValue;
}

// An integer past 2^53 is the only number JSON.parse could round (to an integer that is not safe,
// which the value shows), and a repeated key (which the lossless parser refuses) the only text it
// reads differently: with as many keys parsed as the text has key tokens (a quote, blanks, a colon:
// a repeated key would make fewer keys, such a sequence inside a string more tokens), JSON.parse
// gives the same value at about a fifth of the cost. Anything else, malformed text included, takes
// the slow path. Exported for its tests: undefined = "use the slow path".
const KEY_TOKEN = /"\s*:/g;
const UNSAFE = -1;

export function fastParse(text: string): JsonValue | undefined {
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
  const keys = keysIn(value);
  if (keys === UNSAFE) return undefined;
  return keys === (text.match(KEY_TOKEN)?.length ?? 0) ? value : undefined;
}

/** Keys in `value`, all levels; UNSAFE when it holds an integer JSON.parse may have rounded. */
function keysIn(value: JsonValue): number {
  if (typeof value === 'number') return Number.isInteger(value) && !Number.isSafeInteger(value) ? UNSAFE : 0;
  if (value === null || typeof value !== 'object') return 0;
  let n = 0;
  if (Array.isArray(value)) {
    for (const item of value) {
      const k = keysIn(item);
      if (k === UNSAFE) return UNSAFE;
      n += k;
    }
    return n;
  }
  for (const key in value) {
    const k = keysIn(value[key] as JsonValue);
    if (k === UNSAFE) return UNSAFE;
    n += 1 + k;
  }
  return n;
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
