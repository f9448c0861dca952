import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import type { ZohoSdk } from './load-sdk.js';
import { conversionStats, type OriginalConversion } from './sdk-conversion-memo.js';
import { memoiseSdkJson } from './sdk-json-memo.js';
import { startConversionEnv, type ConversionEnv } from './test-support/sdk-conversion-env.js';
import type { ZohoClient } from './types.js';

// The SDK converts with and without the memo, on the same inputs, in the same process: a converter
// given the SDK's own methods as own properties runs the SDK's code throughout, since every step
// calls the next through `this`. The field file is the one the SDK wrote from the emulator.

const RESPONSE_HANDLER = 'core/com/zoho/crm/api/record/response_handler';
const ACTION_HANDLER = 'core/com/zoho/crm/api/record/action_handler';
const BODY_WRAPPER = 'core/com/zoho/crm/api/record/body_wrapper';

interface Handler {
  setModuleAPIName(name: string): void;
  setCategoryMethod(category: string): void;
  setAPIPath(path: string): void;
}
interface Converter {
  findRatio(className: string, json: unknown): number;
  getWrappedResponse(response: { body: string }, pack: string): Promise<[unknown, unknown] | null>;
  formRequest(request: unknown, pack: string, instanceNumber: null, memberDetail: null): Promise<unknown>;
}
type Parts = ZohoSdk & {
  CommonAPIHandler: new () => Handler;
  JSONConverter: new (handler: Handler) => Converter;
};

let conv: ConversionEnv<RunningEmulator>;
let client: ZohoClient;
let sdk: Parts;
let original: OriginalConversion;
let leadIds: string[];

beforeAll(async () => {
  conv = await startConversionEnv(() => startEmulator({ leadCount: 5 }));
  ({ client, leadIds, original } = conv);
  sdk = conv.sdk as Parts;
}, 60_000);

afterAll(async () => {
  await conv?.close();
});

function converter(memo: boolean, category: 'READ' | 'UPDATE'): Converter {
  const handler = new sdk.CommonAPIHandler();
  handler.setModuleAPIName('Leads');
  handler.setCategoryMethod(category);
  handler.setAPIPath('/crm/v8/Leads');
  const c = new sdk.JSONConverter(handler);
  return memo ? c : Object.assign(c, original);
}

/** Field-file lookups, counted by the getJSON memo in front of them. */
function fieldFileLookups(): number {
  const stats = memoiseSdkJson(sdk.Initializer as unknown as { getJSON: (f: string) => unknown });
  return stats.reads + stats.hits;
}

const owner = { name: 'Patricia Boyle', id: '6051205000000326001', email: 'p.boyle@zylker.com' };
function lead(i: number): Record<string, unknown> {
  return {
    id: `60512050000002${String(10000 + i).padStart(5, '0')}`,
    Owner: owner,
    Last_Name: `Lead ${i}`,
    First_Name: i % 2 ? null : 'Ann',
    Company: 'Zylker & Co #1',
    Lead_Status: ['Contacted', 'Not Contacted', 'Junk Lead'][i % 3],
    Lead_Source: i % 2 ? 'Web Download' : null,
    No_of_Employees: 120 + i,
    Annual_Revenue: 1250000.5,
    Email_Opt_Out: i % 2 === 0,
    Date_of_Birth: '1990-04-17',
    Created_Time: '2026-11-02T09:15:00+05:30',
    Modified_By: { name: 'Carl Ng', id: '6051205000000326002', email: 'carl@zylker.com' },
    Account_Lookup: i % 2 ? { name: 'Zylker', id: '6051205000000400001' } : null,
    // Keys without metadata: a multi-select, an object list, a number, a nested map.
    Tag_List: ['Hot', 'Q4', 'Partner'],
    Tag: [{ name: 'vip', id: '6051205000000500001' }],
    Score__c: 42.5,
    $approval: { delegate: false, approve: true },
    $state: 'save',
  };
}

async function readThrough(memo: boolean, body: unknown): Promise<{ data: unknown[]; info: unknown; lookups: number }> {
  const before = fieldFileLookups();
  const answer = await converter(memo, 'READ').getWrappedResponse({ body: JSON.stringify(body) }, RESPONSE_HANDLER);
  const lookups = fieldFileLookups() - before;
  const wrapper = answer?.[0] as { getData(): { getKeyValues(): Map<string, unknown> }[]; getInfo(): unknown };
  return { data: wrapper.getData().map((r) => r.getKeyValues()), info: wrapper.getInfo(), lookups };
}

describe('the conversion memo leaves the SDK output unchanged (real SDK, field file from the emulator)', () => {
  it('reads: the same Record key-values for picklists, owner, lookups, dates, numbers, nulls, 19-digit ids and keys without metadata', async () => {
    const body = { data: Array.from({ length: 6 }, (_, i) => lead(i)), info: { per_page: 6, count: 6, page: 1, more_records: false } };
    const sdkOwn = await readThrough(false, body);
    const before = { ...conversionStats };
    const memo = await readThrough(true, body);
    // Converted without awaits, once the module details were read: not by the fallback.
    expect(conversionStats.sync - before.sync).toBe(1);
    expect(conversionStats.fallback - before.fallback).toBe(0);
    expect(memo.data).toStrictEqual(sdkOwn.data);
    expect(memo.info).toStrictEqual(sdkOwn.info);
    const first = sdkOwn.data[0] as Map<string, unknown>;
    expect(first.get('id')).toBe(6051205000000210000n);
    expect(first.get('Lead_Status')).toBeInstanceOf(sdk.Choice);
    expect(first.get('Owner')).toBeInstanceOf(sdk.Users.MinifiedUser);
    expect(first.get('Created_Time')).toBeInstanceOf(Date);
    // The SDK looks a module up in the field file for each record (6 leads, 3 with an account);
    // with the memo, once per module per response.
    expect(sdkOwn.lookups).toBe(9);
    expect(memo.lookups).toBe(2);
  });

  it('a lookup answer converts the same as a record of the looked-up module', async () => {
    const body = { data: [{ ...lead(1), Account_Lookup: { name: 'Zylker', id: '6051205000000400001', Account_Name: 'Zylker' } }] };
    const memo = await readThrough(true, body);
    expect(memo.data).toStrictEqual((await readThrough(false, body)).data);
    expect((memo.data[0] as Map<string, unknown>).get('Account_Lookup')).toBeInstanceOf(sdk.Record.Record);
  });

  it('writes: the same request body JSON', async () => {
    const build = (): unknown => {
      const records = [0, 1, 2].map((i) => {
        const r = new sdk.Record.Record();
        r.setId(BigInt(lead(i)['id'] as string));
        r.addKeyValue('Last_Name', `Lead ${i}`);
        r.addKeyValue('Company', 'Zylker & Co #1');
        r.addKeyValue('Lead_Status', new sdk.Choice(i ? 'Contacted' : 'Junk Lead'));
        r.addKeyValue('Mobile', `+1 555 010 000${i}`);
        r.addKeyValue('No_of_Employees', 12 + i);
        r.addKeyValue('Annual_Revenue', 99.5);
        r.addKeyValue('Date_of_Birth', new Date(Date.UTC(1990, 3, 17)));
        r.addKeyValue('First_Name', null);
        r.addKeyValue('Tag_List', ['Hot', 'Q4']);
        const user = new sdk.Users.MinifiedUser();
        user.setId(6051205000000326001n);
        r.addKeyValue('Owner', user);
        const account = new sdk.Record.Record();
        account.setId(6051205000000400001n);
        r.addKeyValue('Account_Lookup', account);
        return r;
      });
      const body = new sdk.Record.BodyWrapper();
      body.setData(records);
      body.setTrigger(['workflow', 'blueprint']);
      return body;
    };
    const sdkOwn = await converter(false, 'UPDATE').formRequest(build(), BODY_WRAPPER, null, null);
    const memo = await converter(true, 'UPDATE').formRequest(build(), BODY_WRAPPER, null, null);
    expect(JSON.stringify(memo)).toBe(JSON.stringify(sdkOwn));
    expect(memo).toMatchObject({ data: [{ id: '6051205000000210000', Lead_Status: 'Junk Lead', Owner: { id: '6051205000000326001' } }, {}, {}], trigger: ['workflow', 'blueprint'] });
  });

  it('a 207 answer, success and error mixed: the same action responses', async () => {
    const body = {
      data: [
        { code: 'SUCCESS', details: { Modified_Time: '2026-12-07T10:00:00+05:30', Modified_By: { name: 'Carl Ng', id: '6051205000000326002' }, Created_Time: '2026-11-02T09:15:00+05:30', id: '6051205000000210000', Created_By: owner }, message: 'record updated', status: 'success' },
        { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Lead_Status', json_path: '$.data[1].Lead_Status' }, message: 'required field not found', status: 'error' },
        { code: 'INVALID_DATA', details: { api_name: 'id', expected_data_type: 'bigint' }, message: 'the id given seems to be invalid', status: 'error' },
      ],
    };
    const act = async (memo: boolean): Promise<unknown> => (await converter(memo, 'UPDATE').getWrappedResponse({ body: JSON.stringify(body) }, ACTION_HANDLER))?.[0];
    const sdkOwn = await act(false);
    const before = { ...conversionStats };
    const memo = await act(true);
    expect(conversionStats.sync - before.sync).toBe(1);
    expect(conversionStats.fallback - before.fallback).toBe(0);
    expect(memo).toStrictEqual(sdkOwn);
    const items = (memo as { getData(): unknown[] }).getData();
    expect(items.map((item) => item?.constructor.name)).toEqual(['SuccessResponse', 'APIException', 'APIException']);
  });

  it("findRatio: the SDK's score for every candidate class of the record answers, on answers of every kind", async () => {
    const details = sdk.Initializer.jsonDetails as unknown as Record<string, { interface?: boolean; classes?: string[] }>;
    const candidates = [...new Set(['core/com/zoho/crm/api/record/response_handler', 'core/com/zoho/crm/api/record/action_handler', 'core/com/zoho/crm/api/record/action_response'].flatMap((pack) => details[pack]?.classes ?? []))];
    expect(candidates.length).toBeGreaterThanOrEqual(4);
    const answers: unknown[] = [
      { code: 'SUCCESS', details: { id: '6051205000000210000', Modified_Time: '2026-12-07T10:00:00+05:30' }, message: 'record updated', status: 'success' },
      { code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Lead_Status' }, message: 'required field not found', status: 'error' },
      { code: 'NOT_A_CODE', details: 'text', message: 7, status: 'warning' },
      { data: [lead(1)], info: { per_page: 1, count: 1, page: 1, more_records: false } },
      { info: { count: 3 } },
      { status: null, code: null },
      {},
    ];
    const scores = (own: boolean): number[] => candidates.flatMap((pack) => answers.map((json) => converter(!own, 'READ').findRatio(pack, json)));
    const sdkOwn = scores(true);
    expect(scores(false)).toStrictEqual(sdkOwn);
    // The inputs tell the classes apart: not every score is the same.
    expect(new Set(sdkOwn).size).toBeGreaterThan(3);
  });

  it('real calls over HTTP read back what they wrote, through the memo', async () => {
    const [written] = await client.updateRecords('Leads', [{ id: leadIds[1]!, Mobile: '+1 555 777 0101', Lead_Status: 'Contacted', Last_Name: 'Memo', Company: 'Zylker' }]);
    expect(written).toMatchObject({ status: 'success' });
    const [read] = await client.getRecords('Leads', [leadIds[1]!], ['Mobile', 'Lead_Status', 'Owner', 'Created_Time']);
    expect(read).toMatchObject({ id: leadIds[1], Mobile: '+1 555 777 0101', Lead_Status: 'Contacted' });
  });
});
