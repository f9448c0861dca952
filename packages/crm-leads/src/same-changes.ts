/** Same value, for duplicate detection of raw inputs whose metadata may be unknown. */
export function sameChanges(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keysA = Object.keys(a).sort();
  const keysB = Object.keys(b).sort();
  if (keysA.length !== keysB.length || keysA.some((k, i) => k !== keysB[i])) return false;
  const canon = (v: unknown) => JSON.stringify(v instanceof Date ? v.toISOString() : v);
  return keysA.every((k) => canon(a[k]) === canon(b[k]));
}
