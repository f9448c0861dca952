export { safeUpdateRecords } from './safe-update.js';
export { checkUpdateItems } from './check-items.js';
export { updateLead, updateLeads, LEADS_MODULE } from './leads.js';
export { clearMetadataCache } from './metadata-cache.js';
export { suggest as suggestNames } from './levenshtein.js';
export { controlCharacterAt, codePointName } from './control-characters.js';
export { DEFAULT_REQUIRED_FIELDS, DEFAULT_TRIGGER, MAX_BATCH_SIZE, type SafeUpdateOptions } from './options.js';
export { SafeUpdateError, type SafeUpdateErrorCode } from './safe-update-error.js';
export type { SafeUpdateClient } from './core-types.js';
export type {
  FailedOutcome,
  FieldDiff,
  FieldValue,
  PlannedOutcome,
  RecordOutcome,
  RecordState,
  ReincludedField,
  RejectedOutcome,
  RejectionCode,
  RequiredField,
  RequiredFieldSource,
  SafeUpdateItem,
  SafeUpdateProgress,
  SafeUpdateStrategy,
  SafeUpdateSummary,
  UnchangedOutcome,
  UpdatedOutcome,
  ValueProblem,
} from './types.js';
