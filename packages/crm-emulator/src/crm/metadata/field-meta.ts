import type { JsonObject, JsonValue } from '../../core/json.js';
import { formatZohoDateTime } from '../../core/time.js';
import { ORG_CREATED_AT, PROFILE_IDS } from '../org-users.js';
import type { FieldDataType, FieldDef, ModuleDef } from './field-defs.js';
import { PICKLIST_NONE } from './field-defs.js';
import { fieldId, layoutId, moduleId, picklistValueId } from './ids.js';

const JSON_TYPE: Record<FieldDataType, string> = {
  text: 'string',
  textarea: 'string',
  email: 'string',
  phone: 'string',
  website: 'string',
  picklist: 'string',
  integer: 'integer',
  bigint: 'string',
  currency: 'double',
  double: 'double',
  boolean: 'boolean',
  date: 'string',
  datetime: 'string',
  lookup: 'jsonobject',
  ownerlookup: 'jsonobject',
};

const UI_TYPE: Record<FieldDataType, number> = {
  text: 1,
  textarea: 3,
  email: 25,
  phone: 33,
  website: 21,
  picklist: 2,
  integer: 32,
  bigint: 32,
  currency: 36,
  double: 38,
  boolean: 301,
  date: 24,
  datetime: 333,
  lookup: 133,
  ownerlookup: 8,
};

const nullModule = (): JsonObject => ({ api_name: null, id: null });

function picklistValues(module: ModuleDef, index: number, field: FieldDef): JsonValue[] {
  if (field.dataType !== 'picklist' || !field.picklist) return [];
  return [PICKLIST_NONE, ...field.picklist].map((value, i) => ({
    display_value: value,
    sequence_number: i + 1,
    reference_value: value,
    colour_code: null,
    actual_value: value,
    id: picklistValueId(module, index, i),
    type: 'used',
  }));
}

/** The `/settings/fields` entry of one field, with every property Zoho sends. */
export function fieldMetadata(module: ModuleDef, field: FieldDef, index: number, lookupTargets: ReadonlyMap<string, ModuleDef>): JsonObject {
  const id = fieldId(module, index);
  const system = field.readOnly === true;
  const target = field.lookupModule !== undefined ? lookupTargets.get(field.lookupModule) : undefined;
  const created = formatZohoDateTime(ORG_CREATED_AT);
  return {
    associated_module: nullModule(),
    data_type: field.dataType,
    operation_type: { web_update: !system, api_create: !system, web_create: !system, api_update: !system },
    system_mandatory: field.systemMandatory === true,
    webhook: !system,
    sequence_number: index + 1,
    blueprint_supported: !system,
    virtual_field: false,
    field_read_only: system,
    customizable_properties: system ? [] : ['tooltip', 'visible', 'read_only'],
    read_only: system,
    custom_field: field.custom === true,
    businesscard_supported: !system,
    filterable: true,
    visible: true,
    available_in_user_layout: field.section !== undefined,
    display_field: field.apiName === module.nameField,
    pick_list_values_sorted_lexically: false,
    sortable: true,
    layout_associations: [{ api_name: 'Standard', name: 'Standard', id: layoutId(module) }],
    separator: false,
    searchable: true,
    enable_colour_code: false,
    mass_update: !system,
    json_type: JSON_TYPE[field.dataType],
    created_source: field.custom === true ? 'crm' : 'default',
    type: 'used',
    display_label: field.label,
    column_name: field.apiName.toUpperCase(),
    api_name: field.apiName,
    display_type: -1,
    ui_type: UI_TYPE[field.dataType],
    colour_code_enabled_by_system: false,
    length: field.length,
    decimal_place: field.decimalPlace ?? null,
    quick_sequence_number: field.section !== undefined ? String(index + 1) : '0',
    email_parser: { fields_update_supported: false, record_operations_supported: false },
    rollup_summary: {},
    refer_from_field: { id: null, api_name: null },
    created_time: field.custom === true ? created : null,
    modified_time: field.custom === true ? created : null,
    show_type: 7,
    category: 0,
    id,
    multi_module_lookup: {},
    sharing_properties: { scheduler_status: 'completed', share_preference_enabled: false, share_permission: 'read-write' },
    currency: field.dataType === 'currency' ? { rounding_option: 'normal', precision: field.decimalPlace ?? 2 } : {},
    file_upolad_optionlist: [],
    lookup:
      field.dataType === 'lookup' && target
        ? {
            display_label: target.singular,
            revalidate_filter_during_edit: false,
            api_name: field.apiName,
            module: { api_name: target.apiName, id: moduleId(target) },
            id: fieldId(module, index),
            query_details: {},
            show_fields: [],
          }
        : {},
    profiles: Object.entries(PROFILE_IDS).map(([name, profileId]) => ({
      permission_type: system ? 'read_only' : 'read_write',
      name,
      id: profileId,
    })),
    view_type: { view: true, edit: !system, quick_create: !system && field.section !== undefined, create: !system },
    unique: {},
    sub_module: nullModule(),
    subform: null,
    external: { show: false, type: null, allow_multiple_config: false },
    formula: {},
    private: { restricted: false, type: null, export: false },
    convert_mapping: {},
    multiselectlookup: {},
    multiuserlookup: {
      display_label: null,
      linking_module: nullModule(),
      connected_module: nullModule(),
      lookup_apiname: null,
      api_name: null,
      connectedfield_apiname: null,
      connectedlookup_apiname: null,
      id: null,
      record_access: null,
    },
    autonumber: { starting_number_length: 0, prefix: null, suffix: null, start_number: null },
    auto_number: {},
    pick_list_values: picklistValues(module, index, field),
    crypt: { mode: null, status: null },
    tooltip: { name: '', value: '' },
    history_tracking: { module: {}, duration_configured_field: nullModule() },
    association_details: { related_field: nullModule(), lookup_field: nullModule() },
    allowed_modules: [],
    additional_column: null,
    field_label: field.label,
    'common.picklist': null,
    hipaa_compliance_enabled: false,
    hipaa_compliance: { restricted_in_export: false, restricted: false },
    _update_existing_records: false,
    number_separator: false,
    textarea: field.dataType === 'textarea' ? { type: 'large' } : {},
    static_field: false,
  };
}
