import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { formatZohoDateTime } from '../core/time.js';
import { CRM_ERROR_MESSAGES, invalidData, mandatoryNotFound, zohoError, type ZohoError } from './crm-errors.js';
import type { CrmState } from './crm-state.js';
import type { ModuleDef } from './metadata/field-defs.js';
import { layoutRuleId, moduleId } from './metadata/ids.js';
import { CURRENT_USER, findUser, fullName, userRef, zuidOf } from './org-users.js';
import type { ZohoRecord } from './record-store.js';
import { checkFieldValue, isEmptyValue } from './value-validation.js';

export type WriteOutcome = { ok: true; record: ZohoRecord } | { ok: false; error: ZohoError };

const ID_PATTERN = /^\d{1,19}$/;

/** Keys Zoho accepts in a record body besides field api names. */
function isIgnoredKey(key: string): boolean {
  return key === 'id' || key.startsWith('$') || key === 'Tag';
}

/**
 * Validates one record's fields as Zoho does and returns the values to store. Read-only fields are
 * dropped silently (Zoho ignores them); unknown fields, wrong types and emptied mandatory fields fail.
 */
function checkFields(state: CrmState, module: ModuleDef, payload: JsonObject, index: number): { ok: true; changes: JsonObject } | { ok: false; error: ZohoError } {
  const required = state.requiredFieldSet(module);
  const changes: JsonObject = {};
  for (const [key, value] of Object.entries(payload)) {
    if (isIgnoredKey(key)) continue;
    const jsonPath = `$.data[${index}].${key}`;
    const field = state.field(module, key);
    if (!field) return { ok: false, error: invalidData({ api_name: key, json_path: jsonPath }) };
    if (field.readOnly) continue;
    const checked = checkFieldValue(field, value, jsonPath, state);
    if (!checked.ok) return checked;
    if (required.has(key) && isEmptyValue(checked.value)) return { ok: false, error: mandatoryNotFound(key, jsonPath) };
    changes[key] = checked.value;
  }
  return { ok: true, changes };
}

/** The name strict layout mode's rule goes by in `details.layout_rule`. */
export const STRICT_LAYOUT_RULE_NAME = 'Strict layout';

/**
 * Strict layout mode, as met in production: a layout rule makes the module's strict fields
 * mandatory on every update (its error names the rule, as Zoho's does), and a layout-required
 * field that is empty on the record fails the update until supplied.
 */
function checkStrictLayout(state: CrmState, module: ModuleDef, record: ZohoRecord, changes: JsonObject, index: number): ZohoError | undefined {
  const strict = state.strictFields(module);
  if (!strict) return undefined;
  for (const name of strict) {
    if (isEmptyValue(changes[name])) {
      return mandatoryNotFound(name, `$.data[${index}].${name}`, { name: STRICT_LAYOUT_RULE_NAME, id: layoutRuleId(module) });
    }
  }
  for (const name of state.requiredFields(module)) {
    const value: JsonValue | undefined = name in changes ? changes[name] : record[name];
    if (isEmptyValue(value)) return mandatoryNotFound(name, `$.data[${index}].${name}`);
  }
  return undefined;
}

const uniqueKey = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? (value.trim() === '' ? undefined : value.trim().toLowerCase()) : typeof value === 'number' ? String(value) : undefined;

/**
 * "Do not allow duplicate values" fields: a value another record of the module already holds
 * (ignoring case) fails with DUPLICATE_DATA naming that record, as Zoho's unique fields do.
 */
function checkUnique(state: CrmState, module: ModuleDef, selfId: string | undefined, changes: JsonObject, index: number): ZohoError | undefined {
  for (const name of state.uniqueFields(module)) {
    const wanted = uniqueKey(changes[name]);
    if (wanted === undefined) continue;
    const clashes = state.store.list(module.apiName).filter((r) => r.id !== selfId && uniqueKey(r[name]) === wanted);
    const [first] = clashes;
    if (!first) continue;
    const ownerId = isJsonObject(first['Owner']) && typeof first['Owner']['id'] === 'string' ? first['Owner']['id'] : CURRENT_USER.id;
    const owner = findUser(ownerId) ?? CURRENT_USER;
    return zohoError('DUPLICATE_DATA', CRM_ERROR_MESSAGES.DUPLICATE_DATA, {
      api_name: name,
      json_path: `$.data[${index}].${name}`,
      duplicate_record: {
        id: first.id,
        Owner: { name: fullName(owner), id: owner.id, zuid: zuidOf(owner) },
        module: { api_name: module.apiName, id: moduleId(module) },
      },
      more_records: clashes.length > 1,
    });
  }
  return undefined;
}

function touch(record: ZohoRecord, now: number): void {
  record['Modified_Time'] = formatZohoDateTime(now);
  record['Modified_By'] = userRef(CURRENT_USER);
}

/** One record of an update; `pathId` is the id in the URL of `PUT /{module}/{id}`. */
export function updateRecord(state: CrmState, module: ModuleDef, payload: JsonValue | undefined, index: number, now: number, pathId?: string): WriteOutcome {
  if (!isJsonObject(payload)) {
    return { ok: false, error: invalidData({ json_path: `$.data[${index}]`, expected_data_type: 'jsonobject' }) };
  }
  const rawId = pathId ?? payload['id'];
  const idPath = `$.data[${index}].id`;
  if (rawId === undefined || rawId === null || rawId === '') return { ok: false, error: mandatoryNotFound('id', idPath) };
  const id = typeof rawId === 'number' && Number.isSafeInteger(rawId) ? String(rawId) : rawId;
  if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
    return { ok: false, error: invalidData({ api_name: 'id', json_path: idPath, expected_data_type: 'bigint' }, CRM_ERROR_MESSAGES.INVALID_ID) };
  }
  const existing = state.store.get(module.apiName, id);
  if (!existing) return { ok: false, error: invalidData({ api_name: 'id', json_path: idPath }, CRM_ERROR_MESSAGES.INVALID_ID) };
  const checked = checkFields(state, module, payload, index);
  if (!checked.ok) return checked;
  const strictError = checkStrictLayout(state, module, existing, checked.changes, index) ?? checkUnique(state, module, id, checked.changes, index);
  if (strictError) return { ok: false, error: strictError };
  const updated: ZohoRecord = { ...existing, ...checked.changes, id };
  state.deriveFields(module, updated);
  touch(updated, now);
  state.store.set(module.apiName, updated);
  return { ok: true, record: updated };
}

export function createRecord(state: CrmState, module: ModuleDef, payload: JsonValue | undefined, index: number, now: number): WriteOutcome {
  if (!isJsonObject(payload)) {
    return { ok: false, error: invalidData({ json_path: `$.data[${index}]`, expected_data_type: 'jsonobject' }) };
  }
  const checked = checkFields(state, module, payload, index);
  if (!checked.ok) return checked;
  for (const name of state.requiredFields(module)) {
    if (isEmptyValue(checked.changes[name])) return { ok: false, error: mandatoryNotFound(name, `$.data[${index}].${name}`) };
  }
  const duplicate = checkUnique(state, module, undefined, checked.changes, index);
  if (duplicate) return { ok: false, error: duplicate };
  const me = userRef(CURRENT_USER);
  const stamp = formatZohoDateTime(now);
  const record: ZohoRecord = {
    id: state.nextId(),
    Owner: me,
    ...checked.changes,
    Created_By: me,
    Modified_By: me,
    Created_Time: stamp,
    Modified_Time: stamp,
  };
  state.deriveFields(module, record);
  state.store.set(module.apiName, record);
  return { ok: true, record };
}

/** The per-record success entry Zoho returns for writes. */
export function successEntry(record: ZohoRecord, created: boolean): JsonObject {
  const by = (value: JsonValue | undefined): JsonObject =>
    isJsonObject(value) ? { name: value['name'] ?? '', id: value['id'] ?? '' } : { name: '', id: '' };
  return {
    code: 'SUCCESS',
    details: {
      Modified_Time: record['Modified_Time'] ?? null,
      Modified_By: by(record['Modified_By']),
      Created_Time: record['Created_Time'] ?? null,
      id: record.id,
      Created_By: by(record['Created_By']),
    },
    message: created ? 'record added' : 'record updated',
    status: 'success',
  };
}
