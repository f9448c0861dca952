import type { PlainValue } from './core-types.js';

/** A value a caller may put in `changes`; normalised to crm-core's plain-value form before sending. */
export type FieldValue = PlainValue | readonly string[] | Date;

export interface SafeUpdateItem {
  /** Record id: a string of digits. */
  id: string;
  /** Field api name → new value. */
  changes: Readonly<Record<string, FieldValue>>;
}

export type SafeUpdateStrategy = 'optimistic' | 'prefetch';

/**
 * Why Zoho is taken to demand a field the caller did not change: `learned` = Zoho named it in a
 * MANDATORY_NOT_FOUND during this run; `profile` = it did so in an earlier run (the client's org
 * profile); `layout` = the record's own layout marks it required and the org enforces that
 * layout's rules; `configured` = the caller's `requiredFields`.
 */
export type RequiredFieldSource = 'learned' | 'profile' | 'layout' | 'configured';

export interface RequiredField {
  field: string;
  /** The main reason: `learned` first, then `profile`, `layout`, `configured`. */
  source: RequiredFieldSource;
  /** Every reason that applies, in the same order. */
  sources: RequiredFieldSource[];
}

/**
 * A field sent unchanged because Zoho demands it, with the value read for the same batch just
 * before the write. Someone else's change to it between that read and the write is overwritten.
 */
export interface ReincludedField extends RequiredField {
  value: PlainValue;
}

/** One requested change; `from` is present only when the record was read. */
export interface FieldDiff {
  field: string;
  from?: PlainValue;
  to: PlainValue;
  /** False when the record already held this value. Absent when the record was not read. */
  differs?: boolean;
}

export interface ValueProblem {
  field: string;
  code: RejectionCode;
  message: string;
  /** Close field names (UNKNOWN_FIELD) or values (picklists). */
  suggestions?: string[];
}

export type RejectionCode =
  | 'INVALID_ITEM'
  | 'INVALID_ID'
  | 'DUPLICATE_INPUT'
  | 'INVALID_FIELD_NAME'
  | 'UNKNOWN_FIELD'
  | 'READ_ONLY_FIELD'
  | 'INVALID_VALUE'
  | 'REQUIRED_FIELD_CLEARED';

export type RecordState = 'updated' | 'unchanged' | 'failed' | 'rejected' | 'planned';

interface OutcomeBase {
  /** Position of the item in the input. */
  index: number;
  id: string;
  /** Requested changes in plain-value form (empty for rejected items that could not be read). */
  diff: FieldDiff[];
  /** Fields Zoho demands that were sent (or, in a dry run, would be) with the record's current values. */
  reincluded: ReincludedField[];
  /** The last payload sent for this record (in a dry run: the payload that would be sent). */
  payload?: Record<string, PlainValue>;
  /** Update calls that carried this record. */
  attempts: number;
  /** Set when this item repeats the id of an earlier item (see `DUPLICATE_INPUT`). */
  duplicateOf?: number;
  /** Non-fatal remarks, e.g. a required field that is empty on the record. */
  warnings: string[];
}

export interface UpdatedOutcome extends OutcomeBase {
  state: 'updated';
  /** True when an update call's response was lost and a re-read showed the new values. */
  verified?: boolean;
  /** Times the record was sent again after a re-read showed a lost update had not landed. */
  resends?: number;
}

export interface UnchangedOutcome extends OutcomeBase {
  state: 'unchanged';
}

/** Dry runs only: the record would be sent with `payload`. */
export interface PlannedOutcome extends OutcomeBase {
  state: 'planned';
  /**
   * Present when no org profile told what the org demands on update (no earlier run within
   * `metadataTtlMs`): unchanged fields the record's layouts mark required, which Zoho may demand
   * although the payload leaves them out. The first real update tells; later dry runs are exact.
   */
  mayDemand?: string[];
}

export interface FailedOutcome extends OutcomeBase {
  state: 'failed';
  /**
   * Zoho's code (e.g. `INVALID_DATA`, `MANDATORY_NOT_FOUND`), crm-core's code for a failed read,
   * or one of ours: `REQUIRED_FIELD_EMPTY`, `RECORD_NOT_FOUND`, `OUTCOME_UNKNOWN`.
   */
  code: string;
  message: string;
  field?: string;
  details: Record<string, unknown>;
  /**
   * True only with `OUTCOME_UNKNOWN`: an update call carrying this record failed in transport, so
   * Zoho may or may not have applied it. Every other failure means the record was not changed.
   */
  outcomeUnknown: boolean;
}

export interface RejectedOutcome extends OutcomeBase {
  state: 'rejected';
  code: RejectionCode;
  message: string;
  field?: string;
  suggestions?: string[];
  /** Every problem found in the item; `code`/`message`/`field` repeat the first. */
  problems: ValueProblem[];
}

export type RecordOutcome = UpdatedOutcome | UnchangedOutcome | PlannedOutcome | FailedOutcome | RejectedOutcome;

export interface SafeUpdateProgress {
  /** Input items that reached their final state. */
  done: number;
  total: number;
}

export interface SafeUpdateSummary {
  module: string;
  strategy: SafeUpdateStrategy;
  dryRun: boolean;
  /** One outcome per input item, in input order. */
  records: RecordOutcome[];
  counts: Record<RecordState, number>;
  /** Record reads (`getRecords`) and updates (`updateRecords`) this run made; metadata excluded. */
  calls: { reads: number; updates: number };
  /** Fields Zoho demanded during the run (learned, enforced layouts, configured), with their sources. */
  requiredFields: RequiredField[];
  /** Fields Zoho named in MANDATORY_NOT_FOUND during this run. */
  learnedFields: string[];
  /**
   * The client's org profile for this run: `recalled` = it held a lesson on the module from an
   * earlier run, `none` = it held none (the first update tells), `off` = the client keeps no profile.
   */
  profile: 'recalled' | 'none' | 'off';
}
