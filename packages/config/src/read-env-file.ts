import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type DotenvModule from 'dotenv';

// dotenv is required when a file is actually read: a process configured from values alone (tests,
// services that pass their settings in) never loads it, which keeps start-up short.
const requireHere = createRequire(import.meta.url);
function parse(text: string): Record<string, string> {
  return (requireHere('dotenv') as typeof DotenvModule).parse(text);
}

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
