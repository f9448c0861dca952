import type { ZohoClient } from '@zcrmkit/crm-core';
import { checkUpdateItems, suggestNames } from '@zcrmkit/crm-leads';
import { BulkError, type BulkProblem } from '../bulk-error.js';
import type { CheckedInput } from '../input/checked-input.js';
import { ProblemList } from '../input/problem-list.js';

/**
 * The second pass: every value against the field metadata, before the first update is sent. The
 * columns come first — an unknown or read-only column is one problem, with one hint, not one per
 * row — then the rows, group by group. Returns false when `signal` stopped it.
 */
export async function checkValues(client: ZohoClient, module: string, input: CheckedInput, groupSize: number, signal: AbortSignal | undefined): Promise<boolean> {
  if (input.fields !== undefined) {
    const meta = new Map((await client.getFields(module, signal ? { signal } : {})).map((f) => [f.apiName, f]));
    const problems: BulkProblem[] = [];
    for (const field of input.fields) {
      const known = meta.get(field);
      if (!known) {
        const hints = suggestNames(field, meta.keys());
        problems.push({ line: 1, field, message: `column ${field}: ${module} has no field ${field}${hints.length > 0 ? `; did you mean ${hints.join(' or ')}?` : ''}` });
      } else if (known.readOnly) {
        problems.push({ line: 1, field, message: `column ${field}: ${field} is read-only in ${module}; remove the column` });
      }
    }
    if (problems.length > 0) throw new BulkError('VALUES_INVALID', `${problems.length} column${problems.length === 1 ? '' : 's'} cannot be updated; nothing was sent`, { problems });
  }
  const problems = new ProblemList();
  let rejectedRows = 0;
  for await (const rows of input.groups(groupSize)) {
    if (signal?.aborted) return false;
    const rejected = await checkUpdateItems(client, module, rows.map((r) => ({ id: r.id, changes: r.changes })));
    for (const o of rejected) {
      rejectedRows++;
      const line = rows[o.index]?.line;
      for (const p of o.problems) problems.add({ ...(line !== undefined ? { line } : {}), field: p.field, message: p.message });
    }
  }
  if (signal?.aborted) return false;
  if (rejectedRows > 0) {
    throw new BulkError('VALUES_INVALID', `${rejectedRows} row${rejectedRows === 1 ? '' : 's'} with invalid values; nothing was sent`, { problems: problems.report() });
  }
  return true;
}
