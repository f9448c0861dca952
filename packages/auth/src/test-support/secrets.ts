import { inspect } from 'node:util';

/** Everything an error exposes, hidden properties and the whole cause chain included. */
export function inspectDeep(value: unknown): string {
  return inspect(value, { showHidden: true, depth: null });
}

/** The secrets found in `text` (expected: none). Returns their positions in the list, never the values. */
export function leakedSecrets(text: string, secrets: readonly (string | undefined)[]): number[] {
  return secrets.flatMap((s, i) => (s && text.includes(s) ? [i] : []));
}
