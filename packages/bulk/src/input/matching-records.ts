import type { Criteria, RecordData, ZohoClient } from '@zcrmkit/crm-core';

/**
 * Records of `module` matching `criteria` (all of them without), lazily. Zoho's search stops at
 * 2,000 records and its index lags behind recent writes, so the module is listed (page, then
 * page_token: no cap) and each record tested with the criteria's own comparison rules; only the
 * fields asked for (and the criteria's) are read.
 */
export async function* matchingRecords(client: ZohoClient, module: string, criteria: Criteria | undefined, fields: readonly string[], signal?: AbortSignal): AsyncGenerator<RecordData> {
  const wanted = [...new Set([...fields, ...(criteria?.fields ?? [])])].filter((f) => f !== 'id');
  for await (const record of client.listRecords(module, { fields: wanted, ...(signal ? { signal } : {}) })) {
    if (!criteria || criteria.matches(record)) yield record;
  }
}
