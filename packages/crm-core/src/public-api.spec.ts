import { describe, expect, it } from '@jest/globals';
import * as api from './index.js';
import type { FieldMeta, LayoutMeta, RecordData, RecordInput, RecordResult, UpdateRecordsOptions, ZohoApiError, ZohoClient } from './index.js';

// The shape other packages are written against (the crm-core section of the project's contracts).
interface ContractClient {
  init(): Promise<void>;
  checkConnection(): Promise<unknown>;
  getFields(module: string): Promise<FieldMeta[]>;
  getLayouts(module: string): Promise<LayoutMeta[]>;
  clearMetadataCache(module?: string): void;
  getRecords(module: string, ids: string[], fields: string[]): Promise<RecordData[]>;
  updateRecords(module: string, records: RecordInput[], opts?: UpdateRecordsOptions): Promise<RecordResult[]>;
  close(): Promise<void>;
}
type ContractError = Pick<ZohoApiError, 'code' | 'status' | 'details' | 'retryable' | 'outcomeUnknown' | 'operation' | 'attempts' | 'message'>;

// Compile-time checks (run by `npm run lint`): these lines stop compiling if the API drifts.
const asContract = (client: ZohoClient): ContractClient => client;
const asContractError = (error: ZohoApiError): ContractError => error;
const input: RecordInput = { id: '1', Lead_Status: 'Contacted', Account_Lookup: { id: '2' }, Tags: ['a'], Annual_Revenue: 5, Email_Opt_Out: false, Designation: null };
const data: RecordData = { id: '1', Owner: { id: '2', name: 'U' }, Tags: ['a'], n: 1 };

describe('public API', () => {
  it('exports exactly the factory, the error, the checks, the org profile, the write outcome, the value comparison, the step names and the constants', () => {
    expect(Object.keys(api).sort()).toEqual(['BUILTIN_STEPS', 'CRITERIA_OPERATORS', 'Criteria', 'DEFAULT_OPTIONS', 'EMPTINESS_OPERATORS', 'MAX_CRITERIA_CONDITIONS', 'MAX_FIELDS_PER_CALL', 'MAX_IDS_PER_CALL', 'MAX_RECORDS_PER_UPDATE', 'MAX_SEARCH_IN_VALUES', 'SEARCH_OPERATORS', 'TRIGGER_NAMES', 'ZohoApiError', 'createZohoClient', 'defaultOrgProfilePath', 'errorFacts', 'escapeCriteriaValue', 'fieldTypes', 'fileOrgProfileStore', 'isApiName', 'isEmptyValue', 'isLookupType', 'isNumberType', 'isTriggerName', 'isZohoApiError', 'isZohoId', 'orgProfile', 'orgProfileKey', 'sameValue', 'toUpdateValue', 'where', 'writeOutcomeOf', 'writeRecords']);
    expect(typeof asContract).toBe('function');
    expect(typeof asContractError).toBe('function');
    expect(input.id).toBe(data.id);
  });
});
