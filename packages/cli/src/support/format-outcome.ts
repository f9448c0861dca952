import type { RecordOutcome } from '@zcrmkit/crm-leads';
import type { CommandIo } from './io.js';

const show = (v: unknown) => (v === undefined ? '—' : JSON.stringify(v));

/** Prints one record's outcome: what was read, what changes, what was re-included and why. */
export function printOutcome(outcome: RecordOutcome, io: CommandIo): void {
  io.out(`Lead ${outcome.id}`);
  if (outcome.state === 'failed' && outcome.code === 'RECORD_NOT_FOUND') {
    // Nothing was read and nothing sent: any read/change line would contradict the one fact.
    io.out(`  result:       ✖ RECORD_NOT_FOUND: lead ${outcome.id} does not exist in this org (or this user cannot see it); nothing was sent`);
    return;
  }
  const read = outcome.reincluded.map((r) => `${r.field}=${show(r.value)}`);
  for (const d of outcome.diff) if (d.from !== undefined) read.push(`${d.field}=${show(d.from)}`);
  io.out(`  read:         ${read.length > 0 ? read.join(', ') : 'nothing (no read was needed)'}`);
  for (const d of outcome.diff) {
    const same = d.differs === false ? '  (already this value)' : '';
    io.out(`  change:       ${d.field}: ${show(d.from)} → ${show(d.to)}${same}`);
  }
  if (outcome.reincluded.length > 0) {
    io.out(`  re-included:  ${outcome.reincluded.map((r) => `${r.field} (${reason(r.source)})`).join(', ')}`);
  } else {
    io.out('  re-included:  none');
  }
  for (const w of outcome.warnings) io.out(`  warning:      ${w}`);
  switch (outcome.state) {
    case 'updated':
      io.out(`  result:       ✔ updated (${outcome.attempts} update call${outcome.attempts === 1 ? '' : 's'})`);
      break;
    case 'unchanged':
      io.out('  result:       = unchanged — the record already holds these values; nothing sent');
      break;
    case 'planned':
      io.out(`  result:       dry run — would send ${JSON.stringify(outcome.payload ?? {})}`);
      if (outcome.mayDemand && outcome.mayDemand.length > 0) {
        io.out(`  note:         no org profile yet: Zoho may also demand ${outcome.mayDemand.join(', ')}; the first update tells, and later dry runs show it`);
      }
      break;
    case 'failed':
      io.out(`  result:       ✖ failed ${outcome.code}${outcome.field ? ` (${outcome.field})` : ''}: ${outcome.message}`);
      break;
    case 'rejected':
      io.out(`  result:       ✖ rejected ${outcome.code}: ${outcome.message} — nothing sent`);
      for (const p of outcome.problems.slice(1)) io.out(`                ${p.code}: ${p.message}`);
      break;
  }
}

function reason(source: string): string {
  switch (source) {
    case 'layout':
      return "required by the record's layout, which the org enforces";
    case 'configured':
      return 'configured as required';
    case 'learned':
      return 'Zoho asked for it (MANDATORY_NOT_FOUND)';
    case 'profile':
      return 'Zoho asked for it in an earlier run (org profile)';
    default:
      return source;
  }
}

/** One record's outcome as plain JSON for `--json`: what changed, what was re-included, how it ended. */
export function outcomeSummary(outcome: RecordOutcome): Record<string, unknown> {
  const failure = outcome.state === 'failed' || outcome.state === 'rejected' ? outcome : undefined;
  return {
    id: outcome.id,
    state: outcome.state,
    ...(failure ? { code: failure.code, message: failure.message } : {}),
    ...(outcome.state === 'updated' ? { attempts: outcome.attempts } : {}),
    changes: outcome.diff.map((d) => ({ field: d.field, from: d.from ?? null, to: d.to ?? null, differs: d.differs !== false })),
    reincluded: outcome.reincluded.map((r) => ({ field: r.field, source: r.source })),
    // What was sent last (a dry run: what would be), so a dry run and the run after it compare.
    ...(outcome.payload ? { payload: outcome.payload } : {}),
    ...(outcome.state === 'planned' && outcome.mayDemand ? { mayDemand: outcome.mayDemand } : {}),
    warnings: outcome.warnings,
  };
}
