import { readFile } from 'node:fs/promises';
import { isJsonObject } from './core/json.js';
import type { JsonValue } from './core/json.js';
import { EmulatorOptionsError, type SeedRecordInput } from './options.js';

/** Reads `{ "Leads": [ … ] }` (or the same under `records`) from a JSON file. */
export async function loadSeedFile(file: string): Promise<Record<string, SeedRecordInput[]>> {
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as JsonValue;
  } catch (err) {
    throw new EmulatorOptionsError(`seed file ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = isJsonObject(parsed) && isJsonObject(parsed['records']) ? parsed['records'] : parsed;
  if (!isJsonObject(root)) throw new EmulatorOptionsError(`seed file ${file}: expected an object of module → records`);
  const out: Record<string, SeedRecordInput[]> = {};
  for (const [module, records] of Object.entries(root)) {
    if (!Array.isArray(records) || !records.every(isJsonObject)) {
      throw new EmulatorOptionsError(`seed file ${file}: ${module} must be a list of record objects`);
    }
    out[module] = records as SeedRecordInput[];
  }
  return out;
}
