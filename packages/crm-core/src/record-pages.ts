import type { APIResponse, ParameterMap } from '@zohocrm/nodejs-sdk-8.0';
import type { CallPolicy } from './options.js';
import { rawRecords, recordToPlain, withWarmModule } from './records.js';
import type { Runtime } from './runtime.js';
import { errorFromAnswer, settle } from './sdk-response.js';
import type { RecordData } from './types.js';

/** One page of a listing or a search, as plain records, with what Zoho said about the rest. */
export interface RecordPage {
  records: RecordData[];
  more: boolean;
  nextPageToken: string | undefined;
}

export type PageRequest = (rt: Runtime, params: ParameterMap) => Promise<APIResponse>;

/**
 * Fetches one page through the call boundary (slot, deadline, retries: a read is safe to repeat).
 * 204 and 304 are an empty last page.
 */
export async function fetchRecordPage(
  rt: Runtime,
  policy: CallPolicy,
  module: string,
  operation: string,
  fill: (params: ParameterMap) => Promise<void>,
  send: PageRequest,
  signal: AbortSignal | undefined,
  heavy = false,
): Promise<RecordPage> {
  return withWarmModule(rt, module, signal, () =>
    rt.call(policy, operation, async (inv) => {
      const params = new rt.sdk.ParameterMap();
      await fill(params);
      const answer = await settle(await send(rt, params));
      const error = errorFromAnswer(answer, operation, inv, rt.redactor);
      if (error) throw error;
      if (answer.object === null || answer.status === 204 || answer.status === 304) return { records: [], more: false, nextPageToken: undefined };
      const data = (answer.object as { getData?: () => unknown }).getData?.();
      const raws = rawRecords(answer.json);
      const records: RecordData[] = [];
      (Array.isArray(data) ? data : []).forEach((record, i) => {
        const plain = recordToPlain(record, raws[i]);
        if (plain) records.push(plain);
      });
      const info = (answer.json as { info?: { more_records?: unknown; next_page_token?: unknown } } | null)?.info;
      return {
        records,
        more: info?.more_records === true,
        nextPageToken: typeof info?.next_page_token === 'string' && info.next_page_token !== '' ? info.next_page_token : undefined,
      };
    }, { kind: 'read', signal, heavy }),
  );
}
