/** Edit distance (insert, delete, substitute), two rows of memory. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length] ?? 0;
}

/**
 * Candidates close to `input`, best first. Case and underscores are ignored when measuring, since
 * `mobile` or `LastName` for `Last_Name` are the typical slips.
 */
export function suggest(input: string, candidates: Iterable<string>, max = 3): string[] {
  const norm = (s: string) => s.toLowerCase().replace(/[_\s-]/g, '');
  const target = norm(input);
  const limit = Math.max(1, Math.floor(target.length / 3));
  const scored: { name: string; distance: number }[] = [];
  for (const name of candidates) {
    const distance = levenshtein(target, norm(name));
    if (distance <= limit) scored.push({ name, distance });
  }
  scored.sort((x, y) => x.distance - y.distance || x.name.localeCompare(y.name));
  return scored.slice(0, max).map((s) => s.name);
}
