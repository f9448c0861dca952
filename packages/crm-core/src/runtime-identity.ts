import type { CallOptions, SdkRun } from './call-boundary.js';
import type { CoreLog } from './core-log.js';
import { currentUserRun, orgRun, type CurrentUser, type OrgInfo } from './identity.js';
import type { OrgIdentity } from './org-profile.js';
import type { ZohoSdk } from './load-sdk.js';
import type { CallPolicy } from './options.js';
import type { Redactor } from './redact.js';
import { ZohoApiError } from './zoho-api-error.js';

/** Zoho's answers when the token lacks a scope, or the user a permission. */
export const SCOPE_ERROR_CODES: ReadonlySet<string> = new Set(['OAUTH_SCOPE_MISMATCH', 'NO_PERMISSION']);

function scopeGap(error: unknown, log: CoreLog): undefined {
  if (!(error instanceof ZohoApiError) || !SCOPE_ERROR_CODES.has(String(error.code))) throw error;
  log.warn(`findUser skipped: ${error.operation} answered ${error.code}; resource files are named after a hash of the credentials instead`, { code: error.code });
  return undefined;
}

export interface FoundIdentity {
  user: CurrentUser | undefined;
  org: OrgInfo | undefined;
  /** True when they come from the org profile, not from this process's requests. */
  kept: boolean;
}

type Call = <R>(policy: CallPolicy, operation: string, run: SdkRun<R>, options?: CallOptions) => Promise<R>;

/**
 * The current user and org: from the org profile when an earlier process looked them up within
 * metadataTtlMs (the same answers, no requests), else what the SDK's findUser does after its own
 * refresh (which crm-core's store pre-empts) — they name the SDK's resource files, so metadata of
 * different orgs never mixes. Like the SDK, a token without users.READ / org.READ still
 * initialises (checkConnection reports the missing scope); any other failure fails init. The two
 * lookups run side by side and both settle before init goes on or fails (the user's error first),
 * so no call of a failed init outlives it.
 */
export async function findIdentity(sdk: ZohoSdk, policy: CallPolicy, call: Call, log: CoreLog, redactor: Redactor, kept: OrgIdentity | undefined): Promise<FoundIdentity> {
  if (kept) return { user: kept.user, org: kept.org, kept: true };
  if (!policy.findUser) return { user: undefined, org: undefined, kept: false };
  const [userOutcome, orgOutcome] = await Promise.allSettled([
    call(policy, 'getCurrentUser', currentUserRun(sdk, redactor)).catch((e: unknown) => scopeGap(e, log)),
    call(policy, 'getOrganization', orgRun(sdk, redactor)).catch((e: unknown) => scopeGap(e, log)),
  ]);
  if (userOutcome.status === 'rejected') throw userOutcome.reason;
  if (orgOutcome.status === 'rejected') throw orgOutcome.reason;
  return { user: userOutcome.value, org: orgOutcome.value, kept: false };
}
