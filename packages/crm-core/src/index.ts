export { createZohoClient } from './client.js';
export { ZohoApiError, isZohoApiError, type CoreErrorCode, type ZohoApiErrorCode, type FailedRequest, type ErrorCauseInfo } from './zoho-api-error.js';
export { DEFAULT_OPTIONS } from './options.js';
export {
  orgProfile,
  orgProfileKey,
  fileOrgProfileStore,
  defaultOrgProfilePath,
  type OrgProfile,
  type OrgProfileStore,
  type OrgProfileData,
  type OrgIdentity,
  type ModuleLesson,
  type ModuleMetadataEntry,
  type MetadataKind,
  type Stamped,
} from './org-profile.js';
export type { CallGate, GatedCall } from './call-gate.js';
export { BUILTIN_STEPS, type MiddlewareStack, type CallHeaders, type Middleware, type CallContext, type CallStats, type StepPosition, type BuiltinStep } from './middleware.js';
export type { ZohoPlugin, PluginHost, PluginOptions } from './plugins.js';
export type { TokenRequestEvent } from './token-events.js';
export type { RequestHooks, RequestEvent, ResponseEvent, RequestErrorEvent } from './request-hooks.js';
export { isZohoId, isApiName } from './ids.js';
export { isTriggerName, TRIGGER_NAMES } from './triggers.js';
export {
  where,
  Criteria,
  escapeCriteriaValue,
  CRITERIA_OPERATORS,
  EMPTINESS_OPERATORS,
  SEARCH_OPERATORS,
  MAX_CRITERIA_CONDITIONS,
  type CriteriaOperator,
  type EmptinessOperator,
  type CriteriaScalar,
  type CriteriaCondition,
} from './criteria.js';
export { fieldTypes, type FieldTypes } from './criteria-compare.js';
export { MAX_SEARCH_IN_VALUES } from './search-criteria.js';
export type { SearchQuery } from './search-query.js';
export { sameValue, toUpdateValue, isEmptyValue, isLookupType, isNumberType } from './field-values.js';
export {
  writeRecords,
  writeOutcomeOf,
  errorFacts,
  type WriteOutcome,
  type WriteResult,
  type WriteRecordsOptions,
  type VerifyOptions,
  type LostAnswer,
  type UnsettledReason,
  type ErrorFacts,
  type ThrownWriteOutcome,
  type WriteClient,
} from './write-outcome.js';
export { MAX_IDS_PER_CALL, MAX_FIELDS_PER_CALL, MAX_RECORDS_PER_UPDATE } from './limits.js';
export type {
  ConnectionReport,
  FieldMeta,
  JsonValue,
  LayoutMeta,
  ListRecordsOptions,
  SearchRecordsOptions,
  SignalOptions,
  LogLevelName,
  MetadataOptions,
  PickListValue,
  PlainValue,
  RateLimitInfo,
  RecordData,
  RecordInput,
  RecordResult,
  ScopeReport,
  UpdateRecordsOptions,
  ZohoClient,
  ZohoClientOptions,
  ZohoLogger,
} from './types.js';
