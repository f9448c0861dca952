import type { FieldDataType } from './metadata/field-defs.js';
import type { CriteriaOperator } from './search-criteria.js';

// Which operators Zoho's Search API accepts on which field type (Search Records, v8: "Supported
// operators for the data types"); anything else is refused with INVALID_QUERY "invalid operator found".
const ORDERED: readonly CriteriaOperator[] = ['equals', 'not_equal', 'greater_than', 'greater_equal', 'less_than', 'less_equal', 'between', 'in'];

export const OPERATORS_BY_TYPE: Readonly<Record<FieldDataType | 'id', readonly CriteriaOperator[]>> = {
  text: ['equals', 'not_equal', 'starts_with', 'in'],
  email: ['equals', 'not_equal', 'starts_with', 'in'],
  phone: ['equals', 'not_equal', 'starts_with', 'in'],
  website: ['equals', 'not_equal', 'starts_with', 'in'],
  textarea: ['equals', 'not_equal', 'starts_with'],
  picklist: ['equals', 'not_equal', 'in'],
  lookup: ['equals', 'not_equal', 'in'],
  ownerlookup: ['equals', 'not_equal', 'in'],
  boolean: ['equals', 'not_equal'],
  integer: ORDERED,
  bigint: ORDERED,
  currency: ORDERED,
  double: ORDERED,
  date: ORDERED,
  datetime: ORDERED,
  // Records are found by id with equals and in (and the ordered operators, which id lists sort by).
  id: ORDERED,
};

/** Text-like types on which Zoho's `equals` behaves like "contains" (not picklists). */
export const CONTAINS_TYPES: ReadonlySet<FieldDataType> = new Set(['text', 'textarea', 'email', 'phone', 'website']);

export function operatorAllowed(type: FieldDataType | 'id', operator: CriteriaOperator): boolean {
  return OPERATORS_BY_TYPE[type].includes(operator);
}
