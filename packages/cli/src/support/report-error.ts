import type { CommandIo } from './io.js';
import { EXIT_FAILED, EXIT_USAGE } from './exit-codes.js';

interface CodedError {
  name: string;
  code: string;
  message: string;
  hint?: string;
}

function isCoded(err: unknown): err is CodedError {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

/** Errors of the setup, not of Zoho: the worker's key differs from its fleet's (nothing was sent by it since). */
const SETUP_CODES = new Set(['FLEET_KEY_MISMATCH']);

function setupError(err: unknown): boolean {
  if (!isCoded(err)) return false;
  const reason = (err as { details?: { reason?: unknown } }).details?.reason;
  return SETUP_CODES.has(err.code) || (err.code === 'CALL_REFUSED' && typeof reason === 'string' && SETUP_CODES.has(reason));
}

/**
 * Prints an error from any zcrmkit layer (its stable code, message and hint) without a stack trace
 * a user does not need; the full detail is in the log file. Returns the exit code to use.
 */
export function reportError(err: unknown, io: CommandIo): number {
  if (isCoded(err)) {
    io.err(`✖ ${err.name} ${err.code}: ${err.message}`);
    if (err.hint) io.err(`  hint: ${err.hint}`);
  } else {
    io.err(`✖ ${err instanceof Error ? err.message : String(err)}`);
  }
  return setupError(err) ? EXIT_USAGE : EXIT_FAILED;
}
