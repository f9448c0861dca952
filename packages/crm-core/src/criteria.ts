import { assertApiName } from './ids.js';
import type { JsonValue, RecordData } from './types.js';
import { invalidInput } from './zoho-api-error.js';

/** Zoho's search operators. */
export const CRITERIA_OPERATORS = ['equals', 'not_equal', 'starts_with', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];
/** A value inside a condition: text, a number, a boolean; dates as 'YYYY-MM-DD' or ISO 8601 text. */
export type CriteriaScalar = string | number | boolean;

/** Conditions Zoho accepts in one search. */
export const MAX_CRITERIA_CONDITIONS = 10;

export interface CriteriaCondition {
  readonly field: string;
  readonly operator: CriteriaOperator;
  readonly values: readonly CriteriaScalar[];
}

type Node = { kind: 'condition'; condition: CriteriaCondition } | { kind: 'group'; join: 'and' | 'or'; parts: readonly Node[] };

const OPERATION = 'criteria';
const LIST_OPERATORS = new Set<CriteriaOperator>(['in', 'not_in']);

/** Zoho's criteria escaping: `(`, `)`, `,` and `\` inside a value get a backslash. */
export function escapeCriteriaValue(value: string): string {
  return value.replace(/[\\(),]/g, (c) => `\\${c}`);
}

/** True when text holds a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function scalarText(field: string, value: unknown): string {
  if (typeof value === 'string') {
    // A control character has no place in a query value and would only hide what is sent.
    if (hasControlCharacter(value)) throw invalidInput(OPERATION, `the value for ${field} contains a control character`, { field });
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidInput(OPERATION, `the value for ${field} must be a finite number, got ${value}`, { field });
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  throw invalidInput(OPERATION, `the value for ${field} must be a string, number or boolean, got ${value === null ? 'null' : typeof value}`, { field });
}

function render(node: Node): string {
  if (node.kind === 'condition') {
    const { field, operator, values } = node.condition;
    return `(${field}:${operator}:${values.map((v) => escapeCriteriaValue(String(v))).join(',')})`;
  }
  return `(${node.parts.map(render).join(node.join)})`;
}

function count(node: Node): number {
  return node.kind === 'condition' ? 1 : node.parts.reduce((n, p) => n + count(p), 0);
}

function conditionsOf(node: Node): CriteriaCondition[] {
  return node.kind === 'condition' ? [node.condition] : node.parts.flatMap(conditionsOf);
}

/** What a record's value reads as in a comparison: lookups and owners by id or name, lists item by item. */
function comparable(value: JsonValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap(comparable);
  if (typeof value === 'object') return [value['id'], value['name']].filter((v): v is string => typeof v === 'string');
  return [String(value)];
}

function ordered(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  if (a !== '' && b !== '' && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  const dx = Date.parse(a);
  const dy = Date.parse(b);
  if (!Number.isNaN(dx) && !Number.isNaN(dy)) return dx - dy;
  return a < b ? -1 : a > b ? 1 : 0;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

function test(c: CriteriaCondition, record: RecordData): boolean {
  const have = comparable(record[c.field]);
  const want = c.values.map(String);
  const first = want[0] ?? '';
  switch (c.operator) {
    case 'equals':
      return have.some((v) => same(v, first));
    case 'not_equal':
      return !have.some((v) => same(v, first));
    case 'starts_with':
      return have.some((v) => v.toLowerCase().startsWith(first.toLowerCase()));
    case 'in':
      return have.some((v) => want.some((w) => same(v, w)));
    case 'not_in':
      return !have.some((v) => want.some((w) => same(v, w)));
    case 'greater_than':
      return have.some((v) => ordered(v, first) > 0);
    case 'greater_equal':
      return have.some((v) => ordered(v, first) >= 0);
    case 'less_than':
      return have.some((v) => ordered(v, first) < 0);
    case 'less_equal':
      return have.some((v) => ordered(v, first) <= 0);
    case 'between':
      return have.some((v) => ordered(v, first) >= 0 && ordered(v, want[1] ?? '') <= 0);
  }
}

function evaluate(node: Node, record: RecordData): boolean {
  if (node.kind === 'condition') return test(node.condition, record);
  return node.join === 'and' ? node.parts.every((p) => evaluate(p, record)) : node.parts.some((p) => evaluate(p, record));
}

/**
 * Search criteria built from (field, operator, value) triples — never from strings pasted together.
 * Field names follow crm-core's one API-name rule; values are escaped as Zoho documents. `toString()`
 * is the `criteria` parameter; crm-core URL-encodes it when it is sent.
 */
export class Criteria {
  private constructor(private readonly node: Node) {
    if (count(node) > MAX_CRITERIA_CONDITIONS) {
      throw invalidInput(OPERATION, `at most ${MAX_CRITERIA_CONDITIONS} conditions per search (Zoho's limit), got ${count(node)}`);
    }
  }

  /** @internal */
  static of(node: Node): Criteria {
    return new Criteria(node);
  }

  /** Both this and every other criteria. */
  and(...others: Criteria[]): Criteria {
    return Criteria.of({ kind: 'group', join: 'and', parts: [this.node, ...others.map(nodeOf)] });
  }

  /** This or any of the others. */
  or(...others: Criteria[]): Criteria {
    return Criteria.of({ kind: 'group', join: 'or', parts: [this.node, ...others.map(nodeOf)] });
  }

  /** Every condition, in order. */
  get conditions(): readonly CriteriaCondition[] {
    return conditionsOf(this.node);
  }

  /** The field API names the criteria read. */
  get fields(): string[] {
    return [...new Set(this.conditions.map((c) => c.field))];
  }

  /**
   * Whether a record read back from Zoho satisfies the criteria, compared as Zoho's search does:
   * text without regard to case, lookups and owners by id or name, numbers and dates in order.
   */
  matches(record: RecordData): boolean {
    return evaluate(this.node, record);
  }

  toString(): string {
    return render(this.node);
  }
}

function nodeOf(criteria: Criteria): Node {
  if (!(criteria instanceof Criteria)) throw invalidInput(OPERATION, 'and()/or() take criteria made with where()');
  return (criteria as unknown as { node: Node }).node;
}

/**
 * One condition: `where('Lead_Status', 'equals', 'Not Contacted')`, `where('Rating', 'in', ['Hot',
 * 'Warm'])`, `where('Annual_Revenue', 'between', [1000, 5000])`.
 */
export function where(field: string, operator: 'in' | 'not_in', values: readonly CriteriaScalar[]): Criteria;
export function where(field: string, operator: 'between', range: readonly [CriteriaScalar, CriteriaScalar]): Criteria;
export function where(field: string, operator: Exclude<CriteriaOperator, 'in' | 'not_in' | 'between'>, value: CriteriaScalar): Criteria;
export function where(field: string, operator: CriteriaOperator, value: CriteriaScalar | readonly CriteriaScalar[]): Criteria {
  assertApiName(OPERATION, field);
  if (!(CRITERIA_OPERATORS as readonly string[]).includes(operator)) {
    throw invalidInput(OPERATION, `operator for ${field} must be one of ${CRITERIA_OPERATORS.join(', ')}, got ${JSON.stringify(operator)}`, { field });
  }
  let values: CriteriaScalar[];
  if (LIST_OPERATORS.has(operator) || operator === 'between') {
    if (!Array.isArray(value)) throw invalidInput(OPERATION, `${operator} on ${field} takes an array of values`, { field });
    values = (value as unknown[]).map((v) => scalarText(field, v));
    if (values.length === 0) throw invalidInput(OPERATION, `${operator} on ${field} needs at least one value`, { field });
    if (operator === 'between' && values.length !== 2) throw invalidInput(OPERATION, `between on ${field} takes [from, to], got ${values.length} values`, { field });
  } else {
    if (Array.isArray(value)) throw invalidInput(OPERATION, `${operator} on ${field} takes one value, not an array`, { field });
    values = [scalarText(field, value)];
  }
  return Criteria.of({ kind: 'condition', condition: { field, operator, values } });
}
