import { ZcrmkitError } from '@zcrmkit/config';
import type { Criteria, CriteriaOperator, EmptinessOperator } from '@zcrmkit/crm-core';

export interface WhereProblem {
  option: '--where' | '--set';
  text: string;
  message: string;
}

export interface ParsedWhere {
  field: string;
  operator: CriteriaOperator | EmptinessOperator;
  values: string[];
}

const OPERATORS: readonly CriteriaOperator[] = ['equals', 'not_equal', 'starts_with', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];
const EMPTINESS: readonly EmptinessOperator[] = ['is_empty', 'is_not_empty'];
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * `Field:operator:value` — the value is everything after the second colon, taken literally (it
 * may hold colons, parentheses, `&` …); `in`, `not_in` and `between` split it on commas.
 * `Field:is_empty` and `Field:is_not_empty` take no value.
 */
export function parseWhereOption(text: string): ParsedWhere | WhereProblem {
  const first = text.indexOf(':');
  const bare = first < 0 ? '' : text.slice(first + 1).trim();
  if ((EMPTINESS as readonly string[]).includes(bare)) {
    const field = text.slice(0, first).trim();
    if (!API_NAME.test(field)) return { option: '--where', text, message: `"${field}" is not a field API name (letters, digits and _)` };
    return { field, operator: bare as EmptinessOperator, values: [] };
  }
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first < 0 || second < 0) return { option: '--where', text, message: 'expected Field:operator:value, e.g. "Lead_Status:equals:Not Contacted"' };
  const field = text.slice(0, first).trim();
  const operator = text.slice(first + 1, second).trim();
  const value = text.slice(second + 1);
  if (!API_NAME.test(field)) return { option: '--where', text, message: `"${field}" is not a field API name (letters, digits and _)` };
  if ((EMPTINESS as readonly string[]).includes(operator)) return { option: '--where', text, message: `${operator} takes no value: write ${field}:${operator}` };
  if (!(OPERATORS as readonly string[]).includes(operator)) return { option: '--where', text, message: `unknown operator "${operator}"; use one of ${[...OPERATORS, ...EMPTINESS].join(', ')}` };
  const list = operator === 'in' || operator === 'not_in' || operator === 'between';
  const values = list ? value.split(',') : [value];
  if (operator === 'between' && values.length !== 2) return { option: '--where', text, message: 'between takes two values: Field:between:from,to' };
  if (values.some((v) => v === '')) return { option: '--where', text, message: `empty value; to find empty fields write ${field}:is_empty` };
  return { field, operator: operator as CriteriaOperator, values };
}

/** `Field=Value`; the literal `null` clears the field (as in a CSV cell). */
export function parseSetOption(text: string): { field: string; value: string | null } | WhereProblem {
  const eq = text.indexOf('=');
  if (eq <= 0) return { option: '--set', text, message: 'expected Field=Value, e.g. Lead_Status=Contacted' };
  const field = text.slice(0, eq).trim();
  if (!API_NAME.test(field)) return { option: '--set', text, message: `"${field}" is not a field API name (letters, digits and _)` };
  const value = text.slice(eq + 1);
  if (value === '') return { option: '--set', text, message: `no value for ${field}; write ${field}=null to clear it` };
  return { field, value: value === 'null' ? null : value };
}

export function isProblem(value: unknown): value is WhereProblem {
  return typeof value === 'object' && value !== null && 'message' in value && 'option' in value;
}

/** Every --where, ANDed, as crm-core criteria (built with where(), never by pasting text). */
export async function buildCriteria(parsed: ParsedWhere[]): Promise<Criteria> {
  const { where } = await import('@zcrmkit/crm-core');
  const each = parsed.map((p) =>
    p.operator === 'is_empty' || p.operator === 'is_not_empty'
      ? where(p.field, p.operator)
      : p.operator === 'in' || p.operator === 'not_in'
      ? where(p.field, p.operator, p.values)
      : p.operator === 'between'
        ? where(p.field, 'between', [p.values[0] as string, p.values[1] as string])
        : where(p.field, p.operator, p.values[0] as string),
  );
  const [first, ...rest] = each;
  if (!first) throw new ZcrmkitError('INVALID_OPTION', 'no --where given');
  return rest.length === 0 ? first : first.and(...rest);
}
