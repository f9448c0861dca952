import type { ZohoSdk } from './load-sdk.js';
import { NeedsLoad, syncResponseConversion, type SyncConversionParts, type SyncConverter } from './sdk-conversion-sync.js';
import { memoiseSdkImports } from './sdk-import-memo.js';
import { syncRequestConversion, type SyncRequestConverter, type SyncRequestParts } from './sdk-request-sync.js';
import { sdkModelClasses } from './sdk-model-classes.js';
import { ZohoApiError } from './zoho-api-error.js';

// Profiles of record reads and writes put most of the client's CPU in the SDK's JSONConverter, and
// these things in it are paid per record (or per field) for answers that do not change:
// - `await import("../../" + pack + ".js")` to find a model class (each record, owner, lookup,
//   action answer) and `import("./choice.js")` for each picklist value. A module already loaded
//   still goes through the ESM loader's resolve and module map on every call (~3 µs plus several
//   microtask hops); a namespace, once loaded, never changes, so the class is kept per `pack`.
// - `getModuleDetailFromUserSpecJSON(module)` (a stat of the field file through sdk-json-memo.ts, a
//   path join and a case-insensitive scan of every module in the file) once per record converted.
//   It is kept per converter, and a converter lives for one request body or one response: the
//   field file is read at most once per module per call, and again on the next call.
// - `buildName(key)`, a pure function of its string, called for every key of every record.
// - its async steps themselves: a response converts synchronously where every class and module
//   detail it needs is loaded (sdk-conversion-sync.ts), and the scoring of interface candidates
//   (`findRatio`) works out each class's per-member lookups once.
// `getResponse`, `isRecordResponse` and `getDataValue` run the synchronous conversion, with the
// kept classes, and fall back to the SDK's own methods; it follows the SDK 2.0.0 (pinned) bodies line
// for line, so that the objects it builds are the same (sdk-conversion-memo.int.spec.ts converts
// with and without it). `formRequest` does the same for request bodies (sdk-request-sync.ts;
// sdk-request-sync.int.spec.ts), putting back the converter's uniqueness record when it retries.

type Json = Record<string, unknown>;
type Ctor = new (...args: unknown[]) => unknown;

interface ApiHandler {
  getModuleAPIName(): string | null;
  setModuleAPIName(name: string | null): void;
}

interface ConverterMethods {
  commonAPIHandler: ApiHandler;
  uniqueValuesMap: Record<string, unknown[]>;
  formRequest(requestInstance: unknown, pack: string, instanceNumber: number | null, memberDetail: Json | null): Promise<unknown>;
  findRatio(className: string, responseJson: unknown): number;
  getResponse(responseJson: unknown, packageName: string): Promise<unknown>;
  isRecordResponse(responseJson: Json, classDetail: Json, pack: string): Promise<unknown>;
  notRecordResponse(instance: unknown, responseJson: unknown, classDetail: Json): Promise<unknown>;
  findMatch(classes: unknown, responseJson: unknown): Promise<unknown>;
  getData(keyData: unknown, keyDetail: Json): Promise<unknown>;
  getDataValue(type: string, keyData: unknown, memberDetail: Json): Promise<unknown>;
  getCollectionsData(keyData: unknown, memberDetail: Json): Promise<unknown>;
  getMapData(keyData: unknown, memberDetail: Json): Promise<unknown>;
  redirectorForJSONToObject(keyData: unknown): Promise<unknown>;
  getModuleDetailFromUserSpecJSON(module: string): Promise<unknown>;
  getEncodedFileName(): Promise<string>;
  buildName(name: string): string;
}

/** The SDK's own methods, kept so a converter can run without the memo (for the equivalence spec). */
export type OriginalConversion = Pick<ConverterMethods, 'getResponse' | 'isRecordResponse' | 'getDataValue' | 'formRequest' | 'getModuleDetailFromUserSpecJSON' | 'buildName' | 'findRatio'>;

const PATCHED = Symbol.for('@zcrmkit/crm-core.sdk-conversion-memo');

/**
 * Responses converted synchronously, and those that fell back to the SDK's async path; the same for
 * request bodies (for the specs).
 */
export const conversionStats = { sync: 0, fallback: 0, requestSync: 0, requestFallback: 0 };
/** buildName is called with the keys Zoho sends; custom fields make that set open-ended. */
const MAX_NAMES = 10_000;

/** The SDK's Constants both synchronous conversions read, and findRatio's. */
type Constants = SyncConversionParts['constants'] &
  SyncRequestParts['constants'] & { MAP_TYPE: string; NUMBER_TYPE: string; COUNT: string; LONG_NAMESPACE: string; VALUES: string };
const CONSTANT_NAMES = [
  'INTERFACE', 'CLASSES', 'NAME', 'TYPE', 'STRUCTURE_NAME', 'MODULE', 'KEY_VALUES', 'RECORD_NAMESPACE', 'LIST_NAMESPACE', 'MAP_NAMESPACE', 'CHOICE_NAMESPACE', 'KEYS', 'SUB_TYPE', 'OBJECT_TYPE',
  'ARRAY_TYPE', 'MAP_TYPE', 'NUMBER_TYPE', 'COUNT', 'LONG_NAMESPACE', 'VALUES', 'LOOKUP', 'SKIP_MANDATORY', 'READ_ONLY', 'REQUIRED', 'PRIMARY', 'REQUIRED_IN_UPDATE', 'BODY', 'FUNCTIONS_PATH', 'FUNCTIONS',
  'KEY_MODIFIED', 'ARRAY_KEY', 'EXCEPTION_IS_KEY_MODIFIED', 'UNIQUE',
] as const;
/** Loads one synchronous conversion may ask for before the SDK's own async path takes over. */
const MAX_LOADS = 16;

const WITH_OFFSET = /(?:Z|[+-]\d{2}:\d{2})$/;

/** One remembered parse: the text, and the time its Date held. */
interface ParsedDateTime {
  text: string;
  time: number;
}

/**
 * The SDK's datetime pre-converter is `new Date(text)`, a date-string parse, run for every datetime
 * of every record read. Zoho stamps every record one write touches with the same Modified_Time, so
 * the last two texts parsed are remembered (two: Created_Time, which differs per record, comes
 * between) and answered with a new Date of the same time, which is the same Date: a Date holds
 * nothing but its time. Only while the converter in the SDK's map is the one whose answers these
 * are, only for texts with an explicit offset, and only for answers that are plain Dates.
 */
export function dateTimesRemembered(preConvert: (value: unknown, type: string) => unknown, sdkDateTime: () => unknown): (value: unknown, type: string) => unknown {
  let parser: unknown;
  let recent: ParsedDateTime | undefined;
  let older: ParsedDateTime | undefined;
  return (value, type) => {
    if (type !== 'datetime' || typeof value !== 'string') return preConvert(value, type);
    const current = sdkDateTime();
    if (current !== parser) {
      parser = current;
      recent = older = undefined;
    }
    if (recent?.text === value) return new Date(recent.time);
    if (older?.text === value) {
      const hit = older;
      older = recent;
      recent = hit;
      return new Date(hit.time);
    }
    const answer = preConvert(value, type);
    // A text without an offset is read in the process's time zone, which may change: not kept.
    if (WITH_OFFSET.test(value) && answer instanceof Date && Object.getPrototypeOf(answer) === Date.prototype && Object.getOwnPropertyNames(answer).length === 0) {
      older = recent;
      recent = { text: value, time: answer.getTime() };
    }
    return answer;
  };
}

function unsupported(what: string): ZohoApiError {
  return new ZohoApiError({ code: 'SDK_ERROR', operation: 'init', message: `[@zcrmkit/crm-core] @zohocrm/nodejs-sdk-8.0 ${what}; the conversion memo needs updating` });
}

const has = (o: object, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * Installs the memo on the SDK's JSONConverter (once). `sdkEntry` is the SDK's resolved entry file
 * (lib/index.js): model classes are imported from the same files the SDK's relative imports name.
 */
export async function memoiseSdkConversion(sdk: ZohoSdk, sdkEntry: string): Promise<OriginalConversion> {
  const parts = sdk as unknown as {
    JSONConverter?: { prototype: ConverterMethods & { [PATCHED]?: OriginalConversion } };
    Initializer?: { jsonDetails?: Record<string, Json> };
    DatatypeConverter?: {
      preConvert?: (value: unknown, type: string) => unknown;
      postConvert?: (value: unknown, type: string) => unknown;
      init?: () => void;
      preConverterMap?: unknown;
      postConverterMap?: unknown;
    };
    SDKException?: new (code: unknown, message: unknown, details?: unknown, cause?: unknown) => Error;
    Constants?: Partial<Record<(typeof CONSTANT_NAMES)[number], unknown>>;
    Choice?: Ctor;
    Record?: { Record?: Ctor };
  };
  const proto = parts.JSONConverter?.prototype;
  if (!proto) throw unsupported('no longer exposes JSONConverter');
  const existing = proto[PATCHED];
  if (existing) return existing;
  const { Initializer, DatatypeConverter, Choice, SDKException } = parts;
  const RecordClass = parts.Record?.Record;
  const constants = parts.Constants;
  if (!Initializer || typeof DatatypeConverter?.preConvert !== 'function' || typeof DatatypeConverter.postConvert !== 'function' || typeof Choice !== 'function' || typeof RecordClass !== 'function' || typeof SDKException !== 'function' || !constants) {
    throw unsupported('changed its Initializer, DatatypeConverter, Choice, Record or SDKException exports');
  }
  for (const name of CONSTANT_NAMES) if (typeof constants[name] !== 'string') throw unsupported(`no longer defines Constants.${name}`);
  const primitiveTypes = (constants as { PRIMITIVE_TYPES?: unknown }).PRIMITIVE_TYPES;
  if (!Array.isArray(primitiveTypes) || !primitiveTypes.every((t) => typeof t === 'string')) throw unsupported('no longer defines Constants.PRIMITIVE_TYPES');
  const C = constants as unknown as Constants;
  // preConvert and postConvert call init() first, which allocates its closures' context on every
  // call before it finds the maps filled: the same lookup here, init() only while a map is empty.
  const datatypes = DatatypeConverter;
  if (typeof datatypes.init !== 'function' || !(datatypes.preConverterMap instanceof Map) || !(datatypes.postConverterMap instanceof Map)) throw unsupported('changed DatatypeConverter.init or its converter maps');
  const converted = (which: 'preConverterMap' | 'postConverterMap') => (value: unknown, type: string): unknown => {
    if ((datatypes.preConverterMap as Map<string, unknown>).size == 0 || (datatypes.postConverterMap as Map<string, unknown>).size == 0) datatypes.init!();
    const map = datatypes[which] as Map<string, (value: unknown) => unknown>;
    return map.has(type) ? map.get(type)!(value) : value;
  };
  const preConvert = dateTimesRemembered(converted('preConverterMap'), () => (datatypes.preConverterMap as Map<string, (value: unknown) => unknown>).get('datetime'));
  const postConvert = converted('postConverterMap');
  const { valueCheckSync } = memoiseSdkImports(sdk, sdkEntry);

  const classOf = sdkModelClasses(sdkEntry);
  const knownClass = classOf.known;
  // The same module instances as the SDK's own imports, or the memo would build other classes.
  if ((await classOf(C.RECORD_NAMESPACE)) !== RecordClass || (await classOf(C.CHOICE_NAMESPACE)) !== Choice) throw unsupported('model files moved');

  const original: OriginalConversion = {
    getResponse: proto.getResponse,
    isRecordResponse: proto.isRecordResponse,
    getDataValue: proto.getDataValue,
    formRequest: proto.formRequest,
    getModuleDetailFromUserSpecJSON: proto.getModuleDetailFromUserSpecJSON,
    buildName: proto.buildName,
    findRatio: proto.findRatio,
  };
  for (const [name, fn] of Object.entries(original)) if (typeof fn !== 'function') throw unsupported(`no longer has JSONConverter.prototype.${name}`);
  const jsonDetails = (): Record<string, Json> => Initializer.jsonDetails as Record<string, Json>;

  // The synchronous conversion (sdk-conversion-sync.ts) first, for each step the SDK (or the
  // conversion itself) enters through `this`; the SDK's own method where it would need too many loads.
  const moduleDetails = new WeakMap<object, Map<string, { fileName: string; detail: unknown }>>();
  const loadFileName = (): Promise<unknown> => Promise.resolve();
  let runFileName: string | undefined;
  const moduleDetail = (cv: object, module: string): unknown => {
    if (runFileName === undefined) throw new NeedsLoad(loadFileName);
    const kept = moduleDetails.get(cv)?.get(module);
    if (kept && kept.fileName === runFileName) return kept.detail;
    throw new NeedsLoad(() => (cv as unknown as ConverterMethods).getModuleDetailFromUserSpecJSON(module));
  };
  const sync = syncResponseConversion({
    constants: C,
    jsonDetails,
    knownClass,
    loadClass: classOf,
    moduleDetail,
    RecordClass,
    Choice,
    preConvert,
  });

  const requestSync = syncRequestConversion({
    constants: { ...C, PRIMITIVE_TYPES: primitiveTypes as string[] },
    jsonDetails,
    moduleDetail,
    RecordClass,
    Choice,
    SDKException,
    postConvert,
    valueCheck: valueCheckSync,
  });

  /** What a request body's conversion records as it goes (values of unique fields), to put back. */
  function uniqueValuesKept(cv: ConverterMethods): () => void {
    const map = cv.uniqueValuesMap;
    if (map == null || typeof map !== 'object') return () => {};
    const before = new Map(Object.entries(map).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v] as const));
    return () => {
      for (const key of Object.keys(map)) if (!before.has(key)) delete map[key];
      for (const [key, value] of before) map[key] = Array.isArray(value) ? [...value] : (value as unknown[]);
    };
  }

  async function syncFirst(cv: ConverterMethods, run: () => unknown, sdkOwn: () => Promise<unknown>, request = false): Promise<unknown> {
    const handler = cv.commonAPIHandler;
    const moduleAPIName = handler.getModuleAPIName();
    const restoreUnique = request ? uniqueValuesKept(cv) : undefined;
    // The field file's name has no side effect to get, and a record answer needs it: taken up front.
    let fileName = moduleAPIName != null ? await cv.getEncodedFileName() : undefined;
    for (let loads = 0; loads < MAX_LOADS; loads++) {
      runFileName = fileName;
      try {
        const converted = run();
        if (request) conversionStats.requestSync++;
        else conversionStats.sync++;
        return converted;
      } catch (error) {
        if (!(error instanceof NeedsLoad)) {
          // The SDK's own refusal (a type error, a mandatory key), raised by the same step.
          if (request) conversionStats.requestSync++;
          else conversionStats.sync++;
          throw error;
        }
        // Nothing it built is kept; the state it changed is put back.
        handler.setModuleAPIName(moduleAPIName);
        restoreUnique?.();
        if (error.load === loadFileName) fileName = await cv.getEncodedFileName();
        else await error.load();
      } finally {
        runFileName = undefined;
      }
    }
    if (request) conversionStats.requestFallback++;
    else conversionStats.fallback++;
    return sdkOwn();
  }

  proto.getResponse = function getResponse(this: ConverterMethods, responseJson: unknown, packageName: string): Promise<unknown> {
    return syncFirst(this, () => sync.getResponse(this as unknown as SyncConverter, responseJson, packageName), () => original.getResponse.call(this, responseJson, packageName));
  };
  proto.isRecordResponse = function isRecordResponse(this: ConverterMethods, responseJson: Json, classDetail: Json, pack: string): Promise<unknown> {
    return syncFirst(this, () => sync.isRecordResponse(this as unknown as SyncConverter, responseJson, classDetail, pack), () => original.isRecordResponse.call(this, responseJson, classDetail, pack));
  };
  proto.getDataValue = function getDataValue(this: ConverterMethods, type: string, keyData: unknown, memberDetail: Json): Promise<unknown> {
    return syncFirst(this, () => sync.getDataValue(this as unknown as SyncConverter, type, keyData, memberDetail), () => original.getDataValue.call(this, type, keyData, memberDetail));
  };

  // The SDK's apiCall converts a request body through formRequest; its own steps call each other.
  proto.formRequest = function formRequest(this: ConverterMethods, requestInstance: unknown, pack: string, instanceNumber: number | null, memberDetail: Json | null): Promise<unknown> {
    return syncFirst(
      this,
      () => requestSync.formRequest(this as unknown as SyncRequestConverter, requestInstance, pack, instanceNumber, memberDetail),
      () => original.formRequest.call(this, requestInstance, pack, instanceNumber, memberDetail),
      true,
    );
  };

  // Per converter, so per request or response: see the comment at the top.
  proto.getModuleDetailFromUserSpecJSON = async function getModuleDetailFromUserSpecJSON(this: ConverterMethods, module: string): Promise<unknown> {
    const fileName = await this.getEncodedFileName();
    const kept = moduleDetails.get(this)?.get(module);
    if (kept && kept.fileName === fileName) return kept.detail;
    const detail = await original.getModuleDetailFromUserSpecJSON.call(this, module);
    // An empty detail makes the SDK drop the module from the file: not kept, so it does so each time.
    if (detail !== null && typeof detail === 'object' && Object.keys(detail).length > 0) {
      let perModule = moduleDetails.get(this);
      if (!perModule) moduleDetails.set(this, (perModule = new Map()));
      perModule.set(module, { fileName, detail });
    }
    return detail;
  };

  const names = new Map<string, string>();
  proto.buildName = function buildName(this: ConverterMethods, memberName: string): string {
    const known = names.get(memberName);
    if (known !== undefined) return known;
    const built = original.buildName.call(this, memberName);
    if (typeof memberName === 'string' && typeof built === 'string') {
      if (names.size >= MAX_NAMES) names.clear();
      names.set(memberName, built);
    }
    return built;
  };

  // findRatio scores each candidate class of an interface answer (each item of a write's answer is
  // SuccessResponse or APIException) against the JSON: per member, a lower-casing and two Map
  // lookups that depend on the class alone. Those are worked out once per class detail object; the
  // per-answer part is the SDK's, in the same order.
  const TYPE_VS_DATATYPE = (constants as { TYPE_VS_DATATYPE?: unknown }).TYPE_VS_DATATYPE;
  if (!(TYPE_VS_DATATYPE instanceof Map)) throw unsupported('no longer defines Constants.TYPE_VS_DATATYPE');
  // A member's accepted values (the SDK scans them with `==` for each answer): kept as a list, and as
  // a set where every value is a string, since a string answer then equals only the same string.
  interface Accepted {
    list: unknown[];
    strings: Set<string> | null;
  }
  interface Scored {
    keyName: string | null;
    datatype: unknown;
    countLong: boolean;
    choiceValues: Accepted | null;
    structureMatches: boolean;
    structureValues: Accepted | null;
  }
  const accepted = (values: Json | null | undefined): Accepted => {
    const list: unknown[] = [];
    for (const value in values) list.push(values[value]);
    return { list, strings: list.every((v) => typeof v === 'string') ? new Set(list as string[]) : null };
  };
  const compiled = new WeakMap<object, { total: number; members: Scored[] }>();
  const compile = (classDetail: Json): { total: number; members: Scored[] } => {
    const members: Scored[] = [];
    for (const memberName in classDetail) {
      const memberDetail = classDetail[memberName] as Json;
      const keyName = has(memberDetail, C.NAME) ? (memberDetail[C.NAME] as string) : null;
      const type = memberDetail[C.TYPE] as string;
      const lower = type.toLowerCase();
      const structureName = has(memberDetail, C.STRUCTURE_NAME) ? memberDetail[C.STRUCTURE_NAME] : null;
      members.push({
        keyName,
        datatype: TYPE_VS_DATATYPE.has(lower) ? TYPE_VS_DATATYPE.get(lower) : undefined,
        countLong: keyName != null && keyName.toLowerCase() == C.COUNT && lower == C.LONG_NAMESPACE.toLowerCase(),
        choiceValues: type == C.CHOICE_NAMESPACE ? accepted(memberDetail[C.VALUES] as Json) : null,
        structureMatches: structureName != null && structureName == type,
        structureValues: has(memberDetail, C.VALUES) ? accepted(memberDetail[C.VALUES] as Json) : null,
      });
    }
    return { total: Object.keys(classDetail).length, members };
  };
  const inValues = (values: Accepted, keyData: unknown): boolean => {
    if (values.strings !== null && typeof keyData === 'string') return values.strings.has(keyData);
    for (const value of values.list) if (keyData == value) return true;
    return false;
  };
  proto.findRatio = function findRatio(this: ConverterMethods, className: string, responseJson: unknown): number {
    const classDetail = jsonDetails()[className] as Json;
    let kept = compiled.get(classDetail);
    if (!kept) compiled.set(classDetail, (kept = compile(classDetail)));
    const json = responseJson as Json;
    let matches = 0;
    if (kept.total == 0) return 0;
    for (const m of kept.members) {
      if (m.keyName != null && has(json, m.keyName) && json[m.keyName] != null) {
        const keyData = json[m.keyName];
        let type = Object.prototype.toString.call(keyData);
        if (type == C.OBJECT_TYPE) type = C.MAP_TYPE;
        if (m.datatype !== undefined && m.datatype == type) matches++;
        else if (m.countLong && type == C.NUMBER_TYPE) matches++;
        else if (m.choiceValues !== null && inValues(m.choiceValues, keyData)) matches++;
        if (m.structureMatches) {
          if (m.structureValues !== null) {
            if (inValues(m.structureValues, keyData)) matches++;
          } else {
            matches++;
          }
        }
      }
    }
    return matches / kept.total;
  };

  Object.defineProperty(proto, PATCHED, { value: original });
  return original;
}
