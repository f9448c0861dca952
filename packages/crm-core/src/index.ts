export { createZohoClient } from './client.js';
export { ZohoApiError, isZohoApiError, type CoreErrorCode, type ZohoApiErrorCode, type FailedRequest, type ErrorCauseInfo } from './zoho-api-error.js';
export { DEFAULT_OPTIONS } from './options.js';
export type { CallGate, GatedCall } from './call-gate.js';
export { isZohoId, isApiName } from './ids.js';
export { MAX_IDS_PER_CALL, MAX_FIELDS_PER_CALL, MAX_RECORDS_PER_UPDATE } from './limits.js';
export type {
  ConnectionReport,
  FieldMeta,
  JsonValue,
  LayoutMeta,
  LogLevelName,
  PickListValue,
  PlainValue,
  RecordData,
  RecordInput,
  RecordResult,
  ScopeReport,
  UpdateRecordsOptions,
  ZohoClient,
  ZohoClientOptions,
  ZohoLogger,
} from './types.js';
