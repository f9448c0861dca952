/** The scopes zcrmkit needs: records, field metadata, and the SDK's user and org look-ups. */
export const REQUIRED_SCOPES: readonly string[] = Object.freeze(['ZohoCRM.modules.ALL', 'ZohoCRM.settings.ALL', 'ZohoCRM.users.READ', 'ZohoCRM.org.READ']);

/** Whether a granted scope covers a required one: the same (any case), or `.ALL` for a `.READ`. */
function covers(granted: string, required: string): boolean {
  const g = granted.toLowerCase();
  const r = required.toLowerCase();
  return g === r || (r.endsWith('.read') && g === `${r.slice(0, -'.read'.length)}.all`);
}

/** The required scopes none of `granted` covers, in REQUIRED_SCOPES order. */
export function missingScopes(granted: readonly string[], required: readonly string[] = REQUIRED_SCOPES): string[] {
  return required.filter((r) => !granted.some((g) => covers(g, r)));
}
