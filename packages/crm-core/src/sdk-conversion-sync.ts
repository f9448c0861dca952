// The SDK's JSON → object conversion is async throughout (getResponse, findMatch, getData, … each
// awaits the next), though only two of its steps ever wait for anything: importing a model class and
// reading a module's field details. Per record field that is several promises and microtask hops —
// with GC, most of the client's CPU on a 10,000-lead run. This is the same conversion, step for step
// (sdk-conversion-memo.ts's methods and the SDK's own for the rest), without the awaits: when it
// reaches a class not yet imported or a module detail this converter has not read, it stops and says
// what to load (`NeedsLoad`); the caller loads it the SDK's way and starts again, so that every
// object is built by the same code path from the same inputs. sdk-conversion-memo.int.spec.ts checks
// the output against the SDK's own methods.

type Json = Record<string, unknown>;
type Ctor = new (...args: unknown[]) => unknown;

/** Thrown by the synchronous conversion: something must be loaded asynchronously first. */
export class NeedsLoad {
  constructor(readonly load: () => Promise<unknown>) {}
}

export interface SyncConverter {
  commonAPIHandler: { getModuleAPIName(): string | null; setModuleAPIName(name: string | null): void };
  findRatio(className: string, responseJson: unknown): number;
  buildName(name: string): string;
}

export interface SyncConversionParts {
  constants: {
    INTERFACE: string;
    CLASSES: string;
    NAME: string;
    TYPE: string;
    STRUCTURE_NAME: string;
    MODULE: string;
    KEY_VALUES: string;
    KEYS: string;
    SUB_TYPE: string;
    RECORD_NAMESPACE: string;
    LIST_NAMESPACE: string;
    MAP_NAMESPACE: string;
    CHOICE_NAMESPACE: string;
    OBJECT_TYPE: string;
    ARRAY_TYPE: string;
  };
  jsonDetails(): Record<string, Json>;
  /** The model class of `pack` if already imported, else undefined. */
  knownClass(pack: string): Ctor | undefined;
  loadClass(pack: string): Promise<unknown>;
  /** This converter's module detail if it has read it already (NeedsLoad otherwise). */
  moduleDetail(converter: SyncConverter, module: string): unknown;
  RecordClass: Ctor;
  Choice: Ctor;
  preConvert(value: unknown, type: string): unknown;
}

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
/** `Object.keys(o).length > 0` without the array. */
export function hasKeys(o: object): boolean {
  for (const key in o) if (has(o, key)) return true;
  return false;
}

export interface SyncResponseConversion {
  getResponse(converter: SyncConverter, responseJson: unknown, packageName: string): unknown;
  isRecordResponse(converter: SyncConverter, responseJson: Record<string, unknown>, classDetail: Record<string, unknown>, pack: string): unknown;
  getDataValue(converter: SyncConverter, type: string, keyData: unknown, memberDetail: Record<string, unknown>): unknown;
}

/** The SDK's getResponse, isRecordResponse, getDataValue and everything they call, synchronous; each throws NeedsLoad. */
export function syncResponseConversion(parts: SyncConversionParts): SyncResponseConversion {
  const C = parts.constants;
  const listType = C.LIST_NAMESPACE.toLowerCase();
  const mapType = C.MAP_NAMESPACE.toLowerCase();

  function classOf(pack: string): Ctor {
    const known = parts.knownClass(pack);
    if (known) return known;
    throw new NeedsLoad(() => parts.loadClass(pack));
  }

  function getResponse(cv: SyncConverter, responseJson: unknown, packageName: string): unknown {
    let instance: unknown = null;
    if (responseJson == null || responseJson == '' || (responseJson as { length?: unknown }).length == 0) return instance;
    const classDetail = parts.jsonDetails()[packageName] as Json;
    if (has(classDetail, C.INTERFACE) && classDetail[C.INTERFACE]) {
      instance = findMatch(cv, classDetail[C.CLASSES] as string[], responseJson);
    } else {
      const ClassName = classOf(packageName);
      instance = new ClassName();
      if (instance instanceof parts.RecordClass) {
        const moduleAPIName = cv.commonAPIHandler.getModuleAPIName();
        instance = isRecordResponse(cv, responseJson as Json, classDetail, packageName);
        cv.commonAPIHandler.setModuleAPIName(moduleAPIName);
      } else {
        instance = notRecordResponse(cv, instance, responseJson as Json, classDetail);
      }
    }
    return instance;
  }

  function notRecordResponse(cv: SyncConverter, instance: unknown, responseJSON: Json, classDetail: Json): unknown {
    for (const memberName in classDetail) {
      const keyDetail = classDetail[memberName] as Json;
      const keyName = has(keyDetail, C.NAME) ? (keyDetail[C.NAME] as string) : null;
      if (keyName != null && has(responseJSON, keyName) && responseJSON[keyName] !== null) {
        const memberValue = getData(cv, responseJSON[keyName], keyDetail);
        Reflect.set(instance as object, memberName, memberValue);
      }
    }
    return instance;
  }

  function isRecordResponse(cv: SyncConverter, responseJson: Json, classDetail: Json, pack: string): unknown {
    const ClassName = classOf(pack);
    const recordInstance = new ClassName();
    const moduleAPIName = cv.commonAPIHandler.getModuleAPIName();
    let moduleDetail = {} as Json | null;
    if (moduleAPIName != null) {
      cv.commonAPIHandler.setModuleAPIName(null);
      moduleDetail = parts.moduleDetail(cv, moduleAPIName) as Json | null;
    }
    for (const key in classDetail) {
      if (moduleDetail == null) moduleDetail = {};
      moduleDetail[key] = classDetail[key];
    }
    const recordDetail = parts.jsonDetails()[C.RECORD_NAMESPACE] as Json;
    const keyValues = new Map<string, unknown>();
    for (let keyName in responseJson) {
      const memberName = cv.buildName(keyName);
      let keyDetail = {} as Json;
      // The SDK asks first whether the module detail has any key at all (`Object.keys(…).length > 0`,
      // some hundred names listed for every key of every record), then whether it has this one: an
      // object with this own key has a key (its keys are JSON data: all enumerable), so the second
      // question alone gives the same answer.
      if (moduleDetail != null && (has(moduleDetail, keyName) || has(moduleDetail, memberName))) {
        keyDetail = (has(moduleDetail, keyName) ? moduleDetail[keyName] : moduleDetail[memberName]) as Json;
      } else if (has(recordDetail, memberName)) {
        keyDetail = recordDetail[memberName] as Json;
      }
      let keyValue: unknown = null;
      const keyData = responseJson[keyName];
      if (keyDetail != null && hasKeys(keyDetail)) {
        keyName = keyDetail[C.NAME] as string;
        keyValue = getData(cv, keyData, keyDetail);
      } else {
        keyValue = redirectorForJSONToObject(cv, keyData);
      }
      keyValues.set(keyName, keyValue);
    }
    Reflect.set(recordInstance as object, C.KEY_VALUES, keyValues);
    return recordInstance;
  }

  function getData(cv: SyncConverter, keyData: unknown, memberDetail: Json): unknown {
    let memberValue: unknown = null;
    if (keyData != null) {
      const type = (memberDetail[C.TYPE] as { toString(): string }).toString();
      memberValue = getDataValue(cv, type, keyData, memberDetail);
    }
    return memberValue;
  }

  function getDataValue(cv: SyncConverter, type: string, keyData: unknown, memberDetail: Json): unknown {
    const lower = type.toLowerCase();
    if (lower == listType) return getCollectionsData(cv, keyData as unknown[], memberDetail);
    if (lower == mapType) return getMapData(cv, keyData as Json, memberDetail);
    if (type == C.CHOICE_NAMESPACE || (has(memberDetail, C.STRUCTURE_NAME) && memberDetail[C.STRUCTURE_NAME] == C.CHOICE_NAMESPACE)) return new parts.Choice(keyData);
    if (has(memberDetail, C.STRUCTURE_NAME) && has(memberDetail, C.MODULE)) {
      const moduleDetail = parts.moduleDetail(cv, memberDetail[C.MODULE] as string);
      return isRecordResponse(cv, keyData as Json, moduleDetail as Json, memberDetail[C.STRUCTURE_NAME] as string);
    }
    if (has(memberDetail, C.STRUCTURE_NAME)) return getResponse(cv, keyData, memberDetail[C.STRUCTURE_NAME] as string);
    return parts.preConvert(keyData, lower);
  }

  function getMapData(cv: SyncConverter, response: Json, memberDetail: Json | null): Map<string, unknown> {
    const mapInstance = new Map<string, unknown>();
    if (hasKeys(response)) {
      if (memberDetail == null || (memberDetail != null && !has(memberDetail, C.KEYS))) {
        for (const key in response) mapInstance.set(key, redirectorForJSONToObject(cv, response[key]));
      } else if (has(memberDetail, C.KEYS)) {
        const keysDetail = memberDetail[C.KEYS] as Json[];
        for (let keyIndex = 0; keyIndex < keysDetail.length; keyIndex++) {
          const keyDetail = keysDetail[keyIndex] as Json;
          const keyName = keyDetail[C.NAME] as string;
          if (has(response, keyName) && response[keyName] != null) mapInstance.set(keyName, getData(cv, response[keyName], keyDetail));
        }
      }
    }
    return mapInstance;
  }

  function getCollectionsData(cv: SyncConverter, responses: unknown[], memberDetail: Json | null): unknown[] {
    const values: unknown[] = [];
    if (responses.length > 0) {
      if (memberDetail == null || (memberDetail != null && !has(memberDetail, C.STRUCTURE_NAME))) {
        if (memberDetail != null && has(memberDetail, C.SUB_TYPE)) {
          const subType = memberDetail[C.SUB_TYPE] as Json;
          const type = subType[C.TYPE] as string;
          if (type == C.CHOICE_NAMESPACE) {
            for (const response of responses) values.push(new parts.Choice(response));
          } else {
            for (const response of responses) values.push(getDataValue(cv, type, response, memberDetail));
          }
        } else {
          for (const response of responses) values.push(redirectorForJSONToObject(cv, response));
        }
      } else {
        const pack = memberDetail[C.STRUCTURE_NAME] as string;
        if (pack == C.CHOICE_NAMESPACE) {
          for (const response of responses) values.push(new parts.Choice(response));
        } else if (has(memberDetail, C.MODULE) && memberDetail[C.MODULE] != null) {
          for (const response of responses) values.push(isRecordResponse(cv, response as Json, parts.moduleDetail(cv, memberDetail[C.MODULE] as string) as Json, pack));
        } else {
          for (const response of responses) values.push(getResponse(cv, response, pack));
        }
      }
    }
    return values;
  }

  function redirectorForJSONToObject(cv: SyncConverter, keyData: unknown): unknown {
    const type = Object.prototype.toString.call(keyData);
    if (type == C.OBJECT_TYPE) return getMapData(cv, keyData as Json, null);
    if (type == C.ARRAY_TYPE) return getCollectionsData(cv, keyData as unknown[], null);
    return keyData;
  }

  function findMatch(cv: SyncConverter, classes: string[], responseJson: unknown): unknown {
    let pack = '';
    let ratio = 0;
    for (const className of classes) {
      const matchRatio = cv.findRatio(className, responseJson);
      if (matchRatio == 1.0) {
        pack = className;
        ratio = 1;
        break;
      } else if (matchRatio > ratio) {
        ratio = matchRatio;
        pack = className;
      }
    }
    return getResponse(cv, responseJson, pack);
  }

  return { getResponse, isRecordResponse, getDataValue };
}
