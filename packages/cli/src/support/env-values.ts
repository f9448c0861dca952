import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

/**
 * Reads example-only variables (LEAD_ID, NEW_MOBILE) with the same precedence as the Zoho
 * configuration: the environment first, then the `.env` file.
 */
export function readExampleVariable(name: string, envFile = '.env'): string | undefined {
  const fromEnv = process.env[name]?.trim();
  if (fromEnv) return fromEnv;
  try {
    const value = parse(readFileSync(path.resolve(envFile), 'utf8'))[name]?.trim();
    return value || undefined;
  } catch {
    return undefined;
  }
}
