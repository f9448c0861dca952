import type { ZohoClient } from '@zcrmkit/crm-core';

export type { FieldMeta, JsonValue, LayoutMeta, PlainValue, RecordData, RecordInput, RecordResult, UpdateRecordsOptions } from '@zcrmkit/crm-core';

/**
 * What safe updates need from a crm-core `ZohoClient`: any client with these four methods — the
 * real one or a test double — can be passed in. `concurrency`, when present, is the client's call
 * budget and the default number of batches in flight.
 */
export type SafeUpdateClient = Pick<ZohoClient, 'getFields' | 'getLayouts' | 'getRecords' | 'updateRecords'> & Partial<Pick<ZohoClient, 'concurrency'>>;
