import type { ZohoSdk } from './load-sdk.js';
import { sdkModelClasses } from './sdk-model-classes.js';
import { ZohoApiError } from './zoho-api-error.js';

// Three SDK methods run `await import(…)` on every API call, or for every structured value written:
// - `DataCenter.get(apiDomain)`, from `OAuthToken.getToken` on each call: nine imports, then a
//   lookup whose answer depends on the domain string alone (each data center keeps its
//   environments as singletons);
// - `HeaderParamValidator.getJSONDetails`, per parameter or header added: an import of the
//   Initializer module, to read its static `jsonDetails`;
// - `Converter.valueChecker`, per field value written whose type is a class (an owner, a lookup, a
//   list of records): an import of that class, for an `instanceof` check.
// Each import of a loaded module still goes through the ESM loader's resolve and module map, and,
// once crm-core's resolve hook is registered (sdk-slim-import.ts), through the loader's hook thread:
// a round trip per import that a busy machine turns into milliseconds. Here the answers are kept:
// per domain string, the Initializer class itself, and each model class once per name. The rest of
// valueChecker is the SDK 2.0.0 (pinned) body, line for line, with the import replaced by the kept
// class; sdk-import-memo.int.spec.ts runs the SDK's own and this one on the same inputs.

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
  TYPE_VS_DATATYPE: Map<string, string>;
  SPECIAL_TYPES: Map<string, string>;
}
const STRING_CONSTANTS = [
  'NAME', 'TYPE', 'STRUCTURE_NAME', 'SUB_TYPE', 'SUB_TYPE_1', 'ARRAY_KEY', 'OBJECT_KEY', 'INTEGER_NAMESPACE', 'INVENTORYTEMPLATE', 'TEMPLATE', 'VALUES', 'PICKLIST', 'UNIQUE', 'MIN_LENGTH', 'MAX_LENGTH',
  'ERROR_HASH_FIELD', 'ERROR_HASH_CLASS', 'ACCEPTED_TYPE', 'GIVEN_TYPE', 'INDEX', 'TYPE_ERROR', 'SDK_UNINITIALIZATION_ERROR', 'SDK_UNINITIALIZATION_MESSAGE', 'UNIQUE_KEY_ERROR', 'FIRST_INDEX', 'NEXT_INDEX',
  'MAXIMUM_LENGTH_ERROR', 'MINIMUM_LENGTH_ERROR', 'GIVEN_LENGTH', 'ERROR_HASH_MAXIMUM_LENGTH', 'ERROR_HASH_MINIMUM_LENGTH',
] as const;

interface InitializerLike {
  getSDKConfig(): { getPickListValidation(): boolean };
}
interface ConverterProto {
  valueChecker(className: string, memberName: string, keyDetails: Json, value: unknown, uniqueValuesMap: Record<string, unknown[]>, instanceNumber: number | null): Promise<boolean>;
  checkChoiceValue(memberName: string, className: string, instanceNumber: number | null, value: unknown, detailsJO: Json, valuesJA: unknown): Promise<void>;
}
interface Parts {
  DataCenter?: { get?: (config: unknown) => Promise<unknown> };
  HeaderParamValidator?: { prototype: { getJSONDetails?: () => Promise<unknown> } };
  Converter?: { prototype: ConverterProto };
  Initializer?: { jsonDetails?: unknown; getInitializer(): Promise<InitializerLike | null | undefined> };
  Utility?: { checkInteger(value: unknown): boolean };
  SDKException?: new (code: unknown, message: unknown, details?: unknown, cause?: unknown) => Error;
  Constants?: Partial<Record<string, unknown>>;
}

/** The SDK's own methods, for the equivalence spec. */
export interface OriginalImports {
  dataCenterGet: (config: unknown) => Promise<unknown>;
  getJSONDetails: () => Promise<unknown>;
  valueChecker: ConverterProto['valueChecker'];
}

const PATCHED = Symbol.for('@zcrmkit/crm-core.sdk-import-memo');
const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

function unsupported(what: string): ZohoApiError {
  return new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: `[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 ${what}; the import memo needs updating` });
}

/** Installs the three memos (once). `sdkEntry` is the SDK's lib/index.js: classes come from the files the SDK's own imports name. */
export function memoiseSdkImports(sdk: ZohoSdk, sdkEntry: string): OriginalImports {
  const parts = sdk as unknown as Parts;
  const { DataCenter, HeaderParamValidator, Converter, Initializer, Utility, SDKException, Constants } = parts;
  const dataCenterGet = DataCenter?.get;
  const getJSONDetails = HeaderParamValidator?.prototype.getJSONDetails;
  const valueChecker = Converter?.prototype.valueChecker;
  if (!DataCenter || typeof dataCenterGet !== 'function') throw unsupported('no longer has DataCenter.get');
  if (!HeaderParamValidator || typeof getJSONDetails !== 'function') throw unsupported('no longer has HeaderParamValidator.prototype.getJSONDetails');
  if (!Converter || typeof valueChecker !== 'function') throw unsupported('no longer has Converter.prototype.valueChecker');
  const existing = (Converter.prototype as { [PATCHED]?: OriginalImports })[PATCHED];
  if (existing) return existing;
  if (!Initializer || !Utility || typeof SDKException !== 'function' || !Constants) throw unsupported('changed its Initializer, Utility, SDKException or Constants exports');
  for (const name of STRING_CONSTANTS) if (typeof Constants[name] !== 'string') throw unsupported(`no longer defines Constants.${name}`);
  if (!(Constants['TYPE_VS_DATATYPE'] instanceof Map) || !(Constants['SPECIAL_TYPES'] instanceof Map)) throw unsupported('no longer defines Constants.TYPE_VS_DATATYPE or SPECIAL_TYPES');
  const C = Constants as unknown as ConstantsPart;
  const original: OriginalImports = { dataCenterGet, getJSONDetails, valueChecker };

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

  Converter.prototype.valueChecker = async function valueChecker(this: ConverterProto, className, memberName, keyDetails, value, uniqueValuesMap, instanceNumber) {
    const detailsJO: Json = {};
    const name = keyDetails[C.NAME] as string;
    let type = keyDetails[C.TYPE] as string;
    const valueType = Object.prototype.toString.call(value);
    let check = true;
    let givenType: string | null = null;
    if (C.TYPE_VS_DATATYPE.has(type.toLowerCase())) {
      if (Array.isArray(value) && has(keyDetails, C.STRUCTURE_NAME)) {
        const structureName = keyDetails[C.STRUCTURE_NAME] as string;
        let index = 0;
        const StructureClass = await classOf(structureName);
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
          if (sub_type.toLowerCase() == C.OBJECT_KEY) {
            check = true;
          } else if (has(subType, C.SUB_TYPE_1)) {
            const subType1 = subType[C.SUB_TYPE_1] as Json;
            const sub_type1 = subType1[C.TYPE] as string;
            if (sub_type1.toLowerCase() === C.OBJECT_KEY) check = true;
          } else {
            dataType = C.SPECIAL_TYPES.has(sub_type.toLowerCase()) ? C.SPECIAL_TYPES.get(sub_type.toLowerCase()) : sub_type;
            if (C.TYPE_VS_DATATYPE.has((dataType as string).toLowerCase())) {
              if (sub_type == C.INTEGER_NAMESPACE) check = Utility.checkInteger(data);
              if (Object.prototype.toString.call(data) != C.TYPE_VS_DATATYPE.get(sub_type.toLowerCase())) check = false;
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
        check = valueType != C.TYPE_VS_DATATYPE.get(type.toLowerCase()) ? false : true;
        if (check && type == C.INTEGER_NAMESPACE) check = Utility.checkInteger(value);
        givenType = (Object.getPrototypeOf(value) as object).constructor.name;
      }
    } else if (value != null && type.toLowerCase() !== C.OBJECT_KEY) {
      const expectedStructure = keyDetails[C.TYPE] as string;
      if (expectedStructure == 'TimeZone') {
        check = false;
        if (has(value as object, 'name')) check = true;
      } else {
        const ExpectedClass = await classOf(expectedStructure);
        if (!(value instanceof ExpectedClass)) {
          check = false;
          type = expectedStructure;
          givenType = (value as object).constructor.name;
        }
        if (check == false) {
          if ((givenType as string).toLowerCase() == C.INVENTORYTEMPLATE && type.toLowerCase() == C.TEMPLATE) check = true;
        }
      }
    }
    if (!check) {
      detailsJO[C.ERROR_HASH_FIELD] = name;
      detailsJO[C.ERROR_HASH_CLASS] = className;
      detailsJO[C.ACCEPTED_TYPE] = C.SPECIAL_TYPES.has(type.toLowerCase()) ? C.SPECIAL_TYPES.get(type.toLowerCase()) : type;
      detailsJO[C.GIVEN_TYPE] = givenType;
      if (instanceNumber != null) detailsJO[C.INDEX] = instanceNumber;
      throw new SDKException(C.TYPE_ERROR, null, detailsJO, null);
    }
    const initializer = await Initializer.getInitializer();
    if (initializer == null || initializer == undefined) throw new SDKException(C.SDK_UNINITIALIZATION_ERROR, C.SDK_UNINITIALIZATION_MESSAGE);
    if (has(keyDetails, C.VALUES) && (!has(keyDetails, C.PICKLIST) || (keyDetails[C.PICKLIST] && initializer.getSDKConfig().getPickListValidation() == true))) {
      const valuesJA = keyDetails[C.VALUES];
      await this.checkChoiceValue(memberName, className, instanceNumber, value, detailsJO, valuesJA);
    }
    if (has(keyDetails, C.UNIQUE)) {
      let valuesArray = uniqueValuesMap[name];
      if (valuesArray != null && valuesArray.includes(value)) {
        detailsJO[C.ERROR_HASH_FIELD] = memberName;
        detailsJO[C.ERROR_HASH_CLASS] = className;
        detailsJO[C.FIRST_INDEX] = valuesArray.indexOf(value);
        detailsJO[C.NEXT_INDEX] = instanceNumber;
        throw new SDKException(C.UNIQUE_KEY_ERROR, null, detailsJO);
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
        detailsJO[C.ERROR_HASH_FIELD] = memberName;
        detailsJO[C.ERROR_HASH_CLASS] = className;
        detailsJO[C.GIVEN_LENGTH] = count;
        detailsJO[C.ERROR_HASH_MAXIMUM_LENGTH] = keyDetails[C.MAX_LENGTH];
        throw new SDKException(C.MAXIMUM_LENGTH_ERROR, null, detailsJO);
      }
      if (has(keyDetails, C.MIN_LENGTH) && count < (keyDetails[C.MIN_LENGTH] as number)) {
        detailsJO[C.ERROR_HASH_FIELD] = memberName;
        detailsJO[C.ERROR_HASH_CLASS] = className;
        detailsJO[C.GIVEN_LENGTH] = count;
        detailsJO[C.ERROR_HASH_MINIMUM_LENGTH] = keyDetails[C.MIN_LENGTH];
        throw new SDKException(C.MINIMUM_LENGTH_ERROR, null, detailsJO);
      }
    }
    return true;
  };

  Object.defineProperty(Converter.prototype, PATCHED, { value: original });
  return original;
}
