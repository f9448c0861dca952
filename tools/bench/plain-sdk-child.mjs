// The hand-tuned plain SDK contender: what a careful engineer writes with the SDK alone, knowing the
// org's required fields up front. Per wave of up to 20 batches in flight: GET 100 ids with the
// strict fields, PUT 100 records with them and the new Mobile; a 429 waits and is sent again.
// Same protocol as scenario-child.mjs: argv[2] a JSON file, "ready", a line on stdin, one JSON line.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import * as sdk from '@zohocrm/nodejs-sdk-8.0';

const FIELDS = ['Last_Name', 'Company', 'Lead_Status'];
const args = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const v = args.values;
const inFlight = args.concurrency ?? 20;
const token = new sdk.OAuthBuilder().clientId(v.CLIENT_ID).clientSecret(v.CLIENT_SECRET).refreshToken(v.REFRESH_TOKEN).build();
await (await new sdk.InitializeBuilder())
  .environment(new sdk.Environment(v.ZOHO_API_URL, `${v.ZOHO_ACCOUNTS_URL}/oauth/v2/token`, v.ZOHO_API_URL))
  .token(token)
  .store(new sdk.FileStore(`${v.ZOHO_DATA_DIR}/plain-sdk-tokens.txt`))
  .SDKConfig(new sdk.SDKConfigBuilder().timeout(30_000).pickListValidation(false).autoRefreshFields(false).build())
  .resourcePath(v.ZOHO_DATA_DIR)
  .initialize();

const ops = new sdk.Record.RecordOperations('Leads');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Sends `call` until it is not a 429. */
async function withRetry(call) {
  for (let attempt = 0; ; attempt++) {
    const response = await call();
    if (response.getStatusCode() !== 429 || attempt >= 8) return response;
    await sleep(200 * 2 ** attempt);
  }
}

async function read(ids) {
  const params = new sdk.ParameterMap();
  await params.add(sdk.Record.GetRecordsParam.IDS, ids.join(','));
  await params.add(sdk.Record.GetRecordsParam.FIELDS, FIELDS.join(','));
  const response = await withRetry(() => ops.getRecords(params, new sdk.HeaderMap()));
  const byId = new Map();
  for (const record of response.getObject().getData()) byId.set(String(record.getId()), record);
  return byId;
}

async function update(batch, mobile) {
  const current = await read(batch.map((b) => b.id));
  const records = batch.map(({ id, i }) => {
    const record = new sdk.Record.Record();
    record.setId(BigInt(id));
    const was = current.get(id);
    for (const f of FIELDS) record.addKeyValue(f, was?.getKeyValue(f) ?? null);
    record.addKeyValue('Mobile', mobile(i));
    return record;
  });
  const body = new sdk.Record.BodyWrapper();
  body.setData(records);
  body.setTrigger(['workflow', 'blueprint']);
  const response = await withRetry(() => ops.updateRecords(body, new sdk.HeaderMap()));
  const states = {};
  for (const item of response.getObject().getData()) {
    const state = item.getStatus().getValue() === 'success' ? 'updated' : 'failed';
    states[state] = (states[state] ?? 0) + 1;
  }
  return states;
}

// Warm-up, as the zcrmkit scenarios do: the token and the SDK's own field metadata.
await read([args.ids[0]]);
process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
await new Promise((resolve) => rl.once('line', resolve));
rl.close();
process.stdin.destroy();

const mobile = (i) => `${args.mobilePrefix}${String(i).padStart(4, '0')}`;
const batches = [];
for (let i = 0; i < args.ids.length; i += 100) batches.push(args.ids.slice(i, i + 100).map((id, k) => ({ id, i: i + k })));
const started = performance.now();
const cpuBefore = process.cpuUsage();
const states = {};
let next = 0;
await Promise.all(
  Array.from({ length: Math.min(inFlight, batches.length) }, async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      for (const [state, n] of Object.entries(await update(batch, mobile))) states[state] = (states[state] ?? 0) + n;
    }
  }),
);
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, states })}\n`, () => process.exit(0));
