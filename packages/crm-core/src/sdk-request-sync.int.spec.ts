import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type RunningEmulator } from '@zcrmkit/crm-emulator';
import type { ZohoSdk } from './load-sdk.js';
import { conversionStats, type OriginalConversion } from './sdk-conversion-memo.js';
import type { EmulatorEnv } from './test-support/emulator-env.js';
import { startConversionEnv, type ConversionEnv } from './test-support/sdk-conversion-env.js';
import type { ZohoClient } from './types.js';

// Request bodies converted by the SDK's own formRequest and by the synchronous one, on the same
// inputs, in the same process: the same JSON, or the same SDKException with the same details, and
// the same converter state afterwards. A converter given the SDK's own methods as own properties
// runs the SDK's code throughout. The field file is the one the SDK wrote from the emulator.

const BODY_WRAPPER = 'core/com/zoho/crm/api/record/body_wrapper';

interface Handler {
  setModuleAPIName(name: string | null): void;
  getModuleAPIName(): string | null;
  setCategoryMethod(category: string): void;
  setAPIPath(path: string): void;
  setMandatoryChecker(on: boolean): void;
}
interface Converter {
  commonAPIHandler: Handler;
  uniqueValuesMap: Record<string, unknown[]>;
  formRequest(request: unknown, pack: string, instanceNumber: null, memberDetail: null): Promise<unknown>;
  getModuleDetailFromUserSpecJSON(module: string): Promise<Record<string, unknown>>;
}
type Parts = ZohoSdk & {
  CommonAPIHandler: new () => Handler;
  JSONConverter: new (handler: Handler) => Converter;
};
type SdkRecord = { setId(id: bigint): void; addKeyValue(name: string, value: unknown): void };

let conv: ConversionEnv<RunningEmulator>;
let env: EmulatorEnv<RunningEmulator>;
let client: ZohoClient;
let sdk: Parts;
let original: OriginalConversion;
let leadIds: string[];

beforeAll(async () => {
  conv = await startConversionEnv(() => startEmulator({ leadCount: 3 }));
  ({ env, client, leadIds, original } = conv);
  sdk = conv.sdk as Parts;
}, 60_000);

afterAll(async () => {
  await conv?.close();
});

function converter(own: boolean, category: 'CREATE' | 'UPDATE', mandatory = false): Converter {
  const handler = new sdk.CommonAPIHandler();
  handler.setModuleAPIName('Leads');
  handler.setCategoryMethod(category);
  handler.setAPIPath('/crm/v8/Leads');
  if (mandatory) handler.setMandatoryChecker(true);
  const c = new sdk.JSONConverter(handler);
  return own ? Object.assign(c, original) : c;
}

const record = (): SdkRecord => new sdk.Record.Record() as unknown as SdkRecord;
function body(records: SdkRecord[], trigger: unknown = ['workflow']): unknown {
  const b = new sdk.Record.BodyWrapper() as unknown as { setData(d: unknown): void; setTrigger(t: unknown): void };
  b.setData(records);
  if (trigger !== undefined) b.setTrigger(trigger);
  return b;
}

/** What a conversion ends with, comparable, and the converter's state after it. */
async function convert(own: boolean, category: 'CREATE' | 'UPDATE', build: () => unknown, mandatory = false): Promise<unknown> {
  const c = converter(own, category, mandatory);
  let result: unknown;
  try {
    result = { json: JSON.stringify(await c.formRequest(build(), BODY_WRAPPER, null, null)) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown; details?: unknown; cause?: unknown; constructor: { name: string } };
    result = { error: e.constructor.name, code: e.code, message: e.message, details: e.details, cause: String(e.cause ?? '') };
  }
  return { result, moduleAfter: c.commonAPIHandler.getModuleAPIName(), unique: c.uniqueValuesMap };
}

async function same(category: 'CREATE' | 'UPDATE', build: () => unknown, mandatory = false): Promise<Record<string, unknown>> {
  const sdkOwn = await convert(true, category, build, mandatory);
  const before = { ...conversionStats };
  const kept = await convert(false, category, build, mandatory);
  expect(kept).toStrictEqual(sdkOwn);
  // Converted without awaits once the module detail was read: never by the SDK's own path.
  expect(conversionStats.requestSync - before.requestSync).toBe(1);
  expect(conversionStats.requestFallback - before.requestFallback).toBe(0);
  return (kept as { result: Record<string, unknown> }).result;
}

function lead(i: number): SdkRecord {
  const r = record();
  r.setId(BigInt(leadIds[i % leadIds.length]!));
  r.addKeyValue('Last_Name', `Lead ${i}`);
  r.addKeyValue('Company', 'Zylker & Co #1');
  r.addKeyValue('Lead_Status', new sdk.Choice(i ? 'Contacted' : 'Junk Lead'));
  r.addKeyValue('Mobile', `+1 555 010 000${i}`);
  r.addKeyValue('No_of_Employees', 12 + i);
  r.addKeyValue('Annual_Revenue', 99.5);
  r.addKeyValue('Date_of_Birth', new Date(Date.UTC(1990, 3, 17)));
  r.addKeyValue('First_Name', null);
  r.addKeyValue('Email_Opt_Out', i % 2 === 0);
  const user = new sdk.Users.MinifiedUser() as unknown as { setId(id: bigint): void };
  user.setId(6051205000000326001n);
  r.addKeyValue('Owner', user);
  const account = record();
  account.setId(6051205000000400001n);
  account.addKeyValue('Account_Name', 'Zylker');
  r.addKeyValue('Account_Lookup', account);
  return r;
}

describe('the synchronous request conversion writes what the SDK writes (real SDK, field file from the emulator)', () => {
  it('an update of fields of every kind: picklist choices, an owner, a lookup, dates, numbers, booleans, nulls', async () => {
    const result = await same('UPDATE', () => body([0, 1, 2].map(lead), ['workflow', 'blueprint']));
    const json = JSON.parse(result['json'] as string) as { data: Record<string, unknown>[]; trigger: string[] };
    expect(json.trigger).toEqual(['workflow', 'blueprint']);
    expect(json.data).toHaveLength(3);
    expect(json.data[0]).toMatchObject({ id: leadIds[0], Lead_Status: 'Junk Lead', Owner: { id: '6051205000000326001' }, Account_Lookup: { id: '6051205000000400001' }, First_Name: null });
  });

  it('keys without field metadata: the SDK guesses their type from the value (dates, primitives, records, lists, maps, choices)', async () => {
    const build = (): unknown => {
      const r = lead(1);
      r.addKeyValue('Custom_Date__c', new Date(2026, 11, 7));
      r.addKeyValue('Custom_Time__c', new Date(2026, 11, 7, 9, 30, 15));
      r.addKeyValue('Custom_Text__c', 'text');
      r.addKeyValue('Custom_Number__c', 42.5);
      r.addKeyValue('Custom_Flag__c', true);
      const inner = record();
      inner.setId(6051205000000500001n);
      r.addKeyValue('Custom_Record__c', inner);
      r.addKeyValue('Custom_Records__c', [inner, inner]);
      r.addKeyValue('Custom_List__c', ['a', 1, new sdk.Choice('x')]);
      r.addKeyValue('Custom_Map__c', new Map<string, unknown>([['k', 'v'], ['n', [1, 2]], ['m', new Map([['deep', new sdk.Choice('c')]])]]));
      r.addKeyValue('Custom_Choice__c', new sdk.Choice('pick'));
      r.addKeyValue('$approval', new Map([['approve', true]]));
      return body([r]);
    };
    const result = await same('UPDATE', build);
    const json = JSON.parse(result['json'] as string) as { data: Record<string, unknown>[] };
    expect(json.data[0]).toMatchObject({ Custom_Text__c: 'text', Custom_Number__c: 42.5, Custom_Choice__c: 'pick', Custom_Map__c: { k: 'v', n: [1, 2], m: { deep: 'c' } } });
  });

  it('refusals: the same SDKException with the same details', async () => {
    // A string where the field metadata says Integer.
    const wrongType = await same('UPDATE', () => {
      const r = lead(0);
      r.addKeyValue('No_of_Employees', 'twelve');
      return body([r]);
    });
    expect(wrongType).toMatchObject({ error: 'SDKException', code: 'TYPE ERROR' });
    // A record where a user belongs.
    const wrongClass = await same('UPDATE', () => {
      const r = lead(0);
      r.addKeyValue('Owner', record());
      return body([r]);
    });
    expect(wrongClass).toMatchObject({ error: 'SDKException', code: 'TYPE ERROR' });
    // A list of records holding something else.
    const wrongItem = await same('UPDATE', () => body([lead(0), 'not a record' as unknown as SdkRecord]));
    expect(wrongItem).toMatchObject({ error: 'SDKException' });
    // A trigger that is not a list of strings.
    const wrongTrigger = await same('UPDATE', () => body([lead(0)], ['workflow', 3]));
    expect(wrongTrigger).toMatchObject({ error: 'SDKException', code: 'TYPE ERROR' });
  });

  it("the mandatory check: a create without the module's required field, with the SDK's checker on", async () => {
    const refused = await same(
      'CREATE',
      () => {
        const r = record();
        r.addKeyValue('Company', 'Zylker');
        return body([r]);
      },
      true,
    );
    expect(refused).toMatchObject({ error: 'SDKException', code: 'MANDATORY VALUE ERROR' });
    expect(String((refused['details'] as { keys?: unknown }).keys)).toContain('Last_Name');
    const accepted = await same(
      'CREATE',
      () => {
        const r = record();
        r.addKeyValue('Company', 'Zylker');
        r.addKeyValue('Last_Name', 'Ng');
        return body([r]);
      },
      true,
    );
    expect(accepted['json']).toContain('"Last_Name":"Ng"');
  });

  it("a module detail that changes (a field's detail replaced, a field added) is read again, not answered from what was kept", async () => {
    const create = (): unknown => {
      const r = record();
      r.addKeyValue('Last_Name', 'Ng');
      return body([r]);
    };
    expect(await same('CREATE', create, true)).toHaveProperty('json');
    const detail = await converter(false, 'CREATE').getModuleDetailFromUserSpecJSON('Leads');
    const company = detail['Company'] as Record<string, unknown>;
    try {
      detail['Company'] = { ...company, required: true };
      const companyRequired = await same('CREATE', create, true);
      expect(String((companyRequired['details'] as { keys?: unknown }).keys)).toContain('Company');
      detail['Company'] = company;
      detail['Zz_Added__c'] = { name: 'Zz_Added__c', type: 'String', required: true };
      const added = await same('CREATE', create, true);
      expect(String((added['details'] as { keys?: unknown }).keys)).toBe('Zz_Added__c');
    } finally {
      detail['Company'] = company;
      delete detail['Zz_Added__c'];
    }
    expect(await same('CREATE', create, true)).toHaveProperty('json');
  });

  it('a real update over HTTP sends the converted body: the emulator holds the new values', async () => {
    const before = { ...conversionStats };
    const [written] = await client.updateRecords('Leads', [{ id: leadIds[2]!, Mobile: '+1 555 777 0202', Lead_Status: 'Contacted', Last_Name: 'Sync', Company: 'Zylker' }]);
    expect(written).toMatchObject({ status: 'success' });
    expect(conversionStats.requestSync - before.requestSync).toBe(1);
    expect(env.emu.state.listRecords('Leads').find((r) => String(r.id) === leadIds[2])).toMatchObject({ Mobile: '+1 555 777 0202', Last_Name: 'Sync' });
  });
});
