import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Criteria, ZohoClient } from '@zcrmkit/crm-core';
import type { CsvRow } from './read-csv.js';
import { matchingLeads } from './matching-leads.js';

/** What `--where … --set …` selected: rows to update, and earlier rows to re-check only. */
export interface WhereRows {
  /** Leads matching now, in listing order; `line` numbers them as a CSV would (header = 1). */
  matching: CsvRow[];
  /** Leads in the previous results file that no longer match: checked, never sent. */
  previous: CsvRow[];
}

/**
 * Ids of an earlier run's results file, so a re-run (or a resume after Ctrl-C) also accounts for
 * leads it already updated — which, having been updated, may no longer match `--where`.
 */
export function previousResultIds(file: string): { ok: true; ids: string[] } | { ok: false; message: string } {
  if (!existsSync(file)) return { ok: true, ids: [] };
  try {
    const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
    if (rows.length > 0 && !('id' in (rows[0] as object))) return { ok: false, message: `${file} is not an update-leads results file (no "id" column)` };
    // A dry run's `planned` rows were never sent: nothing to account for.
    return { ok: true, ids: rows.filter((r) => r['state'] !== 'planned').map((r) => r['id'] ?? '').filter((id) => /^\d+$/.test(id)) };
  } catch (err) {
    return { ok: false, message: `cannot read ${file}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Lists the module once (no search cap) and turns every match into a row carrying `changes`. */
export async function collectWhereRows(client: ZohoClient, criteria: Criteria, changes: Record<string, string | null>, previousIds: readonly string[], signal?: AbortSignal): Promise<WhereRows> {
  const matching: CsvRow[] = [];
  const seen = new Set<string>();
  for await (const lead of matchingLeads(client, criteria, Object.keys(changes), signal)) {
    seen.add(lead.id);
    matching.push({ line: matching.length + 2, id: lead.id, changes: { ...changes } });
  }
  const previous: CsvRow[] = [];
  for (const id of new Set(previousIds)) {
    if (seen.has(id)) continue;
    previous.push({ line: matching.length + previous.length + 2, id, changes: { ...changes } });
  }
  return { matching, previous };
}
