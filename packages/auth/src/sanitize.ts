const REDACTED = '[redacted]';
const MAX_DEPTH = 4;

/** Replaces every occurrence of each secret (ignoring empty and very short values) in `text`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * A copy of an error that keeps only its name, message (secrets blanked), `code` and the same copy
 * of its cause chain. Transport errors can carry request options, headers and bodies (the SDK's
 * keep the Authorization header); a copy cannot leak what it never took.
 */
export function sanitizeError(value: unknown, secrets: readonly (string | undefined)[], depth = 0): Error {
  const source = isErrorLike(value) ? value : undefined;
  const name = typeof source?.name === 'string' ? source.name : 'Error';
  const message = redact(source ? source.message : String(value), secrets);
  const nested = depth < MAX_DEPTH && source?.cause !== undefined ? sanitizeError(source.cause, secrets, depth + 1) : undefined;
  const copy = new Error(message, nested === undefined ? undefined : { cause: nested });
  copy.name = name;
  const code = source?.code;
  if (typeof code === 'string' || typeof code === 'number') Object.assign(copy, { code });
  // The original stack is not ours to copy (it embeds the message); this one points nowhere useful.
  copy.stack = `${name}: ${message}`;
  return copy;
}

export interface ErrorLike {
  name?: unknown;
  message: string;
  cause?: unknown;
  code?: unknown;
}

/** Duck-typed: errors from another realm (Node's fetch under jest's VM) fail `instanceof Error`. */
export function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}
