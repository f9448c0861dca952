import { fieldTypes, type Criteria, type RecordData, type ZohoClient } from '@zcrmkit/crm-core';

/**
 * Records of `module` matching `criteria` (all of them without), lazily. Zoho's search stops at
 * 2,000 records and its index lags behind recent writes, so the module is listed (page, then
 * page_token, which Zoho caps at 100,000 records: PAGINATION_LIMIT_EXCEEDED past it) and each
 * record tested with the criteria's own comparison rules, by the module's field types (a date field
 * as dates, text as text, ids exactly); only the fields asked for (and the criteria's) are read.
 */
export async function* matchingRecords(client: ZohoClient, module: string, criteria: Criteria | undefined, fields: readonly string[], signal?: AbortSignal): AsyncGenerator<RecordData> {
  const wanted = [...new Set([...fields, ...(criteria?.fields ?? [])])].filter((f) => f !== 'id');
  const types = criteria ? fieldTypes(await client.getFields(module)) : undefined;
  for await (const record of client.listRecords(module, { fields: wanted, ...(signal ? { signal } : {}) })) {
    if (!criteria || criteria.matches(record, types)) yield record;
  }
}
