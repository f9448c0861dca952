import type { CallPolicy } from './options.js';
import type { Runtime } from './runtime.js';
import { choiceValue, errorFromAnswer, settle } from './sdk-response.js';
import { fromSdkId } from './ids.js';
import type { FieldMeta, LayoutMeta, PickListValue } from './types.js';
import type { MetadataKind } from './org-profile.js';
import type { KeptProfile } from './profile-guard.js';

type Getter = Record<string, unknown>;

function call(model: unknown, method: string): unknown {
  const fn = model !== null && typeof model === 'object' ? (model as Getter)[method] : undefined;
  return typeof fn === 'function' ? choiceValue((fn as () => unknown).call(model)) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** An SDK Field as FieldMeta. */
export function toFieldMeta(field: unknown): FieldMeta | undefined {
  const apiName = text(call(field, 'getAPIName'));
  if (!apiName) return undefined;
  const meta: FieldMeta = {
    apiName,
    dataType: text(call(field, 'getDataType')) ?? 'unknown',
    systemMandatory: call(field, 'getSystemMandatory') === true,
    readOnly: call(field, 'getReadOnly') === true || call(field, 'getFieldReadOnly') === true,
  };
  const length = call(field, 'getLength');
  if (typeof length === 'number' || typeof length === 'bigint') meta.length = Number(length);
  const values = call(field, 'getPickListValues');
  if (Array.isArray(values) && values.length > 0) {
    meta.pickListValues = values
      .map((v): PickListValue | undefined => {
        const actualValue = call(v, 'getActualValue');
        const displayValue = call(v, 'getDisplayValue');
        return typeof actualValue === 'string' || typeof displayValue === 'string' ? { displayValue: String(displayValue ?? actualValue), actualValue: String(actualValue ?? displayValue) } : undefined;
      })
      .filter((v): v is PickListValue => v !== undefined);
  }
  const lookupModule = text(call(call(call(field, 'getLookup'), 'getModule'), 'getAPIName'));
  if (lookupModule) meta.lookupModule = lookupModule;
  return meta;
}

/** An SDK Layout as LayoutMeta: fields its sections mark required, plus system-mandatory ones. */
export function toLayoutMeta(layout: unknown): LayoutMeta | undefined {
  const id = fromSdkId(call(layout, 'getId'));
  if (!id) return undefined;
  const required = new Set<string>();
  const sections = call(layout, 'getSections');
  for (const section of Array.isArray(sections) ? sections : []) {
    const fields = call(section, 'getFields');
    for (const field of Array.isArray(fields) ? fields : []) {
      const apiName = text(call(field, 'getAPIName'));
      if (apiName && (call(field, 'getRequired') === true || call(field, 'getSystemMandatory') === true)) required.add(apiName);
    }
  }
  return { id, name: text(call(layout, 'getName')) ?? '', requiredFields: [...required] };
}

export async function fetchFields(rt: Runtime, policy: CallPolicy, module: string): Promise<FieldMeta[]> {
  const operation = `getFields(${module})`;
  return rt.call(policy, operation, async (inv) => {
    const params = new rt.sdk.ParameterMap();
    await params.add(rt.sdk.Fields.GetFieldsParam.MODULE, module);
    const answer = await settle(await new rt.sdk.Fields.FieldsOperations().getFields(params));
    const error = errorFromAnswer(answer, operation, inv, rt.redactor);
    if (error) throw error;
    const fields = call(answer.object, 'getFields');
    return (Array.isArray(fields) ? fields : []).map(toFieldMeta).filter((f): f is FieldMeta => f !== undefined);
  });
}

/**
 * Field metadata from the runtime's one metadata cache, at most `maxAgeMs` old (default: the
 * client's `metadataTtlMs`): kept in memory, else in the org profile, else fetched (and then kept
 * in the profile for the next process).
 */
export function cachedFields(rt: Runtime, policy: CallPolicy, module: string, maxAgeMs = policy.metadataTtlMs, profile?: KeptProfile): Promise<FieldMeta[]> {
  return rt.metadata.get('fields', module, maxAgeMs, keeping(profile, 'fields', module, () => fetchFields(rt, policy, module)), profile && (() => profile.recallMetadata('fields', module, maxAgeMs)));
}

/** Layout metadata from the same caches, with the same age rule. */
export function cachedLayouts(rt: Runtime, policy: CallPolicy, module: string, maxAgeMs = policy.metadataTtlMs, profile?: KeptProfile): Promise<LayoutMeta[]> {
  return rt.metadata.get('layouts', module, maxAgeMs, keeping(profile, 'layouts', module, () => fetchLayouts(rt, policy, module)), profile && (() => profile.recallMetadata('layouts', module, maxAgeMs)));
}

function keeping<K extends MetadataKind, T extends K extends 'fields' ? FieldMeta[] : LayoutMeta[]>(profile: KeptProfile | undefined, kind: K, module: string, fetch: () => Promise<T>): () => Promise<T> {
  if (!profile) return fetch;
  return async () => {
    const value = await fetch();
    await profile.keepMetadata(kind, module, value as never);
    return value;
  };
}

export async function fetchLayouts(rt: Runtime, policy: CallPolicy, module: string): Promise<LayoutMeta[]> {
  const operation = `getLayouts(${module})`;
  return rt.call(policy, operation, async (inv) => {
    const params = new rt.sdk.ParameterMap();
    await params.add(rt.sdk.Layouts.GetLayoutsParam.MODULE, module);
    const answer = await settle(await new rt.sdk.Layouts.LayoutsOperations().getLayouts(params));
    const error = errorFromAnswer(answer, operation, inv, rt.redactor);
    if (error) throw error;
    const layouts = call(answer.object, 'getLayouts');
    return (Array.isArray(layouts) ? layouts : []).map(toLayoutMeta).filter((l): l is LayoutMeta => l !== undefined);
  });
}
