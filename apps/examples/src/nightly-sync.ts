// A nightly job from code, as a service runs it: the changes come from your own system (here a
// generator standing in for a database cursor), go through @zcrmkit/bulk's one pipeline — checked
// as a whole, sent in groups, Ctrl-C/SIGTERM handled — and every outcome lands in a JSON Lines file.
import { iterableSource, jsonLinesResults, runBulkUpdate, watchProcessSignals, type BulkSummary } from '@zcrmkit/bulk';
import type { ZohoClient } from '@zcrmkit/crm-core';

/** One row of your own system: which lead, and its new phone number. */
export interface PhoneChange {
  leadId: string;
  mobile: string;
}

/** Sends `changes` to Zoho as safe updates; resolves with the run's summary (every row counted once). */
export async function syncMobiles(client: ZohoClient, changes: AsyncIterable<PhoneChange>, resultsFile: string): Promise<BulkSummary> {
  const signals = watchProcessSignals();
  try {
    return await runBulkUpdate({
      client,
      module: 'Leads',
      source: iterableSource(
        (async function* () {
          for await (const c of changes) yield { id: c.leadId, changes: { Mobile: c.mobile } };
        })(),
        { description: 'phone changes' },
      ),
      results: jsonLinesResults(resultsFile),
      signal: signals.drain,
      abandonSignal: signals.abandon,
      onProgress: ({ done, total }) => process.stderr.write(`\r${done}/${total}`),
    });
  } finally {
    signals.dispose();
  }
}
