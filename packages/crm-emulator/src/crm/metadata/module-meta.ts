import type { JsonObject } from '../../core/json.js';
import { formatZohoDateTime } from '../../core/time.js';
import { CURRENT_USER, ORG_CREATED_AT, PROFILE_IDS, fullName, userRef } from '../org-users.js';
import type { ModuleDef } from './field-defs.js';
import { customViewId, fieldId, layoutId, moduleId } from './ids.js';

function fieldRef(module: ModuleDef, apiName: string): JsonObject {
  const index = module.fields.findIndex((f) => f.apiName === apiName);
  return { api_name: apiName, id: fieldId(module, index) };
}

function customView(module: ModuleDef): JsonObject {
  const created = formatZohoDateTime(ORG_CREATED_AT);
  const owner = { name: fullName(CURRENT_USER), id: CURRENT_USER.id, email: CURRENT_USER.email };
  return {
    display_value: `All ${module.plural}`,
    system_name: `ALLVIEWS`,
    category: 'public_views',
    created_time: created,
    modified_time: created,
    last_accessed_time: null,
    name: `All ${module.plural}`,
    created_by: owner,
    modified_by: owner,
    module: { name: module.apiName, id: moduleId(module) },
    criteria: { comparator: null, field: { api_name: null, id: null }, value: null, group_operator: null, group: [] },
    default: true,
    system_defined: true,
    locked: false,
    favorite: null,
    offline: true,
    access_type: 'public',
    shared_to: [],
    fields: ['Full_Name', 'Account_Name', 'Company', 'Email', 'Phone'].flatMap((name) => {
      const index = module.fields.findIndex((f) => f.apiName === name);
      return index === -1 ? [] : [{ id: fieldId(module, index), api_name: name, _pin: false }];
    }),
    sort_by: { id: fieldId(module, module.fields.findIndex((f) => f.apiName === 'Modified_Time')), api_name: 'Modified_Time' },
    sort_order: 'desc',
    id: customViewId(module),
  };
}

/** The `/settings/modules` entry of one module. */
export function moduleMetadata(module: ModuleDef): JsonObject {
  return {
    has_more_profiles: false,
    sub_menu_available: false,
    'common.search_supported': true,
    deletable: false,
    description: null,
    creatable: true,
    recycle_bin_on_delete: true,
    inventory_template_supported: false,
    modified_time: formatZohoDateTime(ORG_CREATED_AT),
    plural_label: module.plural,
    presence_sub_menu: false,
    triggers_supported: true,
    id: moduleId(module),
    chart_view: false,
    isBlueprintSupported: true,
    visibility: 1,
    visible: true,
    convertable: module.apiName === 'Leads',
    editable: true,
    emailTemplate_support: true,
    email_parser_supported: true,
    filter_supported: true,
    show_as_tab: true,
    web_link: null,
    sequence_number: module.sequence,
    singular_label: module.singular,
    viewable: true,
    api_supported: true,
    api_name: module.apiName,
    quick_create: true,
    generated_type: 'default',
    feeds_required: false,
    scoring_supported: true,
    webform_supported: module.apiName !== 'Accounts',
    arguments: [],
    module_name: module.moduleName,
    chart_view_supported: true,
    profile_count: Object.keys(PROFILE_IDS).length,
    business_card_field_limit: 5,
    track_current_data: true,
    modified_by: userRef(CURRENT_USER),
    profiles: Object.entries(PROFILE_IDS).map(([name, id]) => ({ name, id })),
    parent_module: {},
    activity_badge: 'Enabled',
    $field_states: [],
    business_card_fields: [],
    per_page: 200,
    $properties: [],
    $on_demand_properties: [],
    search_layout_fields: [module.nameField, 'Email'].filter((n) => module.fields.some((f) => f.apiName === n)),
    kanban_view_supported: true,
    lookup_field_properties: {
      fields: [module.nameField, 'Email'].flatMap((name, i) =>
        module.fields.some((f) => f.apiName === name) ? [{ sequence_number: i + 1, ...fieldRef(module, name) }] : [],
      ),
    },
    kanban_view: false,
    related_lists: [],
    filter_status: true,
    related_list_properties: { sort_by: { api_name: null, id: null }, fields: [module.nameField], sort_order: null },
    display_field: fieldRef(module, module.nameField),
    layouts: [{ name: 'Standard', id: layoutId(module) }],
    fields: [],
    custom_view: customView(module),
    zia_view: false,
    default_mapping_fields: [],
    layout_associations: [{ api_name: 'Standard', name: 'Standard', id: layoutId(module) }],
  };
}
