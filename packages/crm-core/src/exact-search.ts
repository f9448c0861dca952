import type { Criteria } from './criteria.js';
import type { FieldTypes } from './criteria-compare.js';
import type { RecordData } from './types.js';

/**
 * `searchRecords(…, { exact: true })`: of the records Zoho's search returned, those that really
 * match — its `equals` on text behaves like "contains". `asked` is the caller's field list when the
 * search had to read more (the criteria's fields): the others are dropped from each record.
 */
export async function* keepExactMatches(
  records: AsyncIterable<RecordData>,
  criteria: Criteria,
  types: FieldTypes,
  asked: readonly string[] | undefined,
): AsyncGenerator<RecordData, void, undefined> {
  for await (const record of records) {
    if (!criteria.matches(record, types)) continue;
    yield asked === undefined ? record : pick(record, asked);
  }
}

function pick(record: RecordData, fields: readonly string[]): RecordData {
  const out: RecordData = { id: record.id };
  for (const f of fields) {
    const value = record[f];
    if (value !== undefined) out[f] = value;
  }
  return out;
}
