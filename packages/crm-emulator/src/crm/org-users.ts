import type { JsonObject } from '../core/json.js';
import { ORG_ID_PREFIX } from '../core/formats.js';
import { ORG_TIME_ZONE, formatZohoDateTime } from '../core/time.js';

export interface EmulatedUser {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  role: string;
  profile: string;
}

export const USERS: readonly EmulatedUser[] = [
  { id: `${ORG_ID_PREFIX}010001`, firstName: 'Patricia', lastName: 'Boyle', email: 'patricia.boyle@zylker.com', role: 'CEO', profile: 'Administrator' },
  { id: `${ORG_ID_PREFIX}010007`, firstName: 'Chris', lastName: 'Gomes', email: 'chris.gomes@zylker.com', role: 'Manager', profile: 'Standard' },
  { id: `${ORG_ID_PREFIX}010013`, firstName: 'Amelia', lastName: 'Burrows', email: 'amelia.burrows@zylker.com', role: 'Manager', profile: 'Standard' },
];

export const CURRENT_USER = USERS[0] as EmulatedUser;

export const ORG_ID = '60512050';
export const ORG_ZGID = '60512051';
const ROLE_IDS: Record<string, string> = { CEO: `${ORG_ID_PREFIX}026005`, Manager: `${ORG_ID_PREFIX}026008` };
export const PROFILE_IDS: Record<string, string> = { Administrator: `${ORG_ID_PREFIX}026011`, Standard: `${ORG_ID_PREFIX}026014` };

/** Fixed instants so that generated metadata never depends on the wall clock. */
export const ORG_CREATED_AT = Date.UTC(2023, 2, 14, 4, 30, 0);

export function fullName(user: EmulatedUser): string {
  return `${user.firstName} ${user.lastName}`;
}

/** `{name, id, email}` — how records reference users (Owner, Created_By, Modified_By). */
export function userRef(user: EmulatedUser): JsonObject {
  return { name: fullName(user), id: user.id, email: user.email };
}

/** The user's Zoho Accounts id (zuid), stable per user. */
export function zuidOf(user: EmulatedUser): string {
  return String(700000000 + Number(user.id.slice(-5)));
}

export function findUser(id: string): EmulatedUser | undefined {
  return USERS.find((u) => u.id === id);
}

export function userJson(user: EmulatedUser): JsonObject {
  const created = formatZohoDateTime(ORG_CREATED_AT);
  const admin = CURRENT_USER;
  return {
    country: 'US',
    language: 'en_US',
    microsoft: false,
    id: user.id,
    state: 'California',
    fax: null,
    country_locale: 'en_US',
    zip: '94588',
    created_time: created,
    time_format: 'hh:mm a',
    offset: 19800000,
    profile: { name: user.profile, id: PROFILE_IDS[user.profile] ?? null },
    role: { name: user.role, id: ROLE_IDS[user.role] ?? null },
    created_by: { name: fullName(admin), id: admin.id, email: admin.email },
    full_name: fullName(user),
    zuid: zuidOf(user),
    phone: null,
    dob: null,
    status: 'active',
    customize_info: {
      notes_desc: null,
      show_right_panel: null,
      bc_view: null,
      unpin_recent_item: null,
      show_home: false,
      show_detail_view: true,
    },
    city: 'Pleasanton',
    signature: null,
    sort_order_preference__s: 'First Name,Last Name',
    category: 'regular_user',
    date_format: 'MMM d, yyyy',
    confirm: true,
    decimal_separator: 'Period',
    number_separator: null,
    time_zone: ORG_TIME_ZONE,
    last_name: user.lastName,
    mobile: null,
    ...(user.id === admin.id ? {} : { Reporting_To: { name: fullName(admin), id: admin.id, email: admin.email } }),
    Currency: 'USD',
    Modified_Time: created,
    website: 'zylker.com',
    status_reason__s: null,
    email: user.email,
    first_name: user.firstName,
    sandboxDeveloper: false,
    alias: null,
    street: null,
    Modified_By: { name: fullName(admin), id: admin.id, last_name: admin.lastName, first_name: admin.firstName },
    Isonline: true,
    locale: 'en_US',
    name_format__s: 'Salutation,First Name,Last Name',
    personal_account: false,
    default_tab_group: '0',
    theme: {
      normal_tab: { font_color: '#FFFFFF', background: '#222222' },
      selected_tab: { font_color: '#FFFFFF', background: '#222222' },
      new_background: null,
      background: '#F3F0EB',
      screen: 'fixed',
      type: 'default',
    },
    sort_order_preference: 'First Name,Last Name',
  };
}

export function orgJson(): JsonObject {
  const admin = CURRENT_USER;
  return {
    country: 'United States',
    photo_id: null,
    city: 'Pleasanton',
    description: null,
    mc_status: false,
    gapps_enabled: false,
    translation_enabled: true,
    street: '4141 Hacienda Drive',
    domain_name: `org${ORG_ID}`,
    alias: null,
    currency: 'US Dollar - USD',
    id: ORG_ID,
    state: 'California',
    fax: null,
    zip: '94588',
    employee_count: '24',
    website: 'www.zylker.com',
    currency_symbol: '$',
    mobile: null,
    currency_locale: 'en_US',
    primary_zuid: String(700000000 + Number(admin.id.slice(-5))),
    zia_portal_id: null,
    time_zone: ORG_TIME_ZONE,
    zgid: ORG_ZGID,
    country_code: 'US',
    deletable_org_account: false,
    license_details: {
      paid_expiry: formatZohoDateTime(Date.UTC(2027, 2, 14, 0, 0, 0)),
      users_license_purchased: 10,
      trial_type: null,
      trial_expiry: null,
      paid: true,
      paid_type: 'enterprise',
      trial_action: '',
    },
    hierarchy_preferences: { type: 'Role_Hierarchy', strictly_reporting: false },
    phone: '+1 925-555-0100',
    company_name: 'Zylker Traders',
    privacy_settings: false,
    primary_email: admin.email,
    iso_code: 'USD',
    hipaa_compliance_enabled: false,
    lite_users_enabled: false,
    max_per_page: 200,
    ezgid: `z${ORG_ZGID}`,
    call_icon: 'none',
    oauth_presence: true,
    zia_zgid: 0,
    checkin_preferences: { restricted_event_types: null },
    type: 'Production',
    created_time: formatZohoDateTime(ORG_CREATED_AT),
  };
}
