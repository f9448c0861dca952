import type { HeaderMap, Record as SdkRecord } from '@zohocrm/nodejs-sdk-8.0';
import { INVOCATION_HEADER, type Invocation } from './call-context.js';
import { checkSignal, untilAborted } from './abort-wait.js';
import { assertApiName, assertZohoId, fromSdkId } from './ids.js';
import { cachedFields } from './metadata.js';
import type { CallPolicy } from './options.js';
import type { Runtime } from './runtime.js';
import { choiceValue, errorFromAnswer, isApiException, plainDetails, settle } from './sdk-response.js';
import type { FieldMeta, JsonValue, RecordData, RecordInput, RecordResult, UpdateRecordsOptions } from './types.js';
import { HEAVY_WRITE_RECORDS, MAX_FIELDS_PER_CALL, MAX_IDS_PER_CALL, MAX_RECORDS_PER_UPDATE } from './limits.js';
import { isTriggerName, TRIGGER_NAMES } from './triggers.js';
import { fillSdkRecord, type SdkValueFactory } from './values-in.js';
import { toPlain } from './values-out.js';
import { invalidInput, ZohoApiError } from './zoho-api-error.js';

export function assertModule(operation: string, module: unknown): string {
  return assertApiName(operation, module, 'module API name');
}

/**
 * The first record call for a module makes the SDK fetch its field metadata (and the metadata of
 * modules it looks up) and cache it on disk; concurrent first calls would each fetch it. So the
 * first call per module runs alone and the others wait for it. `warm`: the module's first call
 * succeeded, so the SDK makes only the call's own request (the call may be `tagged`).
 */
export async function withWarmModule<R>(rt: Runtime, module: string, signal: AbortSignal | undefined, task: (warm: boolean) => Promise<R>): Promise<R> {
  const warming = rt.warm.get(module);
  if (warming) {
    // The first call goes on for the others; this caller stops waiting for it on abort.
    await untilAborted(warming, signal, `warming up ${module}`);
    return task(rt.warm.has(module));
  }
  let done!: () => void;
  const gate = new Promise<void>((resolve) => (done = resolve));
  rt.warm.set(module, gate);
  try {
    return await task(false);
  } catch (error) {
    // Not warmed after all: let the next call try again.
    if (rt.warm.get(module) === gate) rt.warm.delete(module);
    throw error;
  } finally {
    done();
  }
}

export function rawRecords(json: unknown): unknown[] {
  const data = json !== null && typeof json === 'object' ? (json as { data?: unknown }).data : undefined;
  return Array.isArray(data) ? data : [];
}

/** An SDK Record read back as plain JSON; `raw` is the same record in the response JSON. */
export function recordToPlain(record: unknown, raw: unknown): RecordData | undefined {
  const values = record !== null && typeof record === 'object' && typeof (record as SdkRecord.Record).getKeyValues === 'function' ? (record as SdkRecord.Record).getKeyValues() : undefined;
  if (!values) return undefined;
  const id = fromSdkId(values.get('id'));
  if (!id) return undefined;
  const out: RecordData = { id };
  const rawObject = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  values.forEach((value: unknown, key: string) => {
    if (key !== 'id') out[key] = toPlain(value, rawObject[key]) as JsonValue;
  });
  return out;
}

export async function getRecords(rt: Runtime, policy: CallPolicy, module: string, ids: string[], fields: string[], signal?: AbortSignal): Promise<RecordData[]> {
  const operation = `getRecords(${module})`;
  if (ids.length === 0) return [];
  const wanted = [...new Set(ids)];
  const names = [...new Set(fields)];
  return withWarmModule(rt, module, signal, (warm) =>
    rt.call(policy, operation, async (inv) => {
      const params = new rt.sdk.ParameterMap();
      await params.add(rt.sdk.Record.GetRecordsParam.IDS, wanted.join(','));
      if (names.length > 0) await params.add(rt.sdk.Record.GetRecordsParam.FIELDS, names.join(','));
      const answer = await settle(await new rt.sdk.Record.RecordOperations(module).getRecords(params, await invocationHeaders(rt, inv)));
      const error = errorFromAnswer(answer, operation, inv, rt.redactor);
      if (error) throw error;
      if (answer.object === null) return [];
      const data = (answer.object as { getData?: () => unknown }).getData?.();
      const raws = rawRecords(answer.json);
      const byId = new Map<string, RecordData>();
      (Array.isArray(data) ? data : []).forEach((record, i) => {
        const plain = recordToPlain(record, raws[i]);
        if (plain) byId.set(plain.id, plain);
      });
      // The order asked for; anything extra Zoho sent comes last.
      const ordered = wanted.map((id) => byId.get(id)).filter((r): r is RecordData => r !== undefined);
      if (ordered.length < byId.size) {
        const asked = new Set(wanted);
        for (const [id, record] of byId) if (!asked.has(id)) ordered.push(record);
      }
      return ordered;
    }, { kind: 'read', signal, tagged: warm, records: wanted.length }),
  );
}

/** The headers of a tagged invocation's request: its tag (see call-context.ts); null otherwise. */
async function invocationHeaders(rt: Runtime, inv: Invocation): Promise<HeaderMap | null> {
  if (inv.tag === undefined) return null;
  const headers = new rt.sdk.HeaderMap();
  await headers.add(new rt.sdk.Header(INVOCATION_HEADER), inv.tag);
  return headers;
}

export function validateGetRecords(module: unknown, ids: unknown, fields: unknown, opts?: unknown): void {
  const operation = `getRecords(${String(module)})`;
  assertModule(operation, module);
  if (!Array.isArray(ids)) throw invalidInput(operation, 'ids must be an array of Zoho ids');
  if (ids.length > MAX_IDS_PER_CALL) throw invalidInput(operation, `at most ${MAX_IDS_PER_CALL} ids per call, got ${ids.length}`);
  ids.forEach((id) => assertZohoId(operation, id));
  if (!Array.isArray(fields)) throw invalidInput(operation, 'fields must be an array of field API names');
  if (new Set(fields).size > MAX_FIELDS_PER_CALL) throw invalidInput(operation, `at most ${MAX_FIELDS_PER_CALL} fields per call, got ${fields.length}`);
  fields.forEach((f) => assertApiName(operation, f));
  checkSignal(operation, (opts as { signal?: unknown } | undefined)?.signal);
}

export function validateUpdateRecords(module: unknown, records: unknown, opts: unknown): void {
  const operation = `updateRecords(${String(module)})`;
  assertModule(operation, module);
  if (!Array.isArray(records)) throw invalidInput(operation, 'records must be an array');
  if (records.length > MAX_RECORDS_PER_UPDATE) throw invalidInput(operation, `at most ${MAX_RECORDS_PER_UPDATE} records per call, got ${records.length}`);
  const seen = new Set<string>();
  for (const record of records as unknown[]) {
    if (record === null || typeof record !== 'object') throw invalidInput(operation, 'each record must be an object with an id');
    const id = assertZohoId(operation, (record as { id?: unknown }).id, 'record id');
    if (seen.has(id)) throw invalidInput(operation, `record ${id} appears twice`, { id });
    seen.add(id);
    for (const key of Object.keys(record)) if (key !== 'id') assertApiName(operation, key);
  }
  const trigger = (opts as UpdateRecordsOptions | undefined)?.trigger;
  if (trigger !== undefined && (!Array.isArray(trigger) || !trigger.every(isTriggerName))) {
    throw invalidInput(operation, `trigger must be an array of lower-case names such as ${TRIGGER_NAMES.map((t) => `'${t}'`).join(', ')}; got ${JSON.stringify(trigger)}`);
  }
  const again = (opts as UpdateRecordsOptions | undefined)?.retryAmbiguous;
  if (again !== undefined && typeof again !== 'boolean') throw invalidInput(operation, 'retryAmbiguous must be a boolean');
  checkSignal(operation, (opts as UpdateRecordsOptions | undefined)?.signal);
}

function valueFactory(rt: Runtime): SdkValueFactory {
  const { sdk } = rt;
  return {
    choice: (value) => new sdk.Choice(value),
    lookup: (id) => {
      const record = new sdk.Record.Record();
      record.setId(id);
      return record;
    },
    user: (id) => {
      const user = new sdk.Users.MinifiedUser();
      user.setId(id);
      return user;
    },
  };
}

function str(value: unknown): string {
  const v = choiceValue(value);
  return v === null || v === undefined ? '' : String(v);
}

/** One ActionWrapper item (SuccessResponse or APIException) as a RecordResult. */
export function toRecordResult(item: unknown, inputId: string, raw?: unknown): RecordResult {
  const model = item as { getStatus?: () => unknown; getCode?: () => unknown; getMessage?: () => unknown; getDetails?: () => unknown };
  const rawDetails = raw !== null && typeof raw === 'object' ? (raw as { details?: unknown }).details : undefined;
  const details = plainDetails(model?.getDetails?.(), rawDetails);
  const status = str(model?.getStatus?.());
  return {
    id: inputId,
    status: status === 'success' && !isApiException(item) ? 'success' : 'error',
    code: str(model?.getCode?.()) || 'UNKNOWN',
    message: str(model?.getMessage?.()),
    details,
  };
}

export async function updateRecords(rt: Runtime, policy: CallPolicy, module: string, records: RecordInput[], opts: UpdateRecordsOptions = {}): Promise<RecordResult[]> {
  const operation = `updateRecords(${module})`;
  if (records.length === 0) return [];
  const { signal } = opts;
  const fields = new Map<string, FieldMeta>((await untilAborted(cachedFields(rt, policy, module), signal, operation)).map((f) => [f.apiName, f]));
  const make = valueFactory(rt);
  // Built (and checked) once, before any request; the SDK only reads these objects.
  const sdkRecords = records.map((input) => {
    const record = new rt.sdk.Record.Record();
    fillSdkRecord(operation, input, fields, make, record);
    return record;
  });
  return withWarmModule(rt, module, signal, (warm) =>
    rt.call(policy, operation, async (inv: Invocation) => {
      const body = new rt.sdk.Record.BodyWrapper();
      body.setData(sdkRecords);
      if (opts.trigger !== undefined) body.setTrigger([...opts.trigger]);
      const answer = await settle(await new rt.sdk.Record.RecordOperations(module).updateRecords(body, await invocationHeaders(rt, inv)));
      const error = errorFromAnswer(answer, operation, inv, rt.redactor);
      if (error) throw error;
      const items = (answer.object as { getData?: () => unknown } | null)?.getData?.();
      const raws = rawRecords(answer.json);
      if (!Array.isArray(items)) throw new ZohoApiError({ code: 'BAD_RESPONSE', message: `${operation}: HTTP ${answer.status} without per-record results`, operation, status: answer.status, retryable: answer.status >= 500 });
      return records.map((input, i) =>
        i < items.length ? toRecordResult(items[i], input.id, raws[i]) : { id: input.id, status: 'error' as const, code: 'BAD_RESPONSE', message: 'Zoho returned no result for this record', details: {} },
      );
    }, { kind: 'write', signal, tagged: warm, heavy: records.length > HEAVY_WRITE_RECORDS, records: records.length, ...(opts.retryAmbiguous !== undefined ? { retryAmbiguous: opts.retryAmbiguous } : {}) }),
  );
}
