import type { ZohoSdk } from './load-sdk.js';
import { choiceValue, errorFromAnswer, settle } from './sdk-response.js';
import type { SdkRun } from './call-boundary.js';
import type { Redactor } from './redact.js';
import { fromSdkId } from './ids.js';
import { ZohoApiError } from './zoho-api-error.js';
import type { CurrentUser, OrgInfo } from './identity-types.js';

export type { CurrentUser, OrgInfo } from './identity-types.js';

/** `GET /users?type=CurrentUser`, as the SDK's findUser does. */
export function currentUserRun(sdk: ZohoSdk, redactor: Redactor): SdkRun<CurrentUser> {
  return async (inv) => {
    const params = new sdk.ParameterMap();
    await params.add(sdk.Users.GetUsersParam.TYPE, 'CurrentUser');
    const answer = await settle(await new sdk.Users.UsersOperations().getUsers(params));
    const error = errorFromAnswer(answer, 'getCurrentUser', inv, redactor);
    if (error) throw error;
    const users = (answer.object as { getUsers?: () => unknown[] } | null)?.getUsers?.() ?? [];
    const user = users[0] as { getEmail?: () => unknown; getId?: () => unknown } | undefined;
    const email = user?.getEmail?.();
    if (typeof email !== 'string' || email === '') throw new ZohoApiError({ code: 'BAD_RESPONSE', message: 'getCurrentUser: Zoho returned no current user', operation: 'getCurrentUser', status: answer.status });
    return { email, id: fromSdkId(user?.getId?.()) };
  };
}

/** `GET /org`. */
export function orgRun(sdk: ZohoSdk, redactor: Redactor): SdkRun<OrgInfo> {
  return async (inv) => {
    const answer = await settle(await new sdk.Org.OrgOperations().getOrganization());
    const error = errorFromAnswer(answer, 'getOrganization', inv, redactor);
    if (error) throw error;
    const orgs = (answer.object as { getOrg?: () => unknown[] } | null)?.getOrg?.() ?? [];
    const org = orgs[0] as { getId?: () => unknown; getZgid?: () => unknown; getCompanyName?: () => unknown } | undefined;
    const id = fromSdkId(org?.getId?.()) ?? fromSdkId(org?.getZgid?.());
    if (!id) throw new ZohoApiError({ code: 'BAD_RESPONSE', message: 'getOrganization: Zoho returned no organization', operation: 'getOrganization', status: answer.status });
    return { id, name: String(choiceValue(org?.getCompanyName?.()) ?? '') };
  };
}
