import { checkValue } from './check-value.js';
import type { FieldMeta, PlainValue } from './core-types.js';
import { isEmptyValue } from '@zcrmkit/crm-core';
import { suggest } from './levenshtein.js';
import { isApiName } from './options.js';
import type { FieldValue, ValueProblem } from './types.js';

export type ChangesCheck =
  | { ok: true; changes: Map<string, PlainValue> }
  | { ok: false; problems: ValueProblem[] };

/**
 * Checks every change of one record against the module's field metadata, so that a typo or a bad
 * value costs this record alone and no API call. Reports all problems, not just the first.
 */
export function validateChanges(
  fields: ReadonlyMap<string, FieldMeta>,
  changes: Readonly<Record<string, FieldValue>>,
): ChangesCheck {
  const problems: ValueProblem[] = [];
  const out = new Map<string, PlainValue>();
  for (const [name, raw] of Object.entries(changes)) {
    if (!isApiName(name)) {
      problems.push({ field: name, code: 'INVALID_FIELD_NAME', message: `${JSON.stringify(name)} is not a field api name` });
      continue;
    }
    const field = fields.get(name);
    if (!field) {
      const suggestions = suggest(name, fields.keys());
      const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(', ')}?` : '';
      problems.push({ field: name, code: 'UNKNOWN_FIELD', message: `${name} is not a field of this module${hint}`, suggestions });
      continue;
    }
    if (field.readOnly || name === 'id') {
      problems.push({ field: name, code: 'READ_ONLY_FIELD', message: `${name} is read-only` });
      continue;
    }
    const check = checkValue(field, raw);
    if (!check.ok) {
      problems.push({
        field: name,
        code: 'INVALID_VALUE',
        message: check.message,
        ...(check.suggestions ? { suggestions: check.suggestions } : {}),
      });
      continue;
    }
    if (field.systemMandatory && isEmptyValue(check.value)) {
      problems.push({ field: name, code: 'REQUIRED_FIELD_CLEARED', message: `${name} is mandatory and cannot be cleared` });
      continue;
    }
    out.set(name, check.value);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, changes: out };
}
