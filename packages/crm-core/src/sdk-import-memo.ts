import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { ZohoSdk } from './load-sdk.js';
import { NeedsLoad } from './sdk-conversion-sync.js';
import { memoiseSdkInitializer } from './sdk-initializer-memo.js';
import { sdkModelClasses } from './sdk-model-classes.js';
import { ZohoApiError } from './zoho-api-error.js';

// Four SDK methods run `await import(…)` on every API call, or for every structured value written:
// - `DataCenter.get(apiDomain)`, from `OAuthToken.getToken` on each call: nine imports, then a
//   lookup whose answer depends on the domain string alone (each data center keeps its
//   environments as singletons);
// - `HeaderParamValidator.getJSONDetails`, per parameter or header added: an import of the
//   Initializer module, to read its static `jsonDetails`;
// - `Converter.valueChecker`, per field value written whose type is a class (an owner, a lookup, a
//   list of records): an import of that class, for an `instanceof` check;
// - `RecordOperations.updateRecords`, per update call: an import of body_wrapper.js, for an
//   `instanceof` check (and a require function built to resolve action_handler.js).
// Each import of a loaded module still goes through the ESM loader's resolve and module map, and,
// once crm-core's resolve hook is registered (sdk-slim-import.ts), through the loader's hook thread:
// a round trip per import that a busy machine turns into milliseconds. Here the answers are kept:
// per domain string, the Initializer class itself, and each model class once per name. The rest of
// valueChecker and updateRecords is the SDK 2.0.0 (pinned) body, line for line, with the import
// replaced by the kept class. valueChecker is synchronous at heart (`valueCheckSync`, which the
// synchronous request conversion runs): where a class is not imported yet, or the initializer is not
// known without awaiting, it says so (NeedsLoad) before it has recorded anything, and the async
// method loads that and checks again. sdk-import-memo.int.spec.ts runs the SDK's own and these on
// the same inputs.

type Json = Record<string, unknown>;

interface ConstantsPart {
  NAME: string;
  TYPE: string;
  STRUCTURE_NAME: string;
  SUB_TYPE: string;
  SUB_TYPE_1: string;
  ARRAY_KEY: string;
  OBJECT_KEY: string;
  INTEGER_NAMESPACE: string;
  INVENTORYTEMPLATE: string;
  TEMPLATE: string;
  VALUES: string;
  PICKLIST: string;
  UNIQUE: string;
  MIN_LENGTH: string;
  MAX_LENGTH: string;
  ERROR_HASH_FIELD: string;
  ERROR_HASH_CLASS: string;
  ACCEPTED_TYPE: string;
  GIVEN_TYPE: string;
  INDEX: string;
  TYPE_ERROR: string;
  SDK_UNINITIALIZATION_ERROR: string;
  SDK_UNINITIALIZATION_MESSAGE: string;
  UNIQUE_KEY_ERROR: string;
  FIRST_INDEX: string;
  NEXT_INDEX: string;
  MAXIMUM_LENGTH_ERROR: string;
  MINIMUM_LENGTH_ERROR: string;
  GIVEN_LENGTH: string;
  ERROR_HASH_MAXIMUM_LENGTH: string;
  ERROR_HASH_MINIMUM_LENGTH: string;
  GIVEN_VALUE: string;
  ACCEPTED_VALUES: string;
  UNACCEPTED_VALUES_ERROR: string;
  TYPE_VS_DATATYPE: Map<string, string>;
  SPECIAL_TYPES: Map<string, string>;
}
const STRING_CONSTANTS = [
  'NAME', 'TYPE', 'STRUCTURE_NAME', 'SUB_TYPE', 'SUB_TYPE_1', 'ARRAY_KEY', 'OBJECT_KEY', 'INTEGER_NAMESPACE', 'INVENTORYTEMPLATE', 'TEMPLATE', 'VALUES', 'PICKLIST', 'UNIQUE', 'MIN_LENGTH', 'MAX_LENGTH',
  'ERROR_HASH_FIELD', 'ERROR_HASH_CLASS', 'ACCEPTED_TYPE', 'GIVEN_TYPE', 'INDEX', 'TYPE_ERROR', 'SDK_UNINITIALIZATION_ERROR', 'SDK_UNINITIALIZATION_MESSAGE', 'UNIQUE_KEY_ERROR', 'FIRST_INDEX', 'NEXT_INDEX',
  'MAXIMUM_LENGTH_ERROR', 'MINIMUM_LENGTH_ERROR', 'GIVEN_LENGTH', 'ERROR_HASH_MAXIMUM_LENGTH', 'ERROR_HASH_MINIMUM_LENGTH',
  'GIVEN_VALUE', 'ACCEPTED_VALUES', 'UNACCEPTED_VALUES_ERROR',
] as const;

interface InitializerLike {
  getSDKConfig(): { getPickListValidation(): boolean };
}
interface ConverterProto {
  valueChecker(className: string, memberName: string, keyDetails: Json, value: unknown, uniqueValuesMap: Record<string, unknown[]>, instanceNumber: number | null): Promise<boolean>;
  checkChoiceValue(memberName: string, className: string, instanceNumber: number | null, value: unknown, detailsJO: Json, valuesJA: unknown): Promise<void>;
}
interface OperationsProto {
  moduleAPIName: { toString(): string };
  updateRecords(request: unknown, headerInstance?: unknown): Promise<unknown>;
}
interface HandlerLike {
  setAPIPath(path: string): void;
  setHttpMethod(method: string): void;
  setCategoryMethod(category: string): void;
  setContentType(type: string): void;
  setRequest(request: unknown): void;
  setHeader(header: unknown): void;
  setModuleAPIName(name: unknown): void;
  apiCall(className: string, encodeType: string): Promise<unknown>;
}
interface Parts {
  Record?: { RecordOperations?: { prototype: OperationsProto }; BodyWrapper?: abstract new (...args: never[]) => unknown };
  CommonAPIHandler?: new () => HandlerLike;
  HeaderMap?: abstract new (...args: never[]) => unknown;
  DataCenter?: { get?: (config: unknown) => Promise<unknown> };
  HeaderParamValidator?: { prototype: { getJSONDetails?: () => Promise<unknown> } };
  Converter?: { prototype: ConverterProto };
  Initializer?: { jsonDetails?: unknown; getInitializer(): Promise<InitializerLike | null | undefined> };
  Utility?: { checkInteger(value: unknown): boolean; getFields(module: unknown, handler: unknown): Promise<unknown> };
  SDKException?: new (code: unknown, message: unknown, details?: unknown, cause?: unknown) => Error;
  Constants?: Partial<Record<string, unknown>>;
  Choice?: abstract new (...args: never[]) => unknown;
}

/** The SDK's own methods, for the equivalence spec. */
/**
 * The SDK's `valueChecker`, synchronous: true, or an SDKException as the SDK throws it, or NeedsLoad
 * (a class to import, or the initializer to ask for) before anything is recorded.
 */
export type ValueCheckSync = (
  className: string,
  memberName: string,
  keyDetails: Json,
  value: unknown,
  uniqueValuesMap: Record<string, unknown[]>,
  instanceNumber: number | null,
  initializerOf?: () => InitializerLike | null | undefined,
) => boolean;

export interface OriginalImports {
  updateRecords: OperationsProto['updateRecords'];
  dataCenterGet: (config: unknown) => Promise<unknown>;
  getJSONDetails: () => Promise<unknown>;
  valueChecker: ConverterProto['valueChecker'];
  /** The kept check, synchronous (sdk-request-sync.ts runs it). */
  valueCheckSync: ValueCheckSync;
}

const PATCHED = Symbol.for('@zcrmkit/crm-core.sdk-import-memo');
const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function unsupported(what: string): ZohoApiError {
  return new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: `[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 ${what}; the import memo needs updating` });
}

/** Installs the three memos (once). `sdkEntry` is the SDK's lib/index.js: classes come from the files the SDK's own imports name. */
export function memoiseSdkImports(sdk: ZohoSdk, sdkEntry: string): OriginalImports {
  const parts = sdk as unknown as Parts;
  const { DataCenter, HeaderParamValidator, Converter, Initializer, Utility, SDKException, Constants, Choice } = parts;
  const dataCenterGet = DataCenter?.get;
  const getJSONDetails = HeaderParamValidator?.prototype.getJSONDetails;
  const valueChecker = Converter?.prototype.valueChecker;
  if (!DataCenter || typeof dataCenterGet !== 'function') throw unsupported('no longer has DataCenter.get');
  if (!HeaderParamValidator || typeof getJSONDetails !== 'function') throw unsupported('no longer has HeaderParamValidator.prototype.getJSONDetails');
  if (!Converter || typeof valueChecker !== 'function') throw unsupported('no longer has Converter.prototype.valueChecker');
  const existing = (Converter.prototype as { [PATCHED]?: OriginalImports })[PATCHED];
  if (existing) return existing;
  if (!Initializer || !Utility || typeof SDKException !== 'function' || !Constants || typeof Choice !== 'function') throw unsupported('changed its Initializer, Utility, SDKException, Constants or Choice exports');
  for (const name of STRING_CONSTANTS) if (typeof Constants[name] !== 'string') throw unsupported(`no longer defines Constants.${name}`);
  if (!(Constants['TYPE_VS_DATATYPE'] instanceof Map) || !(Constants['SPECIAL_TYPES'] instanceof Map)) throw unsupported('no longer defines Constants.TYPE_VS_DATATYPE or SPECIAL_TYPES');
  const C = Constants as unknown as ConstantsPart;
  const initializerMemo = memoiseSdkInitializer(sdk);
  const ChoiceClass = Choice as unknown as new (...args: unknown[]) => unknown;
  const SdkException = SDKException;

  // The answer depends on the string alone; a failure is not kept.
  const environments = new Map<string, Promise<unknown>>();
  DataCenter.get = function get(this: unknown, config: unknown): Promise<unknown> {
    if (typeof config !== 'string') return dataCenterGet.call(this, config);
    let kept = environments.get(config);
    if (!kept) {
      kept = dataCenterGet.call(this, config);
      environments.set(config, kept);
      kept.catch(() => environments.delete(config));
    }
    return kept;
  };

  // The SDK reads `Initializer.jsonDetails` from the same module it imports; when unset, it loads it.
  HeaderParamValidator.prototype.getJSONDetails = function getJSONDetailsKept(this: unknown): Promise<unknown> {
    const details = Initializer.jsonDetails;
    return details != null ? Promise.resolve(details) : getJSONDetails.call(this);
  };

  // converter.js imports "../../" + name + ".js" from lib/utils/util/: the same files.
  const classOf = sdkModelClasses(sdkEntry);

  const classKnown = (pack: string): new (...args: unknown[]) => unknown => {
    const known = classOf.known(pack);
    if (known) return known;
    throw new NeedsLoad(() => classOf(pack));
  };
  // valueChecker lower-cases the field's type up to four times per value: once per type string here.
  const lowered = new Map<string, string>();
  const lower = (text: string): string => {
    let found = lowered.get(text);
    if (found === undefined) {
      found = text.toLowerCase();
      if (lowered.size >= 1_000) lowered.clear();
      lowered.set(text, found);
    }
    return found;
  };
  const loadInitializer = (): Promise<unknown> => Initializer.getInitializer();
  const initializerNow = (): InitializerLike | null | undefined => {
    const peeked = initializerMemo.peek();
    if (peeked) return peeked.answer as InitializerLike | null | undefined;
    throw new NeedsLoad(loadInitializer);
  };

  // Synchronous: where a class is not imported yet, or the initializer not known without awaiting,
  // it throws NeedsLoad before it has changed anything (uniqueness is recorded last).
  const valueCheckSync: ValueCheckSync = function valueCheck(className, memberName, keyDetails, value, uniqueValuesMap, instanceNumber, initializerOf = initializerNow) {
    // The SDK makes the error details object up front; here, on the paths that fill it (no closure:
    // this runs per field written).
    let detailsJO: Json | undefined;
    const name = keyDetails[C.NAME] as string;
    let type = keyDetails[C.TYPE] as string;
    const valueType = Object.prototype.toString.call(value);
    let check = true;
    let givenType: string | null = null;
    if (C.TYPE_VS_DATATYPE.has(lower(type))) {
      if (Array.isArray(value) && has(keyDetails, C.STRUCTURE_NAME)) {
        const structureName = keyDetails[C.STRUCTURE_NAME] as string;
        let index = 0;
        const StructureClass = classKnown(structureName);
        for (const data of value) {
          if (!(data instanceof StructureClass)) {
            check = false;
            instanceNumber = index;
            const baseName = structureName.split('/').pop() as string;
            const classNameSplit = baseName.split('_');
            let expectedClassName = '';
            for (let nameIndex = 0; nameIndex < classNameSplit.length; nameIndex++) {
              const fieldName = classNameSplit[nameIndex] as string;
              const firstLetterUppercase = (fieldName[0] as string).toUpperCase() + fieldName.slice(1);
              expectedClassName = expectedClassName.concat(firstLetterUppercase);
            }
            type = C.ARRAY_KEY + '(' + expectedClassName + ')';
            givenType = C.ARRAY_KEY + '(' + (data as object).constructor.name + ')';
            break;
          }
          index = index + 1;
        }
      } else if (Array.isArray(value) && has(keyDetails, C.SUB_TYPE)) {
        let index = 0;
        for (const data of value) {
          const subType = keyDetails[C.SUB_TYPE] as Json;
          const sub_type = subType[C.TYPE] as string;
          let dataType: string | undefined;
          if (lower(sub_type) == C.OBJECT_KEY) {
            check = true;
          } else if (has(subType, C.SUB_TYPE_1)) {
            const subType1 = subType[C.SUB_TYPE_1] as Json;
            const sub_type1 = subType1[C.TYPE] as string;
            if (lower(sub_type1) === C.OBJECT_KEY) check = true;
          } else {
            dataType = C.SPECIAL_TYPES.has(lower(sub_type)) ? C.SPECIAL_TYPES.get(lower(sub_type)) : sub_type;
            if (C.TYPE_VS_DATATYPE.has(lower(dataType as string))) {
              if (sub_type == C.INTEGER_NAMESPACE) check = Utility.checkInteger(data);
              if (Object.prototype.toString.call(data) != C.TYPE_VS_DATATYPE.get(lower(sub_type))) check = false;
            }
          }
          if (!check) {
            instanceNumber = index;
            type = C.ARRAY_KEY + '(' + String(dataType) + ')';
            givenType = C.ARRAY_KEY + '(' + (Object.getPrototypeOf(data) as object).constructor.name + ')';
            break;
          }
          index = index + 1;
        }
      } else if (value != null) {
        check = valueType != C.TYPE_VS_DATATYPE.get(lower(type)) ? false : true;
        if (check && type == C.INTEGER_NAMESPACE) check = Utility.checkInteger(value);
        givenType = (Object.getPrototypeOf(value) as object).constructor.name;
      }
    } else if (value != null && lower(type) !== C.OBJECT_KEY) {
      const expectedStructure = keyDetails[C.TYPE] as string;
      if (expectedStructure == 'TimeZone') {
        check = false;
        if (has(value as object, 'name')) check = true;
      } else {
        const ExpectedClass = classKnown(expectedStructure);
        if (!(value instanceof ExpectedClass)) {
          check = false;
          type = expectedStructure;
          givenType = (value as object).constructor.name;
        }
        if (check == false) {
          if (lower(givenType as string) == C.INVENTORYTEMPLATE && lower(type) == C.TEMPLATE) check = true;
        }
      }
    }
    if (!check) {
      (detailsJO ??= {})[C.ERROR_HASH_FIELD] = name;
      (detailsJO ??= {})[C.ERROR_HASH_CLASS] = className;
      (detailsJO ??= {})[C.ACCEPTED_TYPE] = C.SPECIAL_TYPES.has(lower(type)) ? C.SPECIAL_TYPES.get(lower(type)) : type;
      (detailsJO ??= {})[C.GIVEN_TYPE] = givenType;
      if (instanceNumber != null) (detailsJO ??= {})[C.INDEX] = instanceNumber;
      throw new SDKException(C.TYPE_ERROR, null, (detailsJO ??= {}), null);
    }
    const initializer = initializerOf();
    if (initializer == null || initializer == undefined) throw new SDKException(C.SDK_UNINITIALIZATION_ERROR, C.SDK_UNINITIALIZATION_MESSAGE);
    if (has(keyDetails, C.VALUES) && (!has(keyDetails, C.PICKLIST) || (keyDetails[C.PICKLIST] && initializer.getSDKConfig().getPickListValidation() == true))) {
      const valuesJA = keyDetails[C.VALUES];
      checkChoiceValue(memberName, className, instanceNumber, value, (detailsJO ??= {}), valuesJA as unknown[]);
    }
    if (has(keyDetails, C.UNIQUE)) {
      let valuesArray = uniqueValuesMap[name];
      if (valuesArray != null && valuesArray.includes(value)) {
        (detailsJO ??= {})[C.ERROR_HASH_FIELD] = memberName;
        (detailsJO ??= {})[C.ERROR_HASH_CLASS] = className;
        (detailsJO ??= {})[C.FIRST_INDEX] = valuesArray.indexOf(value);
        (detailsJO ??= {})[C.NEXT_INDEX] = instanceNumber;
        throw new SDKException(C.UNIQUE_KEY_ERROR, null, (detailsJO ??= {}));
      } else {
        if (valuesArray == null) valuesArray = [];
        valuesArray.push(value);
        uniqueValuesMap[name] = valuesArray;
      }
    }
    if (has(keyDetails, C.MIN_LENGTH) || has(keyDetails, C.MAX_LENGTH)) {
      let count = (value as { toString(): string }).toString().length;
      if (Array.isArray(value)) count = value.length;
      if (has(keyDetails, C.MAX_LENGTH) && count > (keyDetails[C.MAX_LENGTH] as number)) {
        (detailsJO ??= {})[C.ERROR_HASH_FIELD] = memberName;
        (detailsJO ??= {})[C.ERROR_HASH_CLASS] = className;
        (detailsJO ??= {})[C.GIVEN_LENGTH] = count;
        (detailsJO ??= {})[C.ERROR_HASH_MAXIMUM_LENGTH] = keyDetails[C.MAX_LENGTH];
        throw new SDKException(C.MAXIMUM_LENGTH_ERROR, null, (detailsJO ??= {}));
      }
      if (has(keyDetails, C.MIN_LENGTH) && count < (keyDetails[C.MIN_LENGTH] as number)) {
        (detailsJO ??= {})[C.ERROR_HASH_FIELD] = memberName;
        (detailsJO ??= {})[C.ERROR_HASH_CLASS] = className;
        (detailsJO ??= {})[C.GIVEN_LENGTH] = count;
        (detailsJO ??= {})[C.ERROR_HASH_MINIMUM_LENGTH] = keyDetails[C.MIN_LENGTH];
        throw new SDKException(C.MINIMUM_LENGTH_ERROR, null, (detailsJO ??= {}));
      }
    }
    return true;
  };

  // The SDK's checkChoiceValue (2.0.0), which its valueChecker awaits though nothing in it waits.
  function checkChoiceValue(memberName: string, className: string, instanceNumber: number | null, value: unknown, detailsJO: Json, valuesJA: unknown[]): void {
    if (Array.isArray(value)) {
      for (let value_2 of value as unknown[]) {
        if (value_2 instanceof ChoiceClass) value_2 = (value_2 as { getValue(): unknown }).getValue();
        if (!valuesJA.includes(value_2)) unaccepted(memberName, className, instanceNumber, value, detailsJO, valuesJA);
      }
    } else {
      if (value instanceof ChoiceClass) value = (value as { getValue(): unknown }).getValue();
      if (!valuesJA.includes(value)) unaccepted(memberName, className, instanceNumber, value, detailsJO, valuesJA);
    }
  }
  function unaccepted(memberName: string, className: string, instanceNumber: number | null, value: unknown, detailsJO: Json, valuesJA: unknown[]): never {
    detailsJO[C.ERROR_HASH_FIELD] = memberName;
    detailsJO[C.ERROR_HASH_CLASS] = className;
    if (instanceNumber != null) detailsJO[C.INDEX] = instanceNumber;
    detailsJO[C.GIVEN_VALUE] = value;
    detailsJO[C.ACCEPTED_VALUES] = valuesJA;
    throw new SdkException(C.UNACCEPTED_VALUES_ERROR, null, detailsJO);
  }

  // The SDK's method, async as callers expect: loads what the synchronous check asks for, then checks
  // again from the start (it changed nothing). The initializer loaded is the one used.
  Converter.prototype.valueChecker = async function valueChecker(this: ConverterProto, className, memberName, keyDetails, value, uniqueValuesMap, instanceNumber) {
    let loaded: { answer: InitializerLike | null | undefined } | undefined;
    const initializerOf = (): InitializerLike | null | undefined => {
      if (loaded) return loaded.answer;
      return initializerNow();
    };
    for (;;) {
      try {
        return valueCheckSync(className, memberName, keyDetails, value, uniqueValuesMap, instanceNumber, initializerOf);
      } catch (error) {
        if (!(error instanceof NeedsLoad)) throw error;
        const answer = await error.load();
        if (error.load === loadInitializer) loaded = { answer: answer as InitializerLike | null | undefined };
      }
    }
  };

  // RecordOperations.updateRecords imports body_wrapper.js on each call for an instanceof check, and
  // builds a require function to resolve action_handler.js: the SDK 2.0.0 body, with the class the
  // SDK's namespace exports (the same module) and the path resolved once, the same way.
  const operations = parts.Record?.RecordOperations?.prototype;
  const updateRecords = operations?.updateRecords;
  const { CommonAPIHandler, HeaderMap } = parts;
  const BodyWrapper = parts.Record?.BodyWrapper;
  if (!operations || typeof updateRecords !== 'function' || typeof CommonAPIHandler !== 'function' || typeof HeaderMap !== 'function' || typeof BodyWrapper !== 'function' || typeof Utility.getFields !== 'function') {
    throw unsupported('changed Record.RecordOperations.prototype.updateRecords, Record.BodyWrapper, CommonAPIHandler, HeaderMap or Utility.getFields');
  }
  for (const name of ['DATA_TYPE_ERROR', 'REQUEST_METHOD_PUT', 'REQUEST_CATEGORY_UPDATE'] as const) if (typeof Constants[name] !== 'string') throw unsupported(`no longer defines Constants.${name}`);
  const recordOperationsFile = new URL('./core/com/zoho/crm/api/record/record_operations.js', pathToFileURL(sdkEntry));
  let actionHandler: string | undefined;
  const BodyWrapperClass = BodyWrapper as unknown as new () => unknown;
  const HeaderMapClass = HeaderMap as unknown as new () => unknown;
  const getFields = Utility.getFields.bind(Utility);
  operations.updateRecords = async function updateRecordsKept(this: OperationsProto, request: unknown, headerInstance: unknown = null): Promise<unknown> {
    if (request != null && !(request instanceof BodyWrapperClass)) throw new SdkException(Constants['DATA_TYPE_ERROR'], 'KEY: request EXPECTED TYPE: BodyWrapper', null, null);
    if (headerInstance != null && !(headerInstance instanceof HeaderMapClass)) throw new SdkException(Constants['DATA_TYPE_ERROR'], 'KEY: headerInstance EXPECTED TYPE: HeaderMap', null, null);
    const handlerInstance = new CommonAPIHandler();
    let apiPath = '';
    apiPath = apiPath.concat('/crm/v8/');
    apiPath = apiPath.concat(this.moduleAPIName.toString());
    handlerInstance.setAPIPath(apiPath);
    handlerInstance.setHttpMethod(Constants['REQUEST_METHOD_PUT'] as string);
    handlerInstance.setCategoryMethod(Constants['REQUEST_CATEGORY_UPDATE'] as string);
    handlerInstance.setContentType('application/json');
    handlerInstance.setRequest(request);
    handlerInstance.setHeader(headerInstance);
    handlerInstance.setModuleAPIName(this.moduleAPIName);
    await getFields(this.moduleAPIName, handlerInstance);
    actionHandler ??= createRequire(recordOperationsFile).resolve('./action_handler.js');
    return handlerInstance.apiCall(actionHandler, 'application/json');
  };

  const original: OriginalImports = { updateRecords, dataCenterGet, getJSONDetails, valueChecker, valueCheckSync };
  Object.defineProperty(Converter.prototype, PATCHED, { value: original });
  return original;
}
