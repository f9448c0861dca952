import type { BulkError, BulkSummary } from '@zcrmkit/bulk';
import type { CommandIo } from './io.js';

/** A refused input's message and each problem on its own line, as a person reads them. */
export function printBulkError(err: BulkError, io: CommandIo): void {
  io.err(`✖ ${err.message}`);
  for (const p of err.problems) io.err(`  ${p.line !== undefined ? `line ${p.line}: ` : ''}${p.message}`);
}

/** "42 updated, 1 failed" — every state with rows, in a fixed order. */
export function countsLine(counts: BulkSummary['counts']): string {
  const order = ['updated', 'unchanged', 'planned', 'skipped', 'failed', 'rejected', 'not-run'] as const;
  const parts = order.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'nothing to do';
}

/** The `--json` document of an update-leads run. */
export function bulkJson(mode: 'file' | 'where', summary: BulkSummary): Record<string, unknown> {
  return {
    command: 'update-leads',
    mode,
    dryRun: summary.dryRun,
    interrupted: summary.interrupted || summary.abandoned,
    rows: summary.rows,
    counts: summary.counts,
    resultsFile: summary.resultsFile,
    problems: summary.problems.map((r) => ({ line: r.line, id: r.id, state: r.state, code: r.code, message: r.message })),
    problemsNotListed: summary.problemsNotListed,
  };
}
