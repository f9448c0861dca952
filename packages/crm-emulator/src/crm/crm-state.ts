import { RecordIdSequence } from '../core/formats.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import { isJsonObject } from '../core/json.js';
import { createRandom } from '../core/random.js';
import { formatZohoDateTime } from '../core/time.js';
import type { SeedRecordInput } from '../options.js';
import type { FieldDef, ModuleDef } from './metadata/field-defs.js';
import { MODULES } from './metadata/field-defs.js';
import { fieldMetadata } from './metadata/field-meta.js';
import { layoutMetadata } from './metadata/layout-meta.js';
import { moduleMetadata } from './metadata/module-meta.js';
import { CURRENT_USER, findUser, userRef } from './org-users.js';
import type { ZohoRecord } from './record-store.js';
import { RecordStore } from './record-store.js';
import { generateSeed } from './seed-data.js';
import { AutomationLog } from './automation-log.js';
import { EmulatorError } from '../core/emulator-error.js';

export interface CrmStateSettings {
  seed: number;
  leadCount: number;
  /** Records per module that replace the generated ones (options.records merged with the seed file). */
  records: Record<string, SeedRecordInput[]> | undefined;
  strictLayout: Record<string, string[]>;
  layoutRequired: Record<string, string[]>;
  /** Fields set to "Do not allow duplicate values", per module (DUPLICATE_DATA on a clash). */
  uniqueFields?: Record<string, string[]>;
  clock: () => number;
}

export class UnknownModuleError extends EmulatorError {
  override readonly name = 'UnknownModuleError';
  constructor(message: string) {
    super('UNKNOWN_MODULE', message);
  }
}

export class UnknownFieldError extends EmulatorError {
  override readonly name = 'UnknownFieldError';
  constructor(message: string) {
    super('UNKNOWN_FIELD', message);
  }
}

const LOOKUP_TARGETS: ReadonlyMap<string, ModuleDef> = new Map(MODULES.map((m) => [m.apiName, m]));

// A module's fields never change: each write looks up every key it carries, so by name, not by scan.
const FIELDS_BY_NAME = new WeakMap<ModuleDef, ReadonlyMap<string, FieldDef>>();

function fieldsByName(module: ModuleDef): ReadonlyMap<string, FieldDef> {
  let byName = FIELDS_BY_NAME.get(module);
  if (!byName) {
    byName = new Map(module.fields.map((f) => [f.apiName, f]));
    FIELDS_BY_NAME.set(module, byName);
  }
  return byName;
}

/** The CRM side of the emulator: metadata, records and the layout rules that apply to writes. */
export class CrmState {
  readonly store = new RecordStore();
  readonly automation = new AutomationLog();
  private ids!: RecordIdSequence;
  private strict = new Map<string, string[]>();
  private layoutRequired = new Map<string, string[]>();
  private unique = new Map<string, string[]>();
  private readonly fieldsCache = new Map<string, JsonObject[]>();
  /** requiredFields() per module until its layout-required list changes: every write asks. */
  private readonly requiredCache = new Map<string, { list: readonly string[]; set: ReadonlySet<string> }>();

  constructor(private readonly settings: CrmStateSettings) {
    this.reset();
  }

  /** Back to the seed: records regenerated, layout rules as configured at start. */
  reset(): void {
    this.ids = new RecordIdSequence(createRandom(this.settings.seed, 'record-ids'));
    this.strict = new Map();
    this.layoutRequired = new Map();
    this.requiredCache.clear();
    this.unique = new Map();
    for (const [module, fields] of Object.entries(this.settings.uniqueFields ?? {})) this.setUniqueFields(module, fields);
    for (const [module, fields] of Object.entries(this.settings.strictLayout)) this.setStrictLayout(module, fields);
    for (const [module, fields] of Object.entries(this.settings.layoutRequired)) this.setLayoutRequired(module, fields);
    this.store.clear();
    this.automation.clear();
    const generated = generateSeed(
      createRandom(this.settings.seed, 'records'),
      { leads: this.settings.leadCount, accounts: 40, contacts: 60 },
      () => this.ids.next(),
    );
    for (const module of MODULES) {
      const provided = this.settings.records?.[module.apiName];
      const inputs = provided ?? generated[module.apiName as keyof typeof generated];
      this.store.replace(module.apiName, []);
      if (!provided) this.seedRecords(module.apiName, inputs, false);
    }
    // Provided records go in after every module exists, so their lookups can point anywhere.
    for (const module of MODULES) {
      const provided = this.settings.records?.[module.apiName];
      if (provided) this.seedRecords(module.apiName, provided, true);
    }
    this.resolveLookups();
  }

  /**
   * Once every module is loaded: lookups get their target's name, and lookups to records that do not
   * exist (e.g. generated accounts that provided records replaced) are cleared.
   */
  private resolveLookups(): void {
    for (const module of MODULES) {
      const lookups = module.fields.filter((f) => f.dataType === 'lookup');
      for (const record of this.store.list(module.apiName)) {
        for (const field of lookups) {
          const value = record[field.apiName];
          const id = isJsonObject(value) ? value['id'] : value;
          if (typeof id !== 'string') continue;
          const name = this.lookupName(field.lookupModule ?? '', id);
          record[field.apiName] = name === undefined ? null : { name, id };
        }
      }
    }
  }

  modules(): readonly ModuleDef[] {
    return MODULES;
  }

  /** Module by api name; Zoho's URLs accept any letter case. */
  module(name: string): ModuleDef | undefined {
    const lower = name.toLowerCase();
    return MODULES.find((m) => m.apiName.toLowerCase() === lower);
  }

  requireModule(name: string): ModuleDef {
    const module = this.module(name);
    if (!module) throw new UnknownModuleError(`unknown module ${name} (emulated: ${MODULES.map((m) => m.apiName).join(', ')})`);
    return module;
  }

  field(module: ModuleDef, apiName: string): FieldDef | undefined {
    return fieldsByName(module).get(apiName);
  }

  private requireFields(module: ModuleDef, fields: readonly string[]): string[] {
    for (const name of fields) {
      if (!this.field(module, name)) throw new UnknownFieldError(`${module.apiName} has no field ${name}`);
    }
    return [...fields];
  }

  nextId(): string {
    return this.ids.next();
  }

  /** `true` = the default list (Leads: Last_Name, Company, Lead_Status); `false`/empty = off. */
  setStrictLayout(moduleName: string, fields: readonly string[] | boolean): void {
    const module = this.requireModule(moduleName);
    if (fields === false || (Array.isArray(fields) && fields.length === 0)) {
      this.strict.delete(module.apiName);
      return;
    }
    const list = fields === true ? (module.apiName === 'Leads' ? ['Last_Name', 'Company', 'Lead_Status'] : module.fields.filter((f) => f.systemMandatory).map((f) => f.apiName)) : fields;
    this.strict.set(module.apiName, this.requireFields(module, list as readonly string[]));
  }

  strictFields(module: ModuleDef): readonly string[] | undefined {
    return this.strict.get(module.apiName);
  }

  setLayoutRequired(moduleName: string, fields: readonly string[]): void {
    const module = this.requireModule(moduleName);
    this.layoutRequired.set(module.apiName, this.requireFields(module, fields));
    this.requiredCache.delete(module.apiName);
  }

  /** System-mandatory plus layout-required fields, in field order. */
  requiredFields(module: ModuleDef): readonly string[] {
    return this.required(module).list;
  }

  /** requiredFields() as a set. */
  requiredFieldSet(module: ModuleDef): ReadonlySet<string> {
    return this.required(module).set;
  }

  private required(module: ModuleDef): { list: readonly string[]; set: ReadonlySet<string> } {
    let required = this.requiredCache.get(module.apiName);
    if (!required) {
      const layout = new Set(this.layoutRequired.get(module.apiName) ?? []);
      const list = Object.freeze(module.fields.filter((f) => f.systemMandatory === true || layout.has(f.apiName)).map((f) => f.apiName));
      required = { list, set: new Set(list) };
      this.requiredCache.set(module.apiName, required);
    }
    return required;
  }

  /** Fields whose values must be unique in the module (an empty list: none). */
  setUniqueFields(moduleName: string, fields: readonly string[]): void {
    const module = this.requireModule(moduleName);
    if (fields.length === 0) this.unique.delete(module.apiName);
    else this.unique.set(module.apiName, this.requireFields(module, fields));
  }

  uniqueFields(module: ModuleDef): readonly string[] {
    return this.unique.get(module.apiName) ?? [];
  }

  layoutRequiredFields(module: ModuleDef): readonly string[] {
    return this.layoutRequired.get(module.apiName) ?? [];
  }

  config(): { strictLayout: Record<string, string[]>; layoutRequired: Record<string, string[]>; uniqueFields: Record<string, string[]> } {
    return {
      uniqueFields: Object.fromEntries([...this.unique].map(([m, f]) => [m, [...f]])),
      strictLayout: Object.fromEntries([...this.strict].map(([m, f]) => [m, [...f]])),
      layoutRequired: Object.fromEntries([...this.layoutRequired].map(([m, f]) => [m, [...f]])),
    };
  }

  fieldsJson(module: ModuleDef): JsonObject[] {
    let fields = this.fieldsCache.get(module.apiName);
    if (!fields) {
      fields = module.fields.map((f, i) => fieldMetadata(module, f, i, LOOKUP_TARGETS));
      this.fieldsCache.set(module.apiName, fields);
    }
    return structuredClone(fields);
  }

  layoutsJson(module: ModuleDef): JsonObject[] {
    // Strict mode is an org that enforces its layout's rules on API updates: the layout shows them.
    const required = new Set([...this.layoutRequiredFields(module), ...(this.strictFields(module) ?? [])]);
    return [layoutMetadata(module, required, LOOKUP_TARGETS)];
  }

  modulesJson(): JsonObject[] {
    return MODULES.map(moduleMetadata);
  }

  /** The display name a lookup to this record carries. */
  recordName(module: ModuleDef, record: ZohoRecord): string {
    const value = record[module.nameField];
    return typeof value === 'string' ? value : '';
  }

  lookupName(moduleName: string, id: string): string | undefined {
    const module = this.module(moduleName);
    const record = module ? this.store.get(module.apiName, id) : undefined;
    return module && record ? this.recordName(module, record) : undefined;
  }

  userRef(id: string): JsonObject | undefined {
    const user = findUser(id);
    return user ? userRef(user) : undefined;
  }

  /** Keeps derived fields (Full_Name) in step with the fields they come from. */
  deriveFields(module: ModuleDef, record: ZohoRecord): void {
    if (this.field(module, 'Full_Name')) {
      const first = typeof record['First_Name'] === 'string' ? record['First_Name'] : '';
      const last = typeof record['Last_Name'] === 'string' ? record['Last_Name'] : '';
      record['Full_Name'] = `${first} ${last}`.trim();
    }
  }

  /**
   * Puts records in as given (no validation: seeds may hold states the API would refuse, such as a
   * lead without Company). Missing ids, owners and times are filled in; lookups given as a bare id
   * or `{id}` get their name.
   */
  seedRecords(moduleName: string, inputs: readonly SeedRecordInput[], replace: boolean): string[] {
    const module = this.requireModule(moduleName);
    const now = formatZohoDateTime(this.settings.clock());
    const me = userRef(CURRENT_USER);
    const records: ZohoRecord[] = inputs.map((input) => {
      const id = typeof input.id === 'string' && /^\d{1,19}$/.test(input.id) ? input.id : this.ids.next();
      const record: ZohoRecord = { id };
      for (const [key, value] of Object.entries(input)) {
        if (key === 'id' || value === undefined) continue;
        record[key] = value;
      }
      record['Owner'] = this.normalizeUser(record['Owner']) ?? me;
      record['Created_By'] = this.normalizeUser(record['Created_By']) ?? me;
      record['Modified_By'] = this.normalizeUser(record['Modified_By']) ?? me;
      if (typeof record['Created_Time'] !== 'string') record['Created_Time'] = now;
      if (typeof record['Modified_Time'] !== 'string') record['Modified_Time'] = record['Created_Time'];
      // Keys added one by one by name leave V8 a slow dictionary object; a copy is a fast one, and
      // the first update of each seeded record (a copy of it) costs a fifth as much.
      return { ...record };
    });
    if (replace) this.store.replace(module.apiName, []);
    for (const record of records) this.store.set(module.apiName, record);
    // Second pass: lookups may point at records seeded in the same call.
    for (const record of records) {
      for (const field of module.fields) {
        if (field.dataType === 'lookup' && record[field.apiName] !== undefined && record[field.apiName] !== null) {
          record[field.apiName] = this.normalizeLookup(field, record[field.apiName] as JsonValue);
        }
      }
      this.deriveFields(module, record);
    }
    return records.map((r) => r.id);
  }

  private normalizeUser(value: JsonValue | undefined): JsonObject | undefined {
    const id = isJsonObject(value) ? value['id'] : value;
    return typeof id === 'string' ? this.userRef(id) ?? (isJsonObject(value) ? value : undefined) : undefined;
  }

  private normalizeLookup(field: FieldDef, value: JsonValue): JsonValue {
    const id = isJsonObject(value) ? value['id'] : value;
    if (typeof id !== 'string') return value;
    const name = this.lookupName(field.lookupModule ?? '', id);
    return { name: name ?? (isJsonObject(value) && typeof value['name'] === 'string' ? value['name'] : ''), id };
  }
}
