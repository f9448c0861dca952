import { isEmptyValue, sameValue, toUpdateValue } from './field-values.js';
import type { RecordData } from './core-types.js';
import { baseOutcome, requiredNow, settleFailed, type RunContext } from './run-context.js';
import type { Work } from './work.js';

/**
 * Records what was read into `work`, adds the required fields that have a value, and settles the
 * record when no update is needed (unchanged) or possible (missing record, a field Zoho demands
 * that is empty on the record). Returns whether the record still needs an update.
 */
export function applyRead(ctx: RunContext, work: Work, record: RecordData | undefined, fields: readonly string[]): boolean {
  if (!record) {
    settleFailed(ctx, work, {
      code: 'RECORD_NOT_FOUND',
      message: `${ctx.module} record ${work.id} was not returned when read; nothing was sent`,
    });
    return false;
  }
  work.current ??= new Map();
  for (const name of fields) if (name in record) work.current.set(name, record[name]);

  for (const [name, required] of requiredNow(ctx)) {
    if (work.changes.has(name) || work.included.has(name) || work.emptyRequired.has(name)) continue;
    // A field not asked for in this read says nothing; one asked for but absent is empty.
    if (!work.current.has(name) && !fields.includes(name)) continue;
    const meta = ctx.meta.fields.get(name);
    const value = meta ? toUpdateValue(meta, work.current.get(name)) : undefined;
    if (value !== undefined) {
      work.included.set(name, { ...required, value });
      continue;
    }
    work.emptyRequired.add(name);
    if (required.sources.includes('learned')) {
      // Zoho has already refused a record without this field in this run: sending would fail too.
      settleFailed(ctx, work, requiredFieldEmpty(ctx, work, name));
      return false;
    }
    const why = isEmptyValue(work.current.get(name)) ? 'is empty on the record' : 'has a value that cannot be sent back';
    work.warnings.push(`${name} (required by ${required.sources.join(', ')}) ${why}; if Zoho insists, supply it in changes`);
  }

  const allSame = [...work.changes].every(([name, to]) => {
    const meta = ctx.meta.fields.get(name);
    return meta !== undefined && work.current?.has(name) === true && sameValue(meta, work.current.get(name), to);
  });
  if (allSame) {
    ctx.book.settle({ ...baseOutcome(ctx, work), state: 'unchanged' });
    return false;
  }
  return true;
}

export function requiredFieldEmpty(ctx: RunContext, work: Work, field: string) {
  return {
    code: 'REQUIRED_FIELD_EMPTY',
    field,
    message: `Zoho requires ${field}, which is empty on ${ctx.module} record ${work.id}, so it cannot be re-included; supply ${field} in changes`,
    details: { api_name: field },
  };
}
