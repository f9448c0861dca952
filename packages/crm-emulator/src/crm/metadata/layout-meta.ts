import type { JsonObject } from '../../core/json.js';
import { formatZohoDateTime } from '../../core/time.js';
import { CURRENT_USER, ORG_CREATED_AT, PROFILE_IDS, userRef } from '../org-users.js';
import type { ModuleDef } from './field-defs.js';
import { fieldMetadata } from './field-meta.js';
import { customViewId, layoutId, sectionId } from './ids.js';

const minifiedLayout = (): JsonObject => ({ name: null, id: null });

/**
 * The module's single "Standard" layout. `required` is true for system-mandatory fields and for the
 * fields the emulator is configured to treat as layout-required.
 */
export function layoutMetadata(
  module: ModuleDef,
  requiredFields: ReadonlySet<string>,
  lookupTargets: ReadonlyMap<string, ModuleDef>,
): JsonObject {
  const created = formatZohoDateTime(ORG_CREATED_AT);
  const sections = module.sections.map((section, sectionIndex) => ({
    display_label: section.label,
    sequence_number: sectionIndex + 1,
    isSubformSection: false,
    tab_traversal: 'left_to_right',
    api_name: section.name.replace(/\s+/g, '_'),
    column_count: section.name.startsWith('Description') ? 1 : 2,
    name: section.name,
    generated_type: 'default',
    id: sectionId(module, sectionIndex),
    type: 'used',
    properties: { reorder_rows: null, maximum_rows: null, tooltip: { name: 'Info Icon', value: '' } },
    _delete: { permanent: false },
    fields: module.fields.flatMap((field, index) =>
      field.section === section.name
        ? [
            {
              ...fieldMetadata(module, field, index, lookupTargets),
              required: field.systemMandatory === true || requiredFields.has(field.apiName),
              validation_rule: null,
              default_value: null,
              section_id: null,
              static_values: [],
              _delete: { permanent: false },
            },
          ]
        : [],
    ),
  }));
  return {
    has_more_profiles: false,
    created_time: created,
    modified_time: created,
    visible: true,
    source: 'crm',
    id: layoutId(module),
    name: 'Standard',
    display_label: 'Standard',
    mode: 'primary',
    subform_properties: { pinned_column: null },
    status: 'active',
    show_business_card: false,
    generated_type: 'default',
    created_for: userRef(CURRENT_USER),
    convert_mapping:
      module.apiName === 'Leads'
        ? {
            Contacts: { name: 'Standard', id: layoutId({ ...module, sequence: 4 }) },
            Deals: { fields: [], name: null, id: null },
            Accounts: { name: 'Standard', id: layoutId({ ...module, sequence: 3 }) },
            Invoices: minifiedLayout(),
            SalesOrders: minifiedLayout(),
          }
        : {
            Contacts: minifiedLayout(),
            Deals: { fields: [], name: null, id: null },
            Accounts: minifiedLayout(),
            Invoices: minifiedLayout(),
            SalesOrders: minifiedLayout(),
          },
    modified_by: userRef(CURRENT_USER),
    profiles: Object.entries(PROFILE_IDS).map(([name, id]) => ({
      default: true,
      name,
      id,
      _default_view: { name: `All ${module.plural}`, id: customViewId(module), type: 'custom_view' },
    })),
    created_by: userRef(CURRENT_USER),
    sections,
    actions_allowed: {
      edit: true,
      rename: false,
      clone: true,
      downgrade: false,
      delete: false,
      deactivate: false,
      set_layout_permissions: true,
    },
  };
}
