import type { ModuleMetadata } from './metadata-cache.js';
import type { RequiredField, RequiredFieldSource } from './types.js';

/**
 * Which source a result names first. `learned` leads because it is the strongest evidence — Zoho
 * refused a record without the field in this very run — and is what a reader of the result wants
 * to see; then the metadata and layout, then the caller's list.
 */
const PRIORITY: readonly RequiredFieldSource[] = ['learned', 'metadata', 'layout', 'configured'];

/**
 * The union of everything that says a field must be present on update: field metadata
 * (`system_mandatory`), any layout's `required`, the caller's list, and fields Zoho named in
 * MANDATORY_NOT_FOUND during this run. Read-only fields are left out: they cannot be sent.
 * Order: metadata, layout, configured, learned (first appearance).
 */
export function resolveRequiredFields(
  meta: ModuleMetadata,
  configured: readonly string[],
  learned: ReadonlySet<string>,
): Map<string, RequiredField> {
  const sources = new Map<string, RequiredFieldSource[]>();
  const add = (name: string, source: RequiredFieldSource) => {
    const field = meta.fields.get(name);
    if (!field || field.readOnly || name === 'id') return;
    const list = sources.get(name) ?? [];
    if (!list.includes(source)) list.push(source);
    sources.set(name, list);
  };
  for (const field of meta.fields.values()) if (field.systemMandatory) add(field.apiName, 'metadata');
  for (const layout of meta.layouts) for (const name of layout.requiredFields) add(name, 'layout');
  for (const name of configured) add(name, 'configured');
  for (const name of learned) add(name, 'learned');

  const out = new Map<string, RequiredField>();
  for (const [field, list] of sources) {
    const ordered = PRIORITY.filter((p) => list.includes(p));
    const [source] = ordered;
    if (source) out.set(field, { field, source, sources: ordered });
  }
  return out;
}
