/** Query parameters whose values are secrets (OAuth credentials) and never reach the request log. */
export const SECRET_PARAMS: ReadonlySet<string> = new Set(['token', 'code', 'refresh_token', 'access_token', 'client_secret', 'grant_token', 'password']);

/** pathname?query with secret values replaced by `***` (the SDK's trailing `&` is kept as sent). */
export function redactPath(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  if (q === -1) return rawUrl;
  const query = rawUrl.slice(q + 1);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, eq);
      }
      return SECRET_PARAMS.has(name.toLowerCase()) ? `${pair.slice(0, eq)}=***` : pair;
    })
    .join('&');
  return `${rawUrl.slice(0, q)}?${redacted}`;
}
