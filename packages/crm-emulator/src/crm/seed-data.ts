import type { JsonObject } from '../core/json.js';
import type { Random } from '../core/random.js';
import { formatDate, formatZohoDateTime } from '../core/time.js';
import type { SeedRecordInput } from '../options.js';
import { PICKLISTS } from './metadata/field-defs.js';
import { USERS, userRef } from './org-users.js';

const FIRST_NAMES = [
  'James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara',
  'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen', 'Daniel', 'Lisa', 'Matthew', 'Nancy',
  'Anthony', 'Sandra', 'Mark', 'Ashley', 'Steven', 'Emily', 'Paul', 'Donna', 'Andrew', 'Michelle', 'Kenji', 'Priya',
  'Wei', 'Fatima', 'Lucas', 'Sofia', 'Mateo', 'Chloe', 'Arjun', 'Aisha', 'Noah', 'Olivia', 'Liam', 'Emma', 'Ravi', 'Ingrid',
];

const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez',
  'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Perez', 'Thompson',
  'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright',
  'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores', 'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell',
  'Mitchell', 'Carter', "O'Brien",
];

const COMPANY_STEMS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Wonka', 'Cyberdyne', 'Soylent', 'Tyrell', 'Hooli', 'Vandelay',
  'Pied Piper', 'Gringotts', 'Oceanic', 'Monarch', 'Aperture', 'Black Mesa', 'Vehement', 'Massive Dynamic', 'Blue Sun',
  'Nakatomi', 'Prestige', 'Sterling', 'Dunder', 'Bluth', 'Krusty', 'Gekko', 'Ollivander', 'Zorg', 'Northwind', 'Contoso',
  'Fabrikam', 'Tailspin', 'Litware', 'Adventure Works', 'Lucerne', 'Proseware', 'Wingtip', 'Fourth Coffee',
];

const COMPANY_SUFFIXES = ['Inc', 'LLC', 'Ltd', 'Group', 'Corp', 'Partners', 'Logistics', 'Labs', 'Systems', 'Holdings'];

const PLACES: ReadonlyArray<readonly [city: string, state: string, country: string, zip: string]> = [
  ['Austin', 'Texas', 'United States', '78701'],
  ['Seattle', 'Washington', 'United States', '98101'],
  ['Chicago', 'Illinois', 'United States', '60601'],
  ['Boston', 'Massachusetts', 'United States', '02108'],
  ['Denver', 'Colorado', 'United States', '80202'],
  ['Toronto', 'Ontario', 'Canada', 'M5H 2N2'],
  ['London', 'England', 'United Kingdom', 'EC1A 1BB'],
  ['Manchester', 'England', 'United Kingdom', 'M1 1AE'],
  ['Chennai', 'Tamil Nadu', 'India', '600001'],
  ['Bengaluru', 'Karnataka', 'India', '560001'],
  ['Sydney', 'New South Wales', 'Australia', '2000'],
  ['Berlin', 'Berlin', 'Germany', '10115'],
];

const DESIGNATIONS = ['CEO', 'CTO', 'VP Sales', 'Head of Operations', 'Purchasing Manager', 'IT Manager', 'Owner', 'Consultant', 'Marketing Director', 'Office Manager'];

/** The generated data's timeline: the first record is created here, later ones follow. */
export const SEED_EPOCH = Date.UTC(2024, 0, 8, 3, 30, 0);

export interface GeneratedSeed {
  Accounts: SeedRecordInput[];
  Contacts: SeedRecordInput[];
  Leads: SeedRecordInput[];
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

function phone(random: Random): string {
  return `+1 ${random.int(201, 989)}-555-${String(random.int(100, 199)).padStart(4, '0')}`;
}

function mobile(random: Random): string {
  return `+1 (${random.int(201, 989)}) 555-${String(random.int(200, 999)).padStart(4, '0')}`;
}

function lookupRef(account: SeedRecordInput): JsonObject {
  return { name: String(account['Account_Name']), id: String(account.id) };
}

function owner(random: Random): JsonObject {
  // Most records belong to the current user, as in a small sales team.
  const user = random.chance(0.6) ? USERS[0] : random.pick(USERS);
  return userRef(user ?? (USERS[0] as (typeof USERS)[number]));
}

/**
 * Deterministic, realistic data: the same seed always yields the same records. Some leads lack a
 * Company, Lead_Status or Email — imported leads do, and strict layouts trip over exactly those.
 */
export function generateSeed(
  random: Random,
  counts: { leads: number; accounts: number; contacts: number },
  nextId: () => string,
): GeneratedSeed {
  let clock = SEED_EPOCH;
  // Records spread over about two years whatever their number, so no creation time lies in the future.
  const averageStepMinutes = (2 * 365 * 24 * 60) / Math.max(1, counts.leads + counts.accounts + counts.contacts);
  const stamp = (): { created: string; modified: string; by: JsonObject } => {
    clock += random.int(Math.max(1, Math.floor(averageStepMinutes * 0.2)), Math.max(2, Math.ceil(averageStepMinutes * 1.8))) * 60_000;
    const modifiedAt = clock + (random.chance(0.4) ? random.int(1, 60 * 24 * 30) * 60_000 : 0);
    return { created: formatZohoDateTime(clock), modified: formatZohoDateTime(modifiedAt), by: owner(random) };
  };

  const accounts: SeedRecordInput[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < counts.accounts; i++) {
    let name = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES)}`;
    while (usedNames.has(name)) name = `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES)}`;
    usedNames.add(name);
    const place = random.pick(PLACES);
    const t = stamp();
    accounts.push({
      id: nextId(),
      Owner: t.by,
      Account_Name: name,
      Phone: phone(random),
      Website: `https://www.${slug(name)}.com`,
      Account_Type: random.pick(PICKLISTS.ACCOUNT_TYPE),
      Industry: random.pick(PICKLISTS.INDUSTRY),
      Employees: random.int(5, 5000),
      Annual_Revenue: random.int(100, 50_000) * 1000,
      Billing_City: place[0],
      Billing_Country: place[2],
      Description: null,
      Created_Time: t.created,
      Modified_Time: t.modified,
      Created_By: t.by,
      Modified_By: t.by,
    });
  }

  const person = (): { first: string; last: string } => ({ first: random.pick(FIRST_NAMES), last: random.pick(LAST_NAMES) });

  const contacts: SeedRecordInput[] = [];
  for (let i = 0; i < counts.contacts; i++) {
    const { first, last } = person();
    const account = accounts.length > 0 && random.chance(0.8) ? random.pick(accounts) : undefined;
    const domain = account ? slug(String(account['Account_Name'])) : 'example';
    const place = random.pick(PLACES);
    const t = stamp();
    contacts.push({
      id: nextId(),
      Owner: t.by,
      First_Name: first,
      Last_Name: last,
      Account_Name: account ? lookupRef(account) : null,
      Email: `${slug(first)}.${slug(last)}@${domain}.com`,
      Phone: phone(random),
      Mobile: random.chance(0.5) ? mobile(random) : null,
      Title: random.pick(DESIGNATIONS),
      Department: null,
      Lead_Source: random.pick(PICKLISTS.LEAD_SOURCE),
      Date_of_Birth: random.chance(0.3) ? formatDate(Date.UTC(random.int(1955, 2000), random.int(0, 11), random.int(1, 28))) : null,
      Mailing_City: place[0],
      Mailing_Country: place[2],
      Description: null,
      Created_Time: t.created,
      Modified_Time: t.modified,
      Created_By: t.by,
      Modified_By: t.by,
    });
  }

  const leads: SeedRecordInput[] = [];
  for (let i = 0; i < counts.leads; i++) {
    const { first, last } = person();
    const company = random.chance(0.04) ? null : `${random.pick(COMPANY_STEMS)} ${random.pick(COMPANY_SUFFIXES)}`;
    const domain = company ? slug(company) : 'gmail';
    const place = random.pick(PLACES);
    const account = accounts.length > 0 && random.chance(0.3) ? random.pick(accounts) : undefined;
    const t = stamp();
    leads.push({
      id: nextId(),
      Owner: t.by,
      Company: company,
      First_Name: random.chance(0.95) ? first : null,
      Last_Name: last,
      Designation: random.chance(0.7) ? random.pick(DESIGNATIONS) : null,
      Email: random.chance(0.9) ? `${slug(first)}.${slug(last)}${random.chance(0.2) ? random.int(1, 99) : ''}@${domain}.com` : null,
      Phone: random.chance(0.8) ? phone(random) : null,
      Mobile: random.chance(0.5) ? mobile(random) : null,
      Website: company && random.chance(0.6) ? `https://www.${domain}.com` : null,
      Lead_Source: random.chance(0.9) ? random.pick(PICKLISTS.LEAD_SOURCE) : null,
      Lead_Status: random.chance(0.06) ? null : random.pick(PICKLISTS.LEAD_STATUS),
      Industry: random.chance(0.7) ? random.pick(PICKLISTS.INDUSTRY) : null,
      No_of_Employees: random.chance(0.6) ? random.int(1, 5000) : null,
      Annual_Revenue: random.chance(0.7) ? random.int(50, 20_000) * 1000 : null,
      Rating: random.chance(0.3) ? random.pick(PICKLISTS.RATING) : null,
      Email_Opt_Out: random.chance(0.08),
      Secondary_Email: null,
      Date_of_Birth: random.chance(0.2) ? formatDate(Date.UTC(random.int(1955, 2000), random.int(0, 11), random.int(1, 28))) : null,
      Account_Lookup: account ? lookupRef(account) : null,
      Street: random.chance(0.6) ? `${random.int(1, 9999)} ${random.pick(LAST_NAMES)} Street` : null,
      City: place[0],
      State: place[1],
      Zip_Code: place[3],
      Country: place[2],
      Description: random.chance(0.15) ? 'Met at the spring trade show; asked for a pricing sheet.' : null,
      Created_Time: t.created,
      Modified_Time: t.modified,
      Created_By: t.by,
      Modified_By: t.by,
    });
  }
  return { Accounts: accounts, Contacts: contacts, Leads: leads };
}
