import { assertApiName } from './ids.js';
import { comparable, compareValues, isEmptyValue, kindOf, type CompareKind, type FieldTypes } from './criteria-compare.js';
import type { JsonValue, RecordData } from './types.js';
import { invalidInput } from './zoho-api-error.js';

/**
 * Operators that take a value: Zoho's search operators, and `not_in`, which `matches()` evaluates
 * but Zoho's Search API does not have (see SEARCH_OPERATORS).
 */
export const CRITERIA_OPERATORS = ['equals', 'not_equal', 'starts_with', 'in', 'not_in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'] as const;
export type CriteriaOperator = (typeof CRITERIA_OPERATORS)[number];
/**
 * Operators without a value, for `matches()` only: Zoho's Search API has no way to ask for empty
 * fields, so a search with them is refused before any request.
 */
export const EMPTINESS_OPERATORS = ['is_empty', 'is_not_empty'] as const;
export type EmptinessOperator = (typeof EMPTINESS_OPERATORS)[number];
/** What Zoho's Search API (`GET /crm/v8/{module}/search`) accepts in `criteria`. */
export const SEARCH_OPERATORS: readonly CriteriaOperator[] = ['equals', 'not_equal', 'starts_with', 'in', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between'];
/** A value inside a condition: text, a number, a boolean; dates as 'YYYY-MM-DD' or ISO 8601 text. */
export type CriteriaScalar = string | number | boolean;

/** Conditions Zoho accepts in one search. */
export const MAX_CRITERIA_CONDITIONS = 10;

export interface CriteriaCondition {
  readonly field: string;
  readonly operator: CriteriaOperator | EmptinessOperator;
  /** Empty for is_empty / is_not_empty. */
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
    if (isEmptiness(operator)) return `(${field}:${operator})`;
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

const isEmptiness = (operator: string): operator is EmptinessOperator => (EMPTINESS_OPERATORS as readonly string[]).includes(operator);

function test(c: CriteriaCondition, record: RecordData, types: FieldTypes | undefined): boolean {
  const raw: JsonValue | undefined = record[c.field];
  if (c.operator === 'is_empty') return isEmptyValue(raw);
  if (c.operator === 'is_not_empty') return !isEmptyValue(raw);
  const kind: CompareKind = kindOf(c.field, types);
  const have = comparable(raw);
  const want = c.values.map(String);
  const first = want[0] ?? '';
  const cmp = (v: string, w: string): number => compareValues(v, w, kind);
  // Equality is the ordering's 0, so `between x and x` and `equals x` never disagree.
  const equal = (v: string, w: string): boolean => cmp(v, w) === 0;
  switch (c.operator) {
    case 'equals':
      return have.some((v) => equal(v, first));
    case 'not_equal':
      return !have.some((v) => equal(v, first));
    case 'starts_with':
      return have.some((v) => v.toLowerCase().startsWith(first.toLowerCase()));
    case 'in':
      return have.some((v) => want.some((w) => equal(v, w)));
    case 'not_in':
      return !have.some((v) => want.some((w) => equal(v, w)));
    case 'greater_than':
      return have.some((v) => cmp(v, first) > 0);
    case 'greater_equal':
      return have.some((v) => cmp(v, first) >= 0);
    case 'less_than':
      return have.some((v) => cmp(v, first) < 0);
    case 'less_equal':
      return have.some((v) => cmp(v, first) <= 0);
    case 'between':
      return have.some((v) => cmp(v, first) >= 0 && cmp(v, want[1] ?? '') <= 0);
  }
}

function evaluate(node: Node, record: RecordData, types: FieldTypes | undefined): boolean {
  if (node.kind === 'condition') return test(node.condition, record, types);
  return node.join === 'and' ? node.parts.every((p) => evaluate(p, record, types)) : node.parts.some((p) => evaluate(p, record, types));
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
   * Whether a record read back from Zoho satisfies the criteria, evaluated here (no request): text
   * without regard to case, lookups and owners by id or name, a list when any item matches, ids
   * exactly. `equals` is exact equality (not the Search API's "contains" on text); `is_empty` /
   * `is_not_empty` see null, a missing field, '' and [] as empty.
   *
   * `types` (`fieldTypes(await client.getFields(module))`) makes ordering follow each field's type:
   * numbers as numbers, date/datetime fields as instants, text as text. Without it (or for fields it
   * does not list) the values decide: integers on both sides exactly (as BigInt), other numbers
   * as numbers, ISO dates ('YYYY-MM-DD…') on both sides as instants, anything else as text.
   */
  matches(record: RecordData, types?: FieldTypes): boolean {
    if (types !== undefined && (types === null || typeof (types as { get?: unknown }).get !== 'function')) {
      throw invalidInput(OPERATION, 'matches(record, types): types must be a Map of field API name to data type, e.g. fieldTypes(await client.getFields(module))');
    }
    return evaluate(this.node, record, types);
  }

  /**
   * The criteria as Zoho's `criteria` text, e.g. `((Lead_Status:equals:Not Contacted)and(Rating:in:Hot,Warm))`.
   * Conditions the Search API lacks render readably (`(Company:is_empty)`); searchRecords refuses them.
   */
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
 * 'Warm'])`, `where('Annual_Revenue', 'between', [1000, 5000])`, `where('Email', 'is_empty')`.
 * A value `'null'` is the text "null", never an empty field: use is_empty for that.
 */
export function where(field: string, operator: 'in' | 'not_in', values: readonly CriteriaScalar[]): Criteria;
export function where(field: string, operator: 'between', range: readonly [CriteriaScalar, CriteriaScalar]): Criteria;
export function where(field: string, operator: EmptinessOperator): Criteria;
export function where(field: string, operator: Exclude<CriteriaOperator, 'in' | 'not_in' | 'between'>, value: CriteriaScalar): Criteria;
export function where(field: string, operator: CriteriaOperator | EmptinessOperator, value?: CriteriaScalar | readonly CriteriaScalar[]): Criteria {
  assertApiName(OPERATION, field);
  if (isEmptiness(operator)) {
    if (value !== undefined) throw invalidInput(OPERATION, `${operator} on ${field} takes no value`, { field });
    return Criteria.of({ kind: 'condition', condition: { field, operator, values: [] } });
  }
  if (!(CRITERIA_OPERATORS as readonly string[]).includes(operator)) {
    throw invalidInput(OPERATION, `operator for ${field} must be one of ${[...CRITERIA_OPERATORS, ...EMPTINESS_OPERATORS].join(', ')}, got ${JSON.stringify(operator)}`, { field });
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
