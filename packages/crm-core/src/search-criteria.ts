import { SEARCH_OPERATORS, type Criteria } from './criteria.js';
import { invalidInput } from './zoho-api-error.js';

/** Values one `in` condition may hold in a search (Zoho's limit). */
export const MAX_SEARCH_IN_VALUES = 100;

const INSTEAD = 'list the module and filter instead: listRecords() and keep the records for which criteria.matches(record) is true';

/**
 * The `criteria` parameter of a search, or INVALID_INPUT naming the condition Zoho's Search API
 * cannot express — before any request, with what to do instead, where Zoho's own refusal would say
 * neither.
 */
export function searchCriteriaParam(operation: string, criteria: Criteria): string {
  for (const { field, operator, values } of criteria.conditions) {
    if (operator === 'is_empty' || operator === 'is_not_empty') {
      throw invalidInput(operation, `(${field}:${operator}) cannot be searched: Zoho's Search API has no way to find empty or non-empty fields; ${INSTEAD}`, { field, operator });
    }
    if (operator === 'not_in') {
      throw invalidInput(operation, `(${field}:not_in) cannot be searched: Zoho's Search API has no not_in; join not_equal conditions with and(), or ${INSTEAD}`, { field, operator });
    }
    if (!SEARCH_OPERATORS.includes(operator)) throw invalidInput(operation, `(${field}:${operator}) cannot be searched; ${INSTEAD}`, { field, operator });
    if (operator === 'in' && values.length > MAX_SEARCH_IN_VALUES) {
      throw invalidInput(operation, `in on ${field} takes at most ${MAX_SEARCH_IN_VALUES} values in a search (Zoho's limit), got ${values.length}`, { field, operator });
    }
  }
  return criteria.toString();
}
