/** The data types the emulator models (Zoho's `data_type` values). */
export type FieldDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'integer'
  | 'bigint'
  | 'currency'
  | 'double'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup';

export interface FieldDef {
  apiName: string;
  label: string;
  dataType: FieldDataType;
  /** Max characters (text-like) or digits (numbers). */
  length: number;
  systemMandatory?: boolean;
  /** Set by the system only (Created_Time, Full_Name…): ignored when written, as Zoho does. */
  readOnly?: boolean;
  custom?: boolean;
  /** Picklist actual values; Zoho's `-None-` entry is added in front (it means "empty"). */
  picklist?: readonly string[];
  lookupModule?: string;
  /** Layout section the field sits in; `undefined` = not placed on the layout (e.g. Full_Name). */
  section?: string;
  decimalPlace?: number;
}

export interface SectionDef {
  name: string;
  label: string;
}

export interface ModuleDef {
  apiName: string;
  moduleName: string;
  singular: string;
  plural: string;
  sequence: number;
  /** The field whose value names a record in lookups. */
  nameField: string;
  sections: readonly SectionDef[];
  fields: readonly FieldDef[];
}

export const PICKLIST_NONE = '-None-';

const LEAD_STATUS = [
  'Not Contacted',
  'Attempted to Contact',
  'Contact in Future',
  'Contacted',
  'Junk Lead',
  'Lost Lead',
  'Not Qualified',
  'Pre-Qualified',
];

const LEAD_SOURCE = [
  'Advertisement',
  'Cold Call',
  'Employee Referral',
  'External Referral',
  'Online Store',
  'Partner',
  'Public Relations',
  'Sales Email Alias',
  'Seminar Partner',
  'Internal Seminar',
  'Trade Show',
  'Web Download',
  'Web Research',
  'Chat',
];

const INDUSTRY = [
  'ASP (Application Service Provider)',
  'Data/Telecom OEM',
  'ERP (Enterprise Resource Planning)',
  'Government/Military',
  'Large Enterprise',
  'ManagementISV',
  'MSP (Management Service Provider)',
  'Network Equipment Enterprise',
  'Non-management ISV',
  'Optical Networking',
  'Service Provider',
  'Small/Medium Enterprise',
  'Storage Equipment',
  'Storage Service Provider',
  'Systems Integrator',
  'Wireless Industry',
];

const RATING = ['Acquired', 'Active', 'Market Failed', 'Project Cancelled', 'Shut Down'];

const ACCOUNT_TYPE = ['Analyst', 'Competitor', 'Customer', 'Distributor', 'Integrator', 'Investor', 'Other', 'Partner', 'Press', 'Prospect', 'Reseller', 'Supplier', 'Vendor'];

function systemFields(section: string): FieldDef[] {
  return [
    { apiName: 'Created_By', label: 'Created By', dataType: 'ownerlookup', length: 20, readOnly: true, section },
    { apiName: 'Modified_By', label: 'Modified By', dataType: 'ownerlookup', length: 20, readOnly: true, section },
    { apiName: 'Created_Time', label: 'Created Time', dataType: 'datetime', length: 120, readOnly: true, section },
    { apiName: 'Modified_Time', label: 'Modified Time', dataType: 'datetime', length: 120, readOnly: true, section },
    { apiName: 'Last_Activity_Time', label: 'Last Activity Time', dataType: 'datetime', length: 120, readOnly: true, section },
  ];
}

export const LEADS: ModuleDef = {
  apiName: 'Leads',
  moduleName: 'Leads',
  singular: 'Lead',
  plural: 'Leads',
  sequence: 2,
  nameField: 'Full_Name',
  sections: [
    { name: 'Lead Information', label: 'Lead Information' },
    { name: 'Address Information', label: 'Address Information' },
    { name: 'Description Information', label: 'Description Information' },
  ],
  fields: [
    { apiName: 'Owner', label: 'Lead Owner', dataType: 'ownerlookup', length: 120, section: 'Lead Information' },
    { apiName: 'Company', label: 'Company', dataType: 'text', length: 200, section: 'Lead Information' },
    { apiName: 'First_Name', label: 'First Name', dataType: 'text', length: 40, section: 'Lead Information' },
    { apiName: 'Last_Name', label: 'Last Name', dataType: 'text', length: 80, systemMandatory: true, section: 'Lead Information' },
    { apiName: 'Full_Name', label: 'Lead Name', dataType: 'text', length: 120, readOnly: true },
    { apiName: 'Designation', label: 'Title', dataType: 'text', length: 100, section: 'Lead Information' },
    { apiName: 'Email', label: 'Email', dataType: 'email', length: 100, section: 'Lead Information' },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, section: 'Lead Information' },
    { apiName: 'Mobile', label: 'Mobile', dataType: 'phone', length: 30, section: 'Lead Information' },
    { apiName: 'Website', label: 'Website', dataType: 'website', length: 255, section: 'Lead Information' },
    { apiName: 'Lead_Source', label: 'Lead Source', dataType: 'picklist', length: 120, picklist: LEAD_SOURCE, section: 'Lead Information' },
    { apiName: 'Lead_Status', label: 'Lead Status', dataType: 'picklist', length: 120, picklist: LEAD_STATUS, section: 'Lead Information' },
    { apiName: 'Industry', label: 'Industry', dataType: 'picklist', length: 120, picklist: INDUSTRY, section: 'Lead Information' },
    { apiName: 'No_of_Employees', label: 'No. of Employees', dataType: 'integer', length: 9, section: 'Lead Information' },
    { apiName: 'Annual_Revenue', label: 'Annual Revenue', dataType: 'currency', length: 16, decimalPlace: 2, section: 'Lead Information' },
    { apiName: 'Rating', label: 'Rating', dataType: 'picklist', length: 120, picklist: RATING, section: 'Lead Information' },
    { apiName: 'Email_Opt_Out', label: 'Email Opt Out', dataType: 'boolean', length: 5, section: 'Lead Information' },
    { apiName: 'Secondary_Email', label: 'Secondary Email', dataType: 'email', length: 100, section: 'Lead Information' },
    { apiName: 'Date_of_Birth', label: 'Date of Birth', dataType: 'date', length: 20, custom: true, section: 'Lead Information' },
    { apiName: 'Account_Lookup', label: 'Account', dataType: 'lookup', length: 120, custom: true, lookupModule: 'Accounts', section: 'Lead Information' },
    ...systemFields('Lead Information'),
    { apiName: 'Street', label: 'Street', dataType: 'text', length: 250, section: 'Address Information' },
    { apiName: 'City', label: 'City', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'State', label: 'State', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Zip_Code', label: 'Zip Code', dataType: 'text', length: 30, section: 'Address Information' },
    { apiName: 'Country', label: 'Country', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, section: 'Description Information' },
  ],
};

export const ACCOUNTS: ModuleDef = {
  apiName: 'Accounts',
  moduleName: 'Accounts',
  singular: 'Account',
  plural: 'Accounts',
  sequence: 3,
  nameField: 'Account_Name',
  sections: [
    { name: 'Account Information', label: 'Account Information' },
    { name: 'Address Information', label: 'Address Information' },
    { name: 'Description Information', label: 'Description Information' },
  ],
  fields: [
    { apiName: 'Owner', label: 'Account Owner', dataType: 'ownerlookup', length: 120, section: 'Account Information' },
    { apiName: 'Account_Name', label: 'Account Name', dataType: 'text', length: 200, systemMandatory: true, section: 'Account Information' },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, section: 'Account Information' },
    { apiName: 'Website', label: 'Website', dataType: 'website', length: 255, section: 'Account Information' },
    { apiName: 'Account_Type', label: 'Account Type', dataType: 'picklist', length: 120, picklist: ACCOUNT_TYPE, section: 'Account Information' },
    { apiName: 'Industry', label: 'Industry', dataType: 'picklist', length: 120, picklist: INDUSTRY, section: 'Account Information' },
    { apiName: 'Employees', label: 'Employees', dataType: 'integer', length: 9, section: 'Account Information' },
    { apiName: 'Annual_Revenue', label: 'Annual Revenue', dataType: 'currency', length: 16, decimalPlace: 2, section: 'Account Information' },
    ...systemFields('Account Information'),
    { apiName: 'Billing_City', label: 'Billing City', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Billing_Country', label: 'Billing Country', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, section: 'Description Information' },
  ],
};

export const CONTACTS: ModuleDef = {
  apiName: 'Contacts',
  moduleName: 'Contacts',
  singular: 'Contact',
  plural: 'Contacts',
  sequence: 4,
  nameField: 'Full_Name',
  sections: [
    { name: 'Contact Information', label: 'Contact Information' },
    { name: 'Address Information', label: 'Address Information' },
    { name: 'Description Information', label: 'Description Information' },
  ],
  fields: [
    { apiName: 'Owner', label: 'Contact Owner', dataType: 'ownerlookup', length: 120, section: 'Contact Information' },
    { apiName: 'First_Name', label: 'First Name', dataType: 'text', length: 40, section: 'Contact Information' },
    { apiName: 'Last_Name', label: 'Last Name', dataType: 'text', length: 80, systemMandatory: true, section: 'Contact Information' },
    { apiName: 'Full_Name', label: 'Contact Name', dataType: 'text', length: 120, readOnly: true },
    { apiName: 'Account_Name', label: 'Account Name', dataType: 'lookup', length: 120, lookupModule: 'Accounts', section: 'Contact Information' },
    { apiName: 'Email', label: 'Email', dataType: 'email', length: 100, section: 'Contact Information' },
    { apiName: 'Phone', label: 'Phone', dataType: 'phone', length: 30, section: 'Contact Information' },
    { apiName: 'Mobile', label: 'Mobile', dataType: 'phone', length: 30, section: 'Contact Information' },
    { apiName: 'Title', label: 'Title', dataType: 'text', length: 100, section: 'Contact Information' },
    { apiName: 'Department', label: 'Department', dataType: 'text', length: 100, section: 'Contact Information' },
    { apiName: 'Lead_Source', label: 'Lead Source', dataType: 'picklist', length: 120, picklist: LEAD_SOURCE, section: 'Contact Information' },
    { apiName: 'Date_of_Birth', label: 'Date of Birth', dataType: 'date', length: 20, section: 'Contact Information' },
    ...systemFields('Contact Information'),
    { apiName: 'Mailing_City', label: 'Mailing City', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Mailing_Country', label: 'Mailing Country', dataType: 'text', length: 100, section: 'Address Information' },
    { apiName: 'Description', label: 'Description', dataType: 'textarea', length: 32000, section: 'Description Information' },
  ],
};

export const MODULES: readonly ModuleDef[] = [LEADS, ACCOUNTS, CONTACTS];

export const PICKLISTS = { LEAD_STATUS, LEAD_SOURCE, INDUSTRY, RATING, ACCOUNT_TYPE } as const;
