import type { Criteria, RecordData, ZohoClient } from '@zcrmkit/crm-core';

/**
 * Leads matching `criteria`, lazily. Zoho's search stops at 2,000 records and its index lags behind
 * recent writes, so the module is listed (page, then page_token: no cap) and each record tested
 * with the criteria's own comparison rules; only the fields asked for are read.
 */
export async function* matchingLeads(client: ZohoClient, criteria: Criteria | undefined, fields: string[], signal?: AbortSignal): AsyncGenerator<RecordData> {
  const wanted = [...new Set([...fields, ...(criteria?.fields ?? [])])];
  for await (const record of client.listRecords('Leads', { fields: wanted, ...(signal ? { signal } : {}) })) {
    if (!criteria || criteria.matches(record)) yield record;
  }
}
