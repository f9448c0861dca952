import type { FieldMeta, JsonValue } from '@zcrmkit/crm-core';

/** Field types whose values survive CSV → update-leads --file unchanged. */
const ROUND_TRIP_TYPES = new Set(['text', 'textarea', 'email', 'phone', 'website', 'picklist', 'integer', 'bigint', 'double', 'currency', 'decimal', 'percent', 'date']);

/** Why a field cannot be exported for re-import, or undefined when it can. */
export function exportProblem(name: string, meta: FieldMeta | undefined): string | undefined {
  if (!meta) return `Leads has no field ${name}`;
  if (meta.readOnly) return `${name} is read-only; update-leads could not write it back`;
  if (!ROUND_TRIP_TYPES.has(meta.dataType)) return `${name} is a ${meta.dataType} field; export-leads writes only text, picklist, number and date fields (update-leads reads those back unchanged)`;
  return undefined;
}

/** A value as its CSV cell: empty for no value (update-leads leaves it alone). */
export function cellOf(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
