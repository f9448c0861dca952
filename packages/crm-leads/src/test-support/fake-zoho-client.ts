// An in-memory stand-in for crm-core's ZohoClient, for unit tests of the pure logic. It keeps
// records, answers like Zoho (per-record results, MANDATORY_NOT_FOUND with details.api_name) and
// logs every call so tests can count them.
import type { FieldMeta, JsonValue, LayoutMeta, PlainValue, RecordData, RecordInput, RecordResult, SafeUpdateClient } from '../core-types.js';

export class FakeApiError extends Error {
  constructor(
    readonly code: string,
    readonly status?: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`${code}${status ? ` (HTTP ${status})` : ''}`);
  }
}

export interface Call {
  method: 'getFields' | 'getLayouts' | 'getRecords' | 'updateRecords' | 'clearMetadataCache';
  module: string;
  ids?: string[];
  fields?: string[];
  records?: RecordInput[];
  trigger?: string[] | undefined;
}

export interface Fault {
  method: 'getRecords' | 'updateRecords' | 'getFields';
  error: Error;
  /** For updateRecords: apply the update before throwing (a lost response). */
  applied?: boolean;
}

export const LEAD_FIELDS: FieldMeta[] = [
  { apiName: 'Last_Name', dataType: 'text', systemMandatory: true, readOnly: false, length: 80 },
  { apiName: 'First_Name', dataType: 'text', systemMandatory: false, readOnly: false, length: 40 },
  { apiName: 'Company', dataType: 'text', systemMandatory: false, readOnly: false, length: 200 },
  {
    apiName: 'Lead_Status',
    dataType: 'picklist',
    systemMandatory: false,
    readOnly: false,
    pickListValues: ['Not Contacted', 'Attempted to Contact', 'Contacted', 'Junk Lead'].map((v) => ({ displayValue: v, actualValue: v })),
  },
  {
    apiName: 'Lead_Source',
    dataType: 'picklist',
    systemMandatory: false,
    readOnly: false,
    pickListValues: [
      { displayValue: 'Web Form', actualValue: 'Web_Form' },
      { displayValue: 'Cold Call', actualValue: 'Cold_Call' },
    ],
  },
  { apiName: 'Mobile', dataType: 'phone', systemMandatory: false, readOnly: false, length: 30 },
  { apiName: 'Phone', dataType: 'phone', systemMandatory: false, readOnly: false, length: 30 },
  { apiName: 'Email', dataType: 'email', systemMandatory: false, readOnly: false, length: 100 },
  { apiName: 'Annual_Revenue', dataType: 'currency', systemMandatory: false, readOnly: false },
  { apiName: 'No_of_Employees', dataType: 'integer', systemMandatory: false, readOnly: false },
  { apiName: 'Date_of_Birth', dataType: 'date', systemMandatory: false, readOnly: false },
  { apiName: 'Follow_Up', dataType: 'datetime', systemMandatory: false, readOnly: false },
  { apiName: 'Email_Opt_Out', dataType: 'boolean', systemMandatory: false, readOnly: false },
  { apiName: 'Account_Lookup', dataType: 'lookup', systemMandatory: false, readOnly: false, lookupModule: 'Accounts' },
  { apiName: 'Owner', dataType: 'ownerlookup', systemMandatory: false, readOnly: false },
  { apiName: 'Industry', dataType: 'text', systemMandatory: false, readOnly: false },
  { apiName: 'Modified_Time', dataType: 'datetime', systemMandatory: false, readOnly: true },
  { apiName: 'Created_Time', dataType: 'datetime', systemMandatory: false, readOnly: true },
];

export function leadId(n: number): string {
  return `6051205000000${String(n).padStart(6, '0')}`;
}

export function makeLeads(count: number, overrides: (n: number) => Record<string, JsonValue> = () => ({})): RecordData[] {
  return Array.from({ length: count }, (_, n) => ({
    id: leadId(n),
    Last_Name: `Last${n}`,
    First_Name: `First${n}`,
    Company: `Company ${n}`,
    Lead_Status: 'Not Contacted',
    Mobile: `+1 555 000 ${String(n).padStart(4, '0')}`,
    Industry: null,
    Account_Lookup: { id: '6051205000999001', name: 'Acme' },
    Annual_Revenue: 1000 + n,
    Modified_Time: '2026-01-01T00:00:00+00:00',
    ...overrides(n),
  }));
}

export interface FakeOptions {
  fields?: FieldMeta[];
  layouts?: LayoutMeta[];
  records?: RecordData[];
  /** Fields every update payload must carry with a value, as Zoho does in the seed's org. */
  strictFields?: string[];
  module?: string;
}

export class FakeZohoClient implements SafeUpdateClient {
  readonly calls: Call[] = [];
  readonly records = new Map<string, Record<string, unknown>>();
  fields: FieldMeta[];
  layouts: LayoutMeta[];
  strictFields: string[];
  faults: Fault[] = [];
  /** Per-record error answers, by id (consumed once). */
  recordErrors = new Map<string, Omit<RecordResult, 'id' | 'status'>>();
  private clock = Date.parse('2026-02-01T00:00:00Z');

  constructor(options: FakeOptions = {}) {
    this.fields = options.fields ?? LEAD_FIELDS;
    this.layouts = options.layouts ?? [{ id: '1', name: 'Standard', requiredFields: ['Last_Name'] }];
    this.strictFields = options.strictFields ?? [];
    for (const r of options.records ?? []) this.records.set(r.id, structuredClone(r));
  }

  count(method: Call['method']): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  private takeFault(method: Fault['method']): Fault | undefined {
    const i = this.faults.findIndex((f) => f.method === method);
    return i === -1 ? undefined : this.faults.splice(i, 1)[0];
  }

  /** Every `maxAgeMs` the metadata calls were given, in order. */
  readonly maxAges: (number | undefined)[] = [];

  clearMetadataCache(module?: string): void {
    this.calls.push({ method: 'clearMetadataCache', module: module ?? '*' });
  }

  async getFields(module: string, opts?: { maxAgeMs?: number }): Promise<FieldMeta[]> {
    this.calls.push({ method: 'getFields', module });
    this.maxAges.push(opts?.maxAgeMs);
    const fault = this.takeFault('getFields');
    if (fault) throw fault.error;
    return structuredClone(this.fields);
  }

  async getLayouts(module: string, opts?: { maxAgeMs?: number }): Promise<LayoutMeta[]> {
    this.calls.push({ method: 'getLayouts', module });
    this.maxAges.push(opts?.maxAgeMs);
    return structuredClone(this.layouts);
  }

  async getRecords(module: string, ids: string[], fields: string[]): Promise<RecordData[]> {
    this.calls.push({ method: 'getRecords', module, ids: [...ids], fields: [...fields] });
    if (ids.length > 100) throw new FakeApiError('INVALID_INPUT');
    if (fields.length > 50) throw new FakeApiError('INVALID_INPUT');
    const fault = this.takeFault('getRecords');
    if (fault) throw fault.error;
    const out: RecordData[] = [];
    for (const id of ids) {
      const r = this.records.get(id);
      if (!r) continue;
      const picked: RecordData = { id };
      for (const f of fields) picked[f] = structuredClone(r[f] ?? null) as JsonValue;
      out.push(picked);
    }
    return out;
  }

  async updateRecords(module: string, records: RecordInput[], opts?: { trigger?: string[] }): Promise<RecordResult[]> {
    this.calls.push({ method: 'updateRecords', module, records: structuredClone(records), trigger: opts?.trigger });
    if (records.length > 100) throw new FakeApiError('INVALID_INPUT');
    const fault = this.takeFault('updateRecords');
    if (fault && !fault.applied) throw fault.error;
    const results = records.map((input) => this.applyOne(input));
    if (fault) throw fault.error;
    return results;
  }

  private applyOne(input: RecordInput): RecordResult {
    const stored = this.records.get(input.id);
    if (!stored) return { id: input.id, status: 'error', code: 'INVALID_DATA', message: 'the id given seems to be invalid', details: { api_name: 'id' } };
    const custom = this.recordErrors.get(input.id);
    if (custom) {
      this.recordErrors.delete(input.id);
      return { id: input.id, status: 'error', ...custom };
    }
    for (const f of this.strictFields) {
      const v = input[f];
      if (v === undefined || v === null || v === '') {
        return { id: input.id, status: 'error', code: 'MANDATORY_NOT_FOUND', message: 'required field not found', details: { api_name: f, json_path: `$.data[0].${f}` } };
      }
    }
    for (const [k, v] of Object.entries(input)) if (k !== 'id') stored[k] = structuredClone(v as PlainValue);
    this.clock += 1000;
    stored['Modified_Time'] = new Date(this.clock).toISOString();
    return { id: input.id, status: 'success', code: 'SUCCESS', message: 'record updated', details: { id: input.id } };
  }
}
