import type { LayoutMeta } from './core-types.js';
import type { ModuleMetadata } from './metadata-cache.js';
import type { RequiredField, RequiredFieldSource } from './types.js';

/** What decides which unchanged fields a record's update must carry. */
export interface DemandRules {
  meta: ModuleMetadata;
  /** The caller's `requiredFields`: always sent. */
  configured: readonly string[];
  /** Fields Zoho named in MANDATORY_NOT_FOUND during this run. */
  learned: ReadonlySet<string>;
  /** Fields Zoho named in MANDATORY_NOT_FOUND in earlier runs (the org profile). */
  remembered: ReadonlySet<string>;
  /** The caller's `layoutRulesEnforced`. */
  layoutRulesEnforced: boolean;
}

/** Which source a result names first: Zoho's own word in this run is the strongest evidence. */
const PRIORITY: readonly RequiredFieldSource[] = ['learned', 'profile', 'layout', 'configured'];

/** The field holding a record's layout, when the module has one. */
export const LAYOUT_FIELD = 'Layout';

/**
 * The record's own layout: the one its `Layout` field names when that was read, else the module's
 * only layout. Undefined when it cannot be told (several layouts, Layout not read).
 */
export function layoutOf(meta: ModuleMetadata, current: ReadonlyMap<string, unknown> | undefined): LayoutMeta | undefined {
  const value = current?.get(LAYOUT_FIELD);
  const id = value !== null && typeof value === 'object' ? (value as { id?: unknown }).id : value;
  if (typeof id === 'string' && id !== '') {
    for (const l of meta.layouts) if (l.id === id) return l;
    return undefined;
  }
  return meta.layouts.length === 1 ? meta.layouts[0] : undefined;
}

/**
 * Whether the org enforces `layout`'s rules on API updates: the caller or the org profile says so,
 * or Zoho has named one of the fields it marks required in a MANDATORY_NOT_FOUND (in this run or
 * an earlier one).
 */
export function layoutEnforced(rules: DemandRules, layout: LayoutMeta): boolean {
  return rules.layoutRulesEnforced || layout.requiredFields.some((f) => rules.learned.has(f) || rules.remembered.has(f));
}

/**
 * The unchanged fields Zoho demands for one record, and why: learned in this run, required by the
 * record's own layout when the org enforces it, or configured by the caller. Read-only and
 * unknown fields are left out: they cannot be sent. Field metadata's `system_mandatory` does not
 * count: Zoho keeps a field that an update leaves out.
 */
export function demandedFields(rules: DemandRules, layout: LayoutMeta | undefined): Map<string, RequiredField> {
  const sources = new Map<string, RequiredFieldSource[]>();
  const add = (name: string, source: RequiredFieldSource) => {
    const field = rules.meta.fields.get(name);
    if (!field || field.readOnly || name === 'id') return;
    const list = sources.get(name) ?? [];
    if (!list.includes(source)) list.push(source);
    sources.set(name, list);
  };
  if (layout && layoutEnforced(rules, layout)) for (const name of layout.requiredFields) add(name, 'layout');
  for (const name of rules.configured) add(name, 'configured');
  for (const name of rules.remembered) add(name, 'profile');
  for (const name of rules.learned) add(name, 'learned');
  const out = new Map<string, RequiredField>();
  for (const [field, list] of sources) {
    const ordered = PRIORITY.filter((p) => list.includes(p));
    const [source] = ordered;
    if (source) out.set(field, { field, source, sources: ordered });
  }
  return out;
}

/** Everything demanded in the run so far, over every layout the rules apply to (for the summary). */
export function demandedInRun(rules: DemandRules): Map<string, RequiredField> {
  const out = demandedFields(rules, undefined);
  for (const layout of rules.meta.layouts) {
    for (const [name, field] of demandedFields(rules, layout)) {
      const known = out.get(name);
      out.set(name, known ? { ...known, sources: PRIORITY.filter((p) => known.sources.includes(p) || field.sources.includes(p)) } : field);
    }
  }
  for (const [name, field] of out) out.set(name, { ...field, source: field.sources[0] as RequiredFieldSource });
  return out;
}

/**
 * Fields worth reading along with the changed ones, so that a field Zoho may demand is at hand
 * without another read: the caller's read-ahead list, every layout's required fields, what is
 * demanded already, and the record's layout.
 */
export function candidateFields(rules: DemandRules, readAhead: readonly string[]): string[] {
  const names = new Set<string>();
  const add = (name: string) => {
    const field = rules.meta.fields.get(name);
    if (field && !field.readOnly && name !== 'id') names.add(name);
  };
  readAhead.forEach(add);
  for (const layout of rules.meta.layouts) layout.requiredFields.forEach(add);
  rules.configured.forEach(add);
  rules.learned.forEach(add);
  rules.remembered.forEach(add);
  // Read-only, but it tells which layout's rules apply to the record.
  if (rules.meta.fields.has(LAYOUT_FIELD) && rules.meta.layouts.length > 1) names.add(LAYOUT_FIELD);
  return [...names];
}
