import { hasKeys } from './sdk-conversion-sync.js';
import type { ValueCheckSync } from './sdk-import-memo.js';

// The SDK's object → JSON conversion of a request body (formRequest → isNotRecordRequest for the
// BodyWrapper → setJSONArray → formRequest → isRecordRequest per record → valueChecker and setData
// per field) awaits at every step, though only two things in it ever wait: a module's field details
// and a model class (or the initializer) for valueChecker. Per record written that was ~15 promises
// and microtask hops, and isRecordRequest also scans every field of the module's metadata for its
// required and primary keys, and lists the module's keys again for each field it writes. This is the
// same conversion, step for step (SDK 2.0.0, pinned), without the awaits: where it reaches something
// not loaded it throws NeedsLoad, and the caller (sdk-conversion-memo.ts) puts back what the attempt
// changed, loads it the SDK's way and starts again. The required and primary keys of a module detail
// are worked out once and kept while the detail holds the same keys with the same detail objects.
// sdk-request-sync.int.spec.ts checks bodies and errors against the SDK's own methods.

type Json = Record<string, unknown>;
type Ctor = new (...args: unknown[]) => unknown;

export interface SyncRequestConverter {
  commonAPIHandler: { getModuleAPIName(): string | null; setModuleAPIName(name: string | null): void; getAPIPath(): string };
  uniqueValuesMap: Record<string, unknown[]>;
  buildName(name: string): string;
  getFileName(name: string): string;
  checkException(
    memberName: string | null,
    requestInstance: unknown,
    instanceNumber: number | null,
    lookUp: unknown,
    requiredKeys: Map<string, boolean>,
    primaryKeys: Map<string, boolean>,
    requiredInUpdateKeys: Map<string, boolean>,
  ): boolean;
}

export interface SyncRequestParts {
  constants: {
    INTERFACE: string;
    CLASSES: string;
    LOOKUP: string;
    SKIP_MANDATORY: string;
    NAME: string;
    READ_ONLY: string;
    REQUIRED: string;
    PRIMARY: string;
    REQUIRED_IN_UPDATE: string;
    BODY: string;
    FUNCTIONS_PATH: string;
    FUNCTIONS: string;
    RECORD_NAMESPACE: string;
    KEY_VALUES: string;
    KEY_MODIFIED: string;
    TYPE: string;
    STRUCTURE_NAME: string;
    ARRAY_KEY: string;
    PRIMITIVE_TYPES: readonly string[];
    LIST_NAMESPACE: string;
    MAP_NAMESPACE: string;
    CHOICE_NAMESPACE: string;
    MODULE: string;
    KEYS: string;
    SUB_TYPE: string;
    EXCEPTION_IS_KEY_MODIFIED: string;
    UNIQUE: string;
  };
  jsonDetails(): Record<string, Json>;
  /** This converter's module detail if it has read it already (NeedsLoad otherwise). */
  moduleDetail(converter: SyncRequestConverter, module: string): unknown;
  RecordClass: Ctor;
  Choice: Ctor;
  SDKException: new (code: unknown, message: unknown, details?: unknown, cause?: unknown) => Error;
  postConvert(value: unknown, type: string): unknown;
  valueCheck: ValueCheckSync;
}

export interface SyncRequestConversion {
  formRequest(converter: SyncRequestConverter, requestInstance: unknown, pack: string, instanceNumber: number | null, memberDetail: Json | null): unknown;
}

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
const NONE: readonly string[] = [];
/** Handed to checkException, which only reads it. */
const EMPTY: Map<string, boolean> = new Map();
/** Handed to valueChecker for a field not marked unique, where it is not used. */
const UNTOUCHED = Object.freeze(new Map());
const asMap = (keys: readonly string[]): Map<string, boolean> => (keys.length === 0 ? EMPTY : new Map(keys.map((k) => [k, true])));

interface MandatoryKeys {
  classDetail: Json;
  keys: string[];
  details: unknown[];
  classKeys: string[];
  classDetails: unknown[];
  required: readonly string[];
  primary: readonly string[];
}

/** The SDK's isRecordRequest, formRequest and everything they call, synchronous; each throws NeedsLoad. */
export function syncRequestConversion(parts: SyncRequestParts): SyncRequestConversion {
  const C = parts.constants;
  const listType = C.LIST_NAMESPACE.toLowerCase();
  const mapType = C.MAP_NAMESPACE.toLowerCase();
  const bodyKey = C.BODY.toLowerCase();

  // Kept per module detail object. Valid while the detail (and the record class detail) hold the same
  // keys, in the same order, bound to the same detail objects: the SDK adds keys to a module detail
  // (isRecordResponse copies the record class's members into it) but never edits a field's detail.
  const mandatory = new WeakMap<object, MandatoryKeys>();
  function sameEntries(detail: Json, keys: string[], details: unknown[]): boolean {
    let i = 0;
    for (const key in detail) {
      if (!has(detail, key)) continue;
      if (keys[i] !== key || details[i] !== detail[key]) return false;
      i++;
    }
    return i === keys.length;
  }
  // The SDK's loops over Object.keys(moduleDetail) and Object.keys(classDetail).
  function mandatoryKeys(moduleDetail: Json, classDetail: Json): MandatoryKeys {
    const kept = moduleDetail != null ? mandatory.get(moduleDetail) : undefined;
    if (kept && kept.classDetail === classDetail && sameEntries(moduleDetail, kept.keys, kept.details) && sameEntries(classDetail, kept.classKeys, kept.classDetails)) return kept;
    const requiredKeys = new Map<string, boolean>();
    const primaryKeys = new Map<string, boolean>();
    const keys = Object.keys(moduleDetail);
    for (const keyName of keys) {
      const keyDetail = moduleDetail[keyName] as Json | null;
      if (keyDetail != null && has(keyDetail, C.NAME)) {
        const name = keyDetail[C.NAME] as string;
        if (has(keyDetail, C.REQUIRED) && keyDetail[C.REQUIRED] == true) requiredKeys.set(name, true);
        if (has(keyDetail, C.PRIMARY) && keyDetail[C.PRIMARY] == true) primaryKeys.set(name, true);
      }
    }
    const classKeys = Object.keys(classDetail);
    for (const keyName of classKeys) {
      const keyDetail = classDetail[keyName] as Json;
      const name = keyDetail[C.NAME] as string;
      if (has(keyDetail, C.REQUIRED) && keyDetail[C.REQUIRED] == true) requiredKeys.set(name, true);
      if (has(keyDetail, C.PRIMARY) && keyDetail[C.PRIMARY] == true) primaryKeys.set(name, true);
    }
    const computed: MandatoryKeys = {
      classDetail,
      keys,
      details: keys.map((k) => moduleDetail[k]),
      classKeys,
      classDetails: classKeys.map((k) => classDetail[k]),
      required: [...requiredKeys.keys()],
      primary: [...primaryKeys.keys()],
    };
    mandatory.set(moduleDetail, computed);
    return computed;
  }

  let keyIndex: { details: Record<string, Json>; byClass: Map<string, string | null> } | undefined;
  function keyINJSONDetails(className: string): string | null {
    const jsondetails = parts.jsonDetails();
    if (keyIndex?.details !== jsondetails) keyIndex = { details: jsondetails, byClass: new Map() };
    const known = keyIndex.byClass.get(className);
    if (known !== undefined) return known;
    let found: string | null = null;
    for (const key in jsondetails) {
      const arr = key.split('/');
      let fileName = arr[arr.length - 1] as string;
      fileName = fileName.split('_').join('');
      if (fileName.toLowerCase() == className.toLowerCase()) {
        found = key;
        break;
      }
    }
    keyIndex.byClass.set(className, found);
    return found;
  }

  // The SDK's prologue of isNotRecordRequest and isRecordRequest: what the member holding this value says.
  function memberFlags(cv: SyncRequestConverter, memberDetail: Json | null): { lookUp: unknown; skipMandatory: unknown; classMemberName: string | null } {
    if (memberDetail == null) return { lookUp: false, skipMandatory: false, classMemberName: null };
    return {
      lookUp: has(memberDetail, C.LOOKUP) ? memberDetail[C.LOOKUP] : false,
      skipMandatory: has(memberDetail, C.SKIP_MANDATORY) ? memberDetail[C.SKIP_MANDATORY] : false,
      classMemberName: cv.buildName(memberDetail[C.NAME] as string),
    };
  }

  function formRequest(cv: SyncRequestConverter, requestInstance: unknown, pack: string, instanceNumber: number | null, memberDetail: Json | null): unknown {
    let classDetail = parts.jsonDetails()[pack] as Json;
    if (has(classDetail, C.INTERFACE) && classDetail[C.INTERFACE]) {
      const classes = classDetail[C.CLASSES] as Record<string, string>;
      const baseName = pack.split('/').slice(0, -1);
      const className = cv.getFileName((requestInstance as object).constructor.name);
      baseName.push(className);
      const fileName = (requestInstance as object).constructor.name.split(/(?=[A-Z])/);
      baseName[5] = (fileName[0] as string).toLowerCase() + '_' + (fileName[1] as string).toLowerCase() + 's';
      const requestObjectClassName = baseName.join('/');
      for (const className1 in classes) {
        if ((classes[className1] as string).toLowerCase() == requestObjectClassName) {
          classDetail = parts.jsonDetails()[requestObjectClassName] as Json;
          break;
        }
      }
    }
    if (requestInstance instanceof parts.RecordClass) {
      const moduleAPIName = cv.commonAPIHandler.getModuleAPIName();
      const returnJSON = isRecordRequest(cv, requestInstance, classDetail, instanceNumber, memberDetail);
      cv.commonAPIHandler.setModuleAPIName(moduleAPIName);
      return returnJSON;
    }
    return isNotRecordRequest(cv, requestInstance, classDetail, instanceNumber, memberDetail);
  }

  function isNotRecordRequest(cv: SyncRequestConverter, requestInstance: unknown, classDetail: Json, instanceNumber: number | null, classMemberDetail: Json | null): unknown {
    const { lookUp, skipMandatory, classMemberName } = memberFlags(cv, classMemberDetail);
    const requestJSON: Json = {};
    const primaryKeys = new Map<string, boolean>();
    const requiredKeys = new Map<string, boolean>();
    const requiredInUpdateKeys = new Map<string, boolean>();
    const instance = requestInstance as { isKeyModified(key: string): unknown; constructor: { name: string } };
    for (const memberName in classDetail) {
      let modification: unknown = null;
      const memberDetail = classDetail[memberName] as Json;
      if ((has(memberDetail, C.READ_ONLY) && memberDetail[C.READ_ONLY] == 'true') || !has(memberDetail, C.NAME)) continue;
      const keyName = memberDetail[C.NAME] as string;
      try {
        modification = instance.isKeyModified(keyName);
      } catch (ex) {
        throw new parts.SDKException(C.EXCEPTION_IS_KEY_MODIFIED, null, null, ex);
      }
      if (has(memberDetail, C.REQUIRED) && memberDetail[C.REQUIRED] == true) requiredKeys.set(keyName, true);
      if (has(memberDetail, C.PRIMARY) && memberDetail[C.PRIMARY] == true && (!has(memberDetail, C.REQUIRED_IN_UPDATE) || memberDetail[C.REQUIRED_IN_UPDATE] == true)) primaryKeys.set(keyName, true);
      if (has(memberDetail, C.REQUIRED_IN_UPDATE) && memberDetail[C.REQUIRED_IN_UPDATE] == true) requiredInUpdateKeys.set(keyName, true);
      let fieldValue: unknown = null;
      if (modification != null && modification != 0) {
        fieldValue = Reflect.get(instance, memberName);
        if (fieldValue != null) {
          if (parts.valueCheck(instance.constructor.name, memberName, memberDetail, fieldValue, cv.uniqueValuesMap, instanceNumber)) {
            requiredKeys.delete(keyName);
            primaryKeys.delete(keyName);
            requiredInUpdateKeys.delete(keyName);
          }
        }
        if (keyName.toLowerCase() === bodyKey && cv.commonAPIHandler.getAPIPath().endsWith(C.FUNCTIONS_PATH) && cv.commonAPIHandler.getAPIPath().includes(C.FUNCTIONS)) {
          return setData(cv, memberDetail, fieldValue);
        }
        requestJSON[keyName] = setData(cv, memberDetail, fieldValue);
      }
    }
    if (skipMandatory || cv.checkException(classMemberName, requestInstance, instanceNumber, lookUp, requiredKeys, primaryKeys, requiredInUpdateKeys) === true) return requestJSON;
    return undefined;
  }

  function isRecordRequest(cv: SyncRequestConverter, recordInstance: unknown, classDetail: Json, instanceNumber: number | null, memberDetail: Json | null): Json {
    const { lookUp, skipMandatory, classMemberName } = memberFlags(cv, memberDetail);
    const requestJSON: Json = {};
    let moduleDetail: Json;
    const moduleAPIName = cv.commonAPIHandler.getModuleAPIName();
    if (moduleAPIName != null) {
      cv.commonAPIHandler.setModuleAPIName(null);
      moduleDetail = parts.moduleDetail(cv, moduleAPIName) as Json;
    } else {
      // inner case
      moduleDetail = classDetail;
      classDetail = parts.jsonDetails()[C.RECORD_NAMESPACE] as Json;
    }
    // The SDK builds four Maps per record: the required and primary keys still outstanding, an empty
    // one for checkException, and a record of unique values. checkException only reads its Maps, and
    // valueChecker touches the unique record only for a field marked unique: here the outstanding keys
    // are arrays, made Maps (or the shared empty one) for checkException, and the unique record is
    // made when a unique field needs it.
    let uniqueValues: Map<unknown, unknown> | undefined;
    const record = recordInstance as { constructor: { name: string } };
    const keyValues = Reflect.get(record, C.KEY_VALUES) as Map<string, unknown>;
    const keyModified = Reflect.get(record, C.KEY_MODIFIED) as Map<string, unknown>;
    let requiredKeys: readonly string[] = NONE;
    let primaryKeys: readonly string[] = NONE;
    if (!skipMandatory) {
      // A module missing from the field file (null): Object.keys throws in mandatoryKeys, as in the SDK's loop.
      const keys = mandatoryKeys(moduleDetail, classDetail);
      requiredKeys = keys.required;
      primaryKeys = keys.primary;
    }
    for (const keyName of Array.from(keyModified.keys())) {
      if (keyModified.get(keyName) != 1) continue;
      let keyDetail: Json | null = {};
      const keyValue = keyValues.has(keyName) ? keyValues.get(keyName) : null;
      let jsonValue: unknown = null;
      if (keyValue != null) {
        if (requiredKeys.includes(keyName)) requiredKeys = requiredKeys.filter((k) => k !== keyName);
        if (primaryKeys.includes(keyName)) primaryKeys = primaryKeys.filter((k) => k !== keyName);
      }
      const memberName = cv.buildName(keyName);
      let customHandling = false;
      // The SDK also asks `Object.keys(moduleDetail).length > 0` first: implied by an own key (JSON
      // data: every key enumerable), so asked no more (the module detail may have some hundred keys).
      if (moduleDetail != null && (has(moduleDetail, keyName) || has(moduleDetail, memberName))) {
        keyDetail = (has(moduleDetail, keyName) ? moduleDetail[keyName] : moduleDetail[memberName]) as Json | null;
      } else if (has(classDetail, memberName)) {
        keyDetail = classDetail[memberName] as Json;
      } else {
        customHandling = true;
      }
      if (keyValue != null) {
        if (keyDetail != null && hasKeys(keyDetail)) {
          if ((has(keyDetail, C.READ_ONLY) && (keyDetail[C.READ_ONLY] == true || keyDetail[C.READ_ONLY] == 'true')) || !has(keyDetail, C.NAME)) continue;
          const unique = has(keyDetail, C.UNIQUE) ? (uniqueValues ??= new Map()) : UNTOUCHED;
          if (parts.valueCheck(record.constructor.name, memberName, keyDetail, keyValue, unique as unknown as Record<string, unknown[]>, instanceNumber)) {
            jsonValue = setData(cv, keyDetail, keyValue);
          }
        } else {
          // The SDK replaces an empty or missing detail with a new object: nothing shared is edited.
          keyDetail = {};
          customHandling = true;
          const value = keyValue as { constructor: { name: string } };
          if (customHandling && !Array.isArray(keyValue) && !(keyValue instanceof Map) && !(keyValue instanceof parts.Choice)) {
            const key = keyINJSONDetails(value.constructor.name);
            if (keyValue instanceof Date) {
              if (keyValue.getHours() == 0 && keyValue.getMinutes() == 0 && keyValue.getSeconds() == 0) jsonValue = parts.postConvert(keyValue, 'date');
              else jsonValue = parts.postConvert(keyValue, 'datetime');
            }
            if (C.PRIMITIVE_TYPES.includes(typeof keyValue)) {
              keyDetail[C.TYPE] = typeof keyValue;
              jsonValue = setData(cv, keyDetail, keyValue);
            } else if (key != null) {
              keyDetail[C.STRUCTURE_NAME] = key;
              keyDetail[C.NAME] = keyName;
              keyDetail[C.TYPE] = key;
              jsonValue = setData(cv, keyDetail, keyValue);
            }
          } else if (customHandling && value.constructor.name == C.ARRAY_KEY) {
            const key1 = keyINJSONDetails(((keyValue as unknown[])[0] as { constructor: { name: string } }).constructor.name);
            if (key1 != null) {
              keyDetail[C.STRUCTURE_NAME] = key1;
              keyDetail[C.NAME] = keyName;
              keyDetail[C.TYPE] = key1;
              jsonValue = setJSONArray(cv, keyValue as unknown[], keyDetail);
            } else {
              jsonValue = redirectorForObjectToJSON(cv, keyValue);
            }
          } else {
            jsonValue = redirectorForObjectToJSON(cv, keyValue);
          }
        }
      } else {
        jsonValue = null;
      }
      requestJSON[keyName] = jsonValue;
    }
    if (skipMandatory === true || cv.checkException(classMemberName, recordInstance, instanceNumber, lookUp, asMap(requiredKeys), asMap(primaryKeys), EMPTY)) return requestJSON;
    return requestJSON;
  }

  function setData(cv: SyncRequestConverter, memberDetail: Json, fieldValue: unknown): unknown {
    if (fieldValue != null) {
      const type = (memberDetail[C.TYPE] as { toString(): string }).toString();
      return setDataValue(cv, type, memberDetail, fieldValue);
    }
    return null;
  }

  function setDataValue(cv: SyncRequestConverter, type: string, memberDetail: Json, fieldValue: unknown): unknown {
    const lower = type.toLowerCase();
    if (lower == listType) return setJSONArray(cv, fieldValue as unknown[], memberDetail);
    if (lower == mapType) return setJSONObject(cv, fieldValue as Map<string, unknown>, memberDetail);
    if (type == C.CHOICE_NAMESPACE || (has(memberDetail, C.STRUCTURE_NAME) && memberDetail[C.STRUCTURE_NAME] == C.CHOICE_NAMESPACE)) return (fieldValue as { getValue(): unknown }).getValue();
    if (has(memberDetail, C.STRUCTURE_NAME) && has(memberDetail, C.MODULE)) {
      const moduleDetail = parts.moduleDetail(cv, memberDetail[C.MODULE] as string) as Json;
      return isRecordRequest(cv, fieldValue, moduleDetail, null, memberDetail);
    }
    if (has(memberDetail, C.STRUCTURE_NAME)) return formRequest(cv, fieldValue, memberDetail[C.STRUCTURE_NAME] as string, null, memberDetail);
    return parts.postConvert(fieldValue, lower);
  }

  function setJSONObject(cv: SyncRequestConverter, requestObject: Map<string, unknown>, memberDetail: Json | null): Json {
    const jsonObject: Json = {};
    if (Array.from(requestObject.keys()).length > 0) {
      if (memberDetail == null || (memberDetail != null && !has(memberDetail, C.KEYS))) {
        for (const key of Array.from(requestObject.keys())) jsonObject[key] = redirectorForObjectToJSON(cv, requestObject.get(key));
      } else if (memberDetail !== null && has(memberDetail, C.KEYS)) {
        const keysDetail = memberDetail[C.KEYS] as Json[];
        for (let keyIndex = 0; keyIndex < keysDetail.length; keyIndex++) {
          const keyDetail = keysDetail[keyIndex] as Json;
          const keyName = keyDetail[C.NAME] as string;
          if (requestObject.has(keyName) && requestObject.get(keyName) != null) jsonObject[keyName] = setData(cv, keyDetail, requestObject.get(keyName));
        }
      }
    }
    return jsonObject;
  }

  function setJSONArray(cv: SyncRequestConverter, requestObjects: unknown[], memberDetail: Json | null): unknown[] {
    const jsonArray: unknown[] = [];
    if (requestObjects.length > 0) {
      if (memberDetail == null || (memberDetail != null && !has(memberDetail, C.STRUCTURE_NAME))) {
        if (memberDetail != null && has(memberDetail, C.SUB_TYPE)) {
          const subType = memberDetail[C.SUB_TYPE] as Json;
          const type = subType[C.TYPE] as string;
          if (type == C.CHOICE_NAMESPACE) {
            for (const request of requestObjects) jsonArray.push((request as { getValue(): unknown }).getValue());
          } else {
            for (const request of requestObjects) jsonArray.push(setDataValue(cv, type, memberDetail, request));
          }
        } else {
          for (const request of requestObjects) jsonArray.push(redirectorForObjectToJSON(cv, request));
        }
      } else {
        const pack = (memberDetail[C.STRUCTURE_NAME] as { toString(): string }).toString();
        if (pack == C.CHOICE_NAMESPACE) {
          for (const request of requestObjects) jsonArray.push((request as { getValue(): unknown }).getValue());
        } else if (has(memberDetail, C.MODULE) && memberDetail[C.MODULE] != null) {
          let instanceCount = 0;
          for (const request of requestObjects) jsonArray.push(isRecordRequest(cv, request, parts.moduleDetail(cv, memberDetail[C.MODULE] as string) as Json, instanceCount++, memberDetail));
        } else {
          let instanceCount = 0;
          for (const request of requestObjects) jsonArray.push(formRequest(cv, request, pack, instanceCount++, memberDetail));
        }
      }
    }
    return jsonArray;
  }

  function redirectorForObjectToJSON(cv: SyncRequestConverter, request: unknown): unknown {
    if (Array.isArray(request)) return setJSONArray(cv, request, null);
    if (request instanceof Map) return setJSONObject(cv, request as Map<string, unknown>, null);
    if (request instanceof parts.Choice) return (request as { getValue(): unknown }).getValue();
    return request;
  }

  return { formRequest };
}
