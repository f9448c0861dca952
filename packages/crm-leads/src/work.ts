import { sameValue } from '@zcrmkit/crm-core';
import type { FieldMeta, PlainValue } from './core-types.js';
import type { FieldDiff, ReincludedField } from './types.js';

/** A valid, distinct record on its way through a run. */
export interface Work {
  index: number;
  id: string;
  changes: Map<string, PlainValue>;
  /** Required fields added to the payload, with their current values. */
  included: Map<string, ReincludedField>;
  /** Values of the latest read of the record, by field (a field asked for but absent is null); absent until read. */
  current: Map<string, unknown> | undefined;
  /** Required fields the record itself has no value for. */
  emptyRequired: Set<string>;
  attempts: number;
  /** Update calls answered MANDATORY_NOT_FOUND for this record (bounded by maxRounds). */
  mandatoryRounds: number;
  /** Sends after a re-read showed that an update whose answer was lost had not landed (bounded by maxResends). */
  resends: number;
  warnings: string[];
  lastPayload?: Record<string, PlainValue>;
  /** Error of the update call whose answer was lost (code, status), for an OUTCOME_UNKNOWN result. */
  lostAnswer?: Record<string, unknown>;
  /** The last MANDATORY_NOT_FOUND answer, kept for the message if the record runs out of rounds. */
  lastMandatory?: { field?: string; details: Record<string, unknown> };
}

export function newWork(index: number, id: string, changes: Map<string, PlainValue>): Work {
  return { index, id, changes, included: new Map(), current: undefined, emptyRequired: new Set(), attempts: 0, mandatoryRounds: 0, resends: 0, warnings: [] };
}

export function buildPayload(work: Work): Record<string, PlainValue> & { id: string } {
  const payload: Record<string, PlainValue> & { id: string } = { id: work.id };
  for (const [name, inc] of work.included) payload[name] = inc.value;
  for (const [name, value] of work.changes) payload[name] = value;
  return payload;
}

/** Each change, with the value read before it and, where `fields` knows the field, whether they differ. */
export function diffOf(work: Work, fields?: ReadonlyMap<string, FieldMeta>): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  for (const [field, to] of work.changes) {
    const diff: FieldDiff = { field, to };
    if (work.current?.has(field)) {
      const from = work.current.get(field);
      diff.from = (from === undefined ? null : from) as FieldDiff['from'];
      const meta = fields?.get(field);
      if (meta && to !== undefined) diff.differs = !sameValue(meta, from, to);
    }
    diffs.push(diff);
  }
  return diffs;
}
