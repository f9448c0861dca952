import { EmulatorError } from '../core/emulator-error.js';

/**
 * Zoho's search criteria: `(Field:operator:value)`, groups joined by `and` / `or`, e.g.
 * `((Lead_Status:equals:Not Contacted)and(Company:starts_with:Zyl))`. Inside a value, `(`, `)`,
 * `,` and `\` are escaped with a backslash; `in` and `between` take comma-separated values. The
 * Search API has no `not_in` (only the JSON criteria of other APIs and COQL do).
 */
export const CRITERIA_OPERATORS = ['equals', 'not_equal', 'starts_with', 'in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];

/**
 * Conditions one search may hold. Zoho's page says 10, but its error says 15 ("no of criterium that
 * can be given exceed the limit 15") and so does its bulk-search description: the server's 15 it is.
 */
export const MAX_CRITERIA = 15;
/** Values one `in` condition may hold. */
export const MAX_IN_VALUES = 100;

export interface CriteriaCondition {
  kind: 'condition';
  field: string;
  operator: CriteriaOperator;
  values: string[];
}
export interface CriteriaGroup {
  kind: 'group';
  join: 'and' | 'or';
  parts: CriteriaNode[];
}
export type CriteriaNode = CriteriaCondition | CriteriaGroup;

export class CriteriaSyntaxError extends EmulatorError {
  override name = 'CriteriaSyntaxError';
  constructor(
    message: string,
    readonly details: { operator?: string; api_name?: string; reason?: string } = {},
  ) {
    super('INVALID_CRITERIA', message);
  }
}

const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/;

class Parser {
  private pos = 0;
  conditions = 0;
  constructor(private readonly text: string) {}

  parse(): CriteriaNode {
    const node = this.expression();
    if (this.pos !== this.text.length) throw new CriteriaSyntaxError(`unexpected text at ${this.pos}`, { reason: 'unexpected text' });
    return node;
  }

  private expression(): CriteriaNode {
    const parts = [this.term()];
    let join: 'and' | 'or' | undefined;
    for (;;) {
      const rest = this.text.slice(this.pos).toLowerCase();
      const next = rest.startsWith('and(') ? 'and' : rest.startsWith('or(') ? 'or' : undefined;
      if (!next) break;
      // Zoho wants explicit parentheses when `and` and `or` are mixed.
      if (join && join !== next) throw new CriteriaSyntaxError('mixed and/or without parentheses', { reason: 'mixed and/or' });
      join = next;
      this.pos += next.length;
      parts.push(this.term());
    }
    return parts.length === 1 ? (parts[0] as CriteriaNode) : { kind: 'group', join: join ?? 'and', parts };
  }

  private term(): CriteriaNode {
    if (this.text[this.pos] !== '(') throw new CriteriaSyntaxError(`expected ( at ${this.pos}`, { reason: 'expected (' });
    this.pos++;
    const node = this.text[this.pos] === '(' ? this.expression() : this.condition();
    if (this.text[this.pos] !== ')') throw new CriteriaSyntaxError(`expected ) at ${this.pos}`, { reason: 'expected )' });
    this.pos++;
    return node;
  }

  private condition(): CriteriaCondition {
    const fieldEnd = this.text.indexOf(':', this.pos);
    if (fieldEnd < 0) throw new CriteriaSyntaxError('expected field:operator:value', { reason: 'expected field:operator:value' });
    const field = this.text.slice(this.pos, fieldEnd);
    if (!FIELD.test(field)) throw new CriteriaSyntaxError(`bad field name ${JSON.stringify(field)}`, { api_name: field });
    const opEnd = this.text.indexOf(':', fieldEnd + 1);
    if (opEnd < 0) throw new CriteriaSyntaxError('expected field:operator:value', { api_name: field, reason: 'expected field:operator:value' });
    const operator = this.text.slice(fieldEnd + 1, opEnd);
    if (!(CRITERIA_OPERATORS as readonly string[]).includes(operator)) throw new CriteriaSyntaxError(`unknown operator ${operator}`, { operator, api_name: field, reason: 'The operator is not valid for the field type' });
    this.pos = opEnd + 1;
    const values: string[] = [];
    let current = '';
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined) throw new CriteriaSyntaxError('unterminated value', { api_name: field, reason: 'unterminated value' });
      if (ch === '\\') {
        const next = this.text[this.pos + 1];
        if (next === undefined) throw new CriteriaSyntaxError('dangling backslash', { api_name: field, reason: 'dangling backslash' });
        current += next;
        this.pos += 2;
        continue;
      }
      if (ch === ')') break;
      if (ch === '(') throw new CriteriaSyntaxError('unescaped ( in a value', { api_name: field, reason: 'unescaped (' });
      if (ch === ',' && (operator === 'in' || operator === 'between')) {
        values.push(current);
        current = '';
        this.pos++;
        continue;
      }
      current += ch;
      this.pos++;
    }
    values.push(current);
    if (operator === 'between' && values.length !== 2) throw new CriteriaSyntaxError('between takes two values', { operator, api_name: field });
    if (operator !== 'between' && operator !== 'in' && values.length !== 1) throw new CriteriaSyntaxError('one value expected', { operator, api_name: field });
    this.conditions++;
    return { kind: 'condition', field, operator: operator as CriteriaOperator, values };
  }
}

/** Parses a criteria string; throws CriteriaSyntaxError. `count` is the number of conditions. */
export function parseCriteria(text: string): { node: CriteriaNode; count: number } {
  const parser = new Parser(text);
  const node = parser.parse();
  return { node, count: parser.conditions };
}

export function criteriaFields(node: CriteriaNode): string[] {
  return node.kind === 'condition' ? [node.field] : node.parts.flatMap(criteriaFields);
}
