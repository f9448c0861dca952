import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';

export type EnvFileResult =
  | { kind: 'read'; values: Record<string, string> }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

/** Parses a `.env` file without touching `process.env`. */
export function readEnvFile(file: string): EnvFileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', message: `cannot be read (${code ?? 'unknown error'})` };
  }
  return { kind: 'read', values: parse(text) };
}
