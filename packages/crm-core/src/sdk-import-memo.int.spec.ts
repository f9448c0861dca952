import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import { createZohoClient } from './client.js';
import { loadSdk, type ZohoSdk } from './load-sdk.js';
import { resolveSdkEntry } from './sdk-copy.js';
import { memoiseSdkImports, type OriginalImports } from './sdk-import-memo.js';
import { startEmulatorEnv, type EmulatorEnv } from './test-support/emulator-env.js';
import type { ZohoClient } from './types.js';

// The SDK's own methods and the kept ones, on the same inputs, in the same initialised SDK (against
// the emulator): the same answers, the same errors with the same details.

type Json = Record<string, unknown>;
interface Checker {
  valueChecker(className: string, memberName: string, keyDetails: Json, value: unknown, unique: Record<string, unknown[]>, instanceNumber: number | null): Promise<boolean>;
}
type Parts = ZohoSdk & {
  CommonAPIHandler: new () => object;
  JSONConverter: new (handler: object) => Checker;
  DataCenter: { get(config: string): Promise<unknown> };
  HeaderParamValidator: new () => { getJSONDetails(): Promise<unknown> };
};

let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let sdk: Parts;
let original: OriginalImports;

beforeAll(async () => {
  env = await startEmulatorEnv(() => startEmulator({ leadCount: 2 }));
  client = createZohoClient({ config: env.config() });
  await client.init();
  sdk = (await loadSdk()) as Parts;
  original = memoiseSdkImports(sdk, resolveSdkEntry(import.meta.url));
}, 60_000);

afterAll(async () => {
  await client?.close();
  await env?.close();
});

/** What a call ends with, comparable: the value, or the error's code and details. */
async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; details?: unknown; constructor: { name: string } };
    return { error: e.constructor.name, code: e.code, message: e.message, details: e.details };
  }
}

describe('the import memo leaves the SDK behaviour unchanged (real SDK, initialised against the emulator)', () => {
  it('valueChecker: the same answer or the same SDKException for classes, lists, sub-types, picklists, uniqueness and lengths', async () => {
    const record = new sdk.Record.Record();
    const user = new sdk.Users.MinifiedUser();
    const cases: [string, Json, unknown][] = [
      ['a string', { name: 'Last_Name', type: 'String' }, 'Ng'],
      ['a number where a string belongs', { name: 'Last_Name', type: 'String' }, 12],
      ['an integer', { name: 'No_of_Employees', type: 'Integer' }, 12],
      ['a fraction as an integer', { name: 'No_of_Employees', type: 'Integer' }, 12.5],
      ['a record list', { name: 'data', type: 'List', structure_name: 'core/com/zoho/crm/api/record/record' }, [record, record]],
      ['a user in a record list', { name: 'data', type: 'List', structure_name: 'core/com/zoho/crm/api/record/record' }, [record, user]],
      ['a string list', { name: 'trigger', type: 'List', sub_type: { type: 'String' } }, ['workflow', 'approval']],
      ['a number in a string list', { name: 'trigger', type: 'List', sub_type: { type: 'String' } }, ['workflow', 3]],
      ['a user', { name: 'Owner', type: 'core/com/zoho/crm/api/users/minified_user' }, user],
      ['a record where a user belongs', { name: 'Owner', type: 'core/com/zoho/crm/api/users/minified_user' }, record],
      ['a time zone', { name: 'time_zone', type: 'TimeZone' }, { name: 'Asia/Kolkata' }],
      ['a picklist value', { name: 'Lead_Status', type: 'String', values: ['Contacted', 'Junk Lead'] }, 'Contacted'],
      ['a value outside a picklist', { name: 'Lead_Status', type: 'String', values: ['Contacted', 'Junk Lead'] }, 'Lost'],
      ['a choice outside a picklist', { name: 'Lead_Status', type: 'utils/util/choice', values: ['Contacted'] }, new sdk.Choice('Lost')],
      ['a multi-select value outside its values', { name: 'Tags', type: 'List', sub_type: { type: 'String' }, values: ['a', 'b'] }, ['a', new sdk.Choice('z')]],
      ['a multi-select within its values', { name: 'Tags', type: 'List', sub_type: { type: 'String' }, values: ['a', 'b'] }, ['a', new sdk.Choice('b')]],
      ['too long', { name: 'Mobile', type: 'String', max_length: 5 }, '+1 555 0100'],
      ['too short', { name: 'Mobile', type: 'String', min_length: 5 }, '12'],
    ];
    const checker = (own: boolean): Checker => {
      const c = new sdk.JSONConverter(new sdk.CommonAPIHandler());
      return own ? Object.assign(c, { valueChecker: original.valueChecker }) : c;
    };
    let errors = 0;
    for (const [what, details, value] of cases) {
      const sdkOwn = await outcome(() => checker(true).valueChecker('Record', what, details, value, {}, 2));
      const kept = await outcome(() => checker(false).valueChecker('Record', what, details, value, {}, 2));
      expect({ what, kept }).toStrictEqual({ what, kept: sdkOwn });
      if ((sdkOwn as { error?: string }).error) errors++;
    }
    // Both sides of each check ran: some values pass, some fail.
    expect(errors).toBeGreaterThanOrEqual(7);
    expect(errors).toBeLessThan(cases.length);

    // Uniqueness keeps state in the map it is given: the second equal value fails, on both.
    const unique = { name: 'Email', type: 'String', unique: true };
    for (const own of [true, false]) {
      const seen: Record<string, unknown[]> = {};
      const c = checker(own);
      await expect(c.valueChecker('Record', 'Email', unique, 'a@zylker.com', seen, 0)).resolves.toBe(true);
      const second = await outcome(() => c.valueChecker('Record', 'Email', unique, 'a@zylker.com', seen, 1));
      expect(second).toMatchObject({ error: 'SDKException', details: { 'first-index': 0, 'next-index': 1 } });
    }
  });

  it('DataCenter.get: the same environment for each domain, and null for one it does not know', async () => {
    for (const domain of ['https://www.zohoapis.com', 'https://www.zohoapis.eu', 'https://sandbox.zohoapis.com', env.emu.url]) {
      const kept = await sdk.DataCenter.get(domain);
      expect(kept).toBe(await original.dataCenterGet.call(sdk.DataCenter, domain));
      expect(await sdk.DataCenter.get(domain)).toBe(kept);
    }
    expect(await sdk.DataCenter.get(env.emu.url)).toBeNull();
  });

  it("getJSONDetails: the SDK's class metadata, as the SDK reads it", async () => {
    const validator = new sdk.HeaderParamValidator();
    expect(await validator.getJSONDetails()).toBe(await original.getJSONDetails.call(validator));
    expect(await validator.getJSONDetails()).toBe(sdk.Initializer.jsonDetails);
  });

  it('RecordOperations.updateRecords: the same refusal of a request or header of the wrong type, and no request sent', async () => {
    const operations = (own: boolean): { updateRecords(request: unknown, header?: unknown): Promise<unknown> } => {
      const ops = new sdk.Record.RecordOperations('Leads') as unknown as { updateRecords(request: unknown, header?: unknown): Promise<unknown> };
      return own ? Object.assign(ops, { updateRecords: original.updateRecords }) : ops;
    };
    const puts = (): number => env.emu.state.counters().routes['PUT /crm/v8/Leads'] ?? 0;
    const before = puts();
    for (const [request, header] of [[{ data: [] }, null], [new sdk.Record.BodyWrapper(), { 'If-Match': 'x' }]] as const) {
      const sdkOwn = await outcome(() => operations(true).updateRecords(request, header));
      expect(sdkOwn).toMatchObject({ error: 'SDKException' });
      expect(await outcome(() => operations(false).updateRecords(request, header))).toStrictEqual(sdkOwn);
    }
    expect(puts()).toBe(before);
  });

  it('real calls over HTTP with parameters and a structured value written, through the memo', async () => {
    const [lead] = env.emu.state.listRecords('Leads');
    const [written] = await client.updateRecords('Leads', [{ id: String(lead?.id), Mobile: '+1 555 0199', Lead_Status: 'Contacted' }]);
    expect(written).toMatchObject({ status: 'success' });
    const [read] = await client.getRecords('Leads', [String(lead?.id)], ['Mobile', 'Lead_Status']);
    expect(read).toMatchObject({ Mobile: '+1 555 0199', Lead_Status: 'Contacted' });
  });
});
