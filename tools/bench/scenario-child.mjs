// One safe-update scenario in its own process, so that its wall time and peak RSS are its own.
// Protocol: argv[2] is a JSON file { scenario, ids, mobilePrefix, values, concurrency?, cpuProfDir? }; the child
// initialises (token, users, org, field metadata), prints "ready", waits for a line on stdin, runs,
// then prints one JSON line with its measurements.
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '@zcrmkit/config';
import { createZohoClient } from '@zcrmkit/crm-core';
import { updateLeads } from '@zcrmkit/crm-leads';

const SEED_FIELDS = ['Last_Name', 'Company', 'Lead_Status'];
const args = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const config = loadConfig({ values: args.values, env: {}, envFile: false });
// The org's edition cap as the client's call budget, as a user of that edition would set it; crm-leads
// takes its batch concurrency from it.
const client = createZohoClient({ config, ...(args.concurrency ? { concurrency: args.concurrency } : {}) });
await client.init();
await client.getFields('Leads');
await client.getLayouts('Leads');
// The SDK fetches its own copy of the field metadata on the first record call: do it before measuring.
await client.getRecords('Leads', [args.ids[0]], ['Last_Name']);
// `-profiled` scenarios: an earlier run (here, one record) has taught the org profile what the org
// demands, as any run after an org's first one finds it.
if (args.scenario.endsWith('-profiled')) await updateLeads(client, [{ id: args.ids[0], changes: { Mobile: '+1 555 999 0000' } }], { strategy: 'optimistic' });

process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
await new Promise((resolve) => rl.once('line', resolve));
rl.close();
process.stdin.destroy();

// `--cpu-prof-dir DIR` on the bench: a CPU profile of the measured part only (not the start-up).
let profiler;
if (args.cpuProfDir) {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
const mobile = (i) => `${args.mobilePrefix}${String(i).padStart(4, '0')}`;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const states = {};
if (args.scenario === 'seed') {
  // The seed's pattern: per record, GET the three fields, then PUT them back with the new Mobile.
  for (const [i, id] of args.ids.entries()) {
    const [current] = await client.getRecords('Leads', [id], SEED_FIELDS);
    const record = { id, Mobile: mobile(i) };
    for (const f of SEED_FIELDS) record[f] = current?.[f] ?? null;
    const [result] = await client.updateRecords('Leads', [record], { trigger: ['workflow', 'blueprint'] });
    const state = result?.status === 'success' ? 'updated' : 'failed';
    states[state] = (states[state] ?? 0) + 1;
  }
} else {
  const items = args.ids.map((id, i) => ({ id, changes: { Mobile: mobile(i) } }));
  // Prefetch as the owner of an org that enforces its layout would run it (the seed's pattern assumed
  // as much and always sent the three fields): its required fields go with the first update, so no
  // update is refused and every batch starts at once. Optimistic keeps its defaults and learns.
  // The `-profiled` ones are told nothing: what they know comes from the org profile.
  const options = args.scenario === 'prefetch' ? { strategy: 'prefetch', layoutRulesEnforced: true } : { strategy: args.scenario.startsWith('prefetch') ? 'prefetch' : 'optimistic' };
  const summary = await updateLeads(client, items, options);
  Object.assign(states, summary.counts);
}
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const cpuMs = (cpu.user + cpu.system) / 1000;
if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  writeFileSync(path.join(args.cpuProfDir, `${args.scenario}-${args.ids.length}.cpuprofile`), JSON.stringify(profile));
  profiler.disconnect();
}
await client.close();
process.stdout.write(`${JSON.stringify({ wallMs, cpuMs, maxRssMb: process.resourceUsage().maxRSS / 1024, states })}\n`, () => process.exit(0));
