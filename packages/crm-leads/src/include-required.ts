import { isEmptyValue, sameValue, toUpdateValue } from '@zcrmkit/crm-core';
import type { RecordData } from './core-types.js';
import type { RequiredField } from './types.js';
import { layoutOf } from './required-fields.js';
import { baseOutcome, demandedFor, settleFailed, type RunContext } from './run-context.js';
import type { Work } from './work.js';

/**
 * Records what was read into `work` and settles the record when no update is needed (unchanged)
 * or possible (missing record). Returns whether the record still needs an update.
 */
export function applyRead(ctx: RunContext, work: Work, record: RecordData | undefined, fields: readonly string[]): boolean {
  if (!record) {
    settleFailed(ctx, work, {
      code: 'RECORD_NOT_FOUND',
      message: `${ctx.module} record ${work.id} does not exist in this org (or this user cannot see it); nothing was sent`,
    });
    return false;
  }
  work.current ??= new Map();
  // A field asked for but absent from the answer is empty on the record.
  for (const name of fields) work.current.set(name, name in record ? record[name] : null);
  const current = work.current;
  let allSame = true;
  for (const [name, to] of work.changes) {
    const meta = ctx.meta.fields.get(name);
    if (meta === undefined || !current.has(name) || !sameValue(meta, current.get(name), to)) {
      allSame = false;
      break;
    }
  }
  if (allSame) {
    ctx.book.settle({ ...baseOutcome(ctx, work), state: 'unchanged' });
    return false;
  }
  return true;
}

/**
 * Puts into the record's payload every unchanged field Zoho demands for it, with the value of the
 * latest read. `read` = a demanded field has not been read yet; `settled` = the record failed (a
 * field Zoho insists on is empty on it).
 */
export function includeDemanded(ctx: RunContext, work: Work): 'ready' | 'read' | 'settled' {
  work.included.clear();
  const demanded = demandedFor(ctx, layoutOf(ctx.meta, work.current));
  for (let i = 0; i < demanded.length; i++) {
    const required = demanded[i] as RequiredField;
    const name = required.field;
    if (work.changes.has(name)) continue;
    if (!work.current?.has(name)) return 'read';
    const meta = ctx.meta.fields.get(name);
    const value = meta ? toUpdateValue(meta, work.current.get(name)) : undefined;
    if (value !== undefined) {
      work.included.set(name, { field: name, source: required.source, sources: required.sources, value });
      continue;
    }
    if (required.sources.includes('learned') || required.sources.includes('profile')) {
      // Zoho has already refused a record without this field: sending would fail too.
      settleFailed(ctx, work, requiredFieldEmpty(ctx, work, name));
      return 'settled';
    }
    if (work.emptyRequired.has(name)) continue;
    work.emptyRequired.add(name);
    const why = isEmptyValue(work.current.get(name)) ? 'is empty on the record' : 'has a value that cannot be sent back';
    work.warnings.push(`${name} (required by ${required.sources.join(', ')}) ${why}; if Zoho insists, supply it in changes`);
  }
  return 'ready';
}

export function requiredFieldEmpty(ctx: RunContext, work: Work, field: string) {
  return {
    code: 'REQUIRED_FIELD_EMPTY',
    field,
    message: `Zoho requires ${field}, which is empty on ${ctx.module} record ${work.id}, so it cannot be re-included; supply ${field} in changes`,
    details: { api_name: field },
  };
}

/**
 * Without a lesson from an earlier run, which unchanged fields Zoho may still demand of a record
 * a dry run leaves out: those its layout (or, when that cannot be told, any layout) marks required.
 */
export function mayBeDemanded(ctx: RunContext, work: Work): string[] {
  const layout = layoutOf(ctx.meta, work.current);
  const names = new Set<string>();
  for (const l of layout ? [layout] : ctx.meta.layouts) {
    for (const name of l.requiredFields) {
      const field = ctx.meta.fields.get(name);
      if (field && !field.readOnly && name !== 'id' && !work.changes.has(name) && !work.included.has(name)) names.add(name);
    }
  }
  return [...names].sort();
}
