import type { ZohoClient } from '@zcrmkit/crm-core';

export type { FieldMeta, JsonValue, LayoutMeta, PlainValue, RecordData, RecordInput, RecordResult, UpdateRecordsOptions } from '@zcrmkit/crm-core';

/**
 * What safe updates need from a crm-core `ZohoClient`: any client with these five methods — the
 * real one or a test double — can be passed in. `concurrency`, when present, is the client's call
 * budget and the default number of batches in flight; `profile`, when present, is where what a
 * run learns about the org is kept for the next one.
 */
export type SafeUpdateClient = Pick<ZohoClient, 'getFields' | 'getLayouts' | 'getRecords' | 'updateRecords' | 'clearMetadataCache'> & Partial<Pick<ZohoClient, 'concurrency' | 'profile'>>;
