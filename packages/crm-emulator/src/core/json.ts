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
