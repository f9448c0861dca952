import { readFileSync, statSync } from 'node:fs';
import { parse } from 'dotenv';

export type EnvFileResult =
  | { kind: 'read'; values: Record<string, string> }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** A `.env` holds a dozen short lines; anything this big is the wrong file. */
export const MAX_ENV_FILE_BYTES = 1024 * 1024;

/** Parses a `.env` file without touching `process.env`. */
export function readEnvFile(file: string): EnvFileResult {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_ENV_FILE_BYTES) return { kind: 'error', message: `is too big for a .env file (${size} bytes; at most ${MAX_ENV_FILE_BYTES})` };
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', message: `cannot be read (${code ?? 'unknown error'})` };
  }
  return { kind: 'read', values: parse(text) };
}
