import { REQUIRED_SCOPES } from '@zcrmkit/auth';
import { untilAborted } from './abort-wait.js';
import { currentUserRun, orgRun, type CurrentUser, type OrgInfo } from './identity.js';
import { cachedFields } from './metadata.js';
import type { CallPolicy } from './options.js';
import type { Runtime } from './runtime.js';
import { SCOPE_ERROR_CODES } from './runtime-identity.js';
import { errorFromAnswer, settle } from './sdk-response.js';
import type { ConnectionReport } from './types.js';
import { ZohoApiError } from './zoho-api-error.js';

const PROBE_MODULE = 'Leads';

type Probe<T> = { ok: true; value: T } | { ok: false; scopeMissing: true; code: string };

async function probe<T>(run: () => Promise<T>): Promise<Probe<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    if (error instanceof ZohoApiError && SCOPE_ERROR_CODES.has(String(error.code))) return { ok: false, scopeMissing: true, code: String(error.code) };
    throw error;
  }
}

/**
 * Which required scopes work, inferred from one cheap call each: users (users.READ), org (org.READ),
 * field metadata (settings), one record (modules). Scope errors are findings; anything else fails.
 */
export async function checkConnection(rt: Runtime, policy: CallPolicy, signal?: AbortSignal): Promise<ConnectionReport> {
  const { config } = rt;
  const warnings: string[] = [];
  const read = { kind: 'read', signal } as const;
  // A check asks Zoho itself: what the org profile kept says nothing of today's scopes.
  const user = rt.user && !rt.identityKept ? ({ ok: true, value: rt.user } as Probe<CurrentUser>) : await probe(() => rt.call(policy, 'getCurrentUser', currentUserRun(rt.sdk, rt.redactor), read));
  const org = rt.org && !rt.identityKept ? ({ ok: true, value: rt.org } as Probe<OrgInfo>) : await probe(() => rt.call(policy, 'getOrganization', orgRun(rt.sdk, rt.redactor), read));
  const fields = await probe(() => untilAborted(cachedFields(rt, policy, PROBE_MODULE), signal, 'checkConnection'));
  const firstField = fields.ok ? fields.value.find((f) => f.apiName === 'Last_Name')?.apiName ?? fields.value[0]?.apiName : undefined;
  const records = await probe(() =>
    rt.call(policy, `probeRecords(${PROBE_MODULE})`, async (inv) => {
      const params = new rt.sdk.ParameterMap();
      await params.add(rt.sdk.Record.GetRecordsParam.PER_PAGE, 1);
      if (firstField) await params.add(rt.sdk.Record.GetRecordsParam.FIELDS, firstField);
      const answer = await settle(await new rt.sdk.Record.RecordOperations(PROBE_MODULE).getRecords(params));
      const error = errorFromAnswer(answer, `probeRecords(${PROBE_MODULE})`, inv, rt.redactor);
      if (error) throw error;
      return answer.status;
    }, read),
  );

  const verdicts: [string, boolean][] = [
    ['ZohoCRM.modules.ALL', records.ok],
    ['ZohoCRM.settings.ALL', fields.ok],
    ['ZohoCRM.users.READ', user.ok],
    ['ZohoCRM.org.READ', org.ok],
  ];
  const confirmed = verdicts.filter(([, ok]) => ok).map(([s]) => s);
  const missing = verdicts.filter(([, ok]) => !ok).map(([s]) => s);
  if (!policy.findUser) warnings.push('findUser is off: the SDK names its metadata files after a hash of the credentials instead of the user and org');
  if (records.ok) warnings.push('ZohoCRM.modules.ALL: read access confirmed; write access is not probed');
  return {
    dataCenter: config.dataCenter,
    environment: config.environment,
    apiUrl: config.apiUrl,
    accountsUrl: config.accountsUrl,
    org: org.ok ? org.value : { id: '', name: '' },
    user: { email: user.ok ? user.value.email : '' },
    scopes: { required: REQUIRED_SCOPES, confirmed, missing, ok: missing.length === 0 },
    warnings,
  };
}
