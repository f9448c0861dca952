/** Which emulated operation a request addresses, and the key it is counted under. */
export type Route =
  | { kind: 'token' }
  | { kind: 'revoke' }
  | { kind: 'users' }
  | { kind: 'org' }
  | { kind: 'settings-modules' }
  | { kind: 'settings-fields' }
  | { kind: 'settings-layouts' }
  | { kind: 'records'; module: string }
  | { kind: 'record'; module: string; id: string }
  | { kind: 'search'; module: string }
  | { kind: 'crm-not-found' }
  | { kind: 'method-not-allowed'; crm: boolean }
  | { kind: 'not-found' };

export interface ResolvedRoute {
  route: Route;
  /** e.g. `GET /crm/v8/Leads/{id}`; module names in their canonical case. */
  key: string;
}

const API = '/crm/v8';

function genericKey(method: string, pathname: string): string {
  return `${method} ${pathname.replace(/\/\d{5,}(?=\/|$)/g, '/{id}')}`;
}

/**
 * @param canonicalModule maps a module name from the URL to its api name (URLs ignore case), or
 * undefined for an unknown module (still routed: the handler answers INVALID_MODULE).
 */
export function resolveRoute(method: string, pathname: string, canonicalModule: (name: string) => string | undefined): ResolvedRoute {
  const path = pathname.length > 1 && pathname.endsWith('/') ? pathname.slice(0, -1) : pathname;
  const only = (allowed: string, route: Route, key: string, crm: boolean): ResolvedRoute =>
    method === allowed ? { route, key } : { route: { kind: 'method-not-allowed', crm }, key: genericKey(method, path) };

  if (path === '/oauth/v2/token') return only('POST', { kind: 'token' }, 'POST /oauth/v2/token', false);
  if (path === '/oauth/v2/token/revoke') return only('POST', { kind: 'revoke' }, 'POST /oauth/v2/token/revoke', false);
  if (!path.startsWith(`${API}/`)) {
    return { route: path.startsWith('/crm/') ? { kind: 'crm-not-found' } : { kind: 'not-found' }, key: genericKey(method, path) };
  }
  const rest = path.slice(API.length + 1);
  switch (rest) {
    case 'users':
      return only('GET', { kind: 'users' }, `GET ${API}/users`, true);
    case 'org':
      return only('GET', { kind: 'org' }, `GET ${API}/org`, true);
    case 'settings/modules':
      return only('GET', { kind: 'settings-modules' }, `GET ${API}/settings/modules`, true);
    case 'settings/fields':
      return only('GET', { kind: 'settings-fields' }, `GET ${API}/settings/fields`, true);
    case 'settings/layouts':
      return only('GET', { kind: 'settings-layouts' }, `GET ${API}/settings/layouts`, true);
  }
  const segments = rest.split('/');
  const [first, second] = segments;
  const reserved = ['settings', 'users', 'org', 'coql', 'bulk', 'composite', '__schema'];
  if (first === undefined || first === '' || reserved.includes(first.toLowerCase()) || segments.length > 2) {
    return { route: { kind: 'crm-not-found' }, key: genericKey(method, path) };
  }
  const module = canonicalModule(first) ?? first;
  if (second === undefined) {
    if (method === 'GET' || method === 'PUT' || method === 'POST') {
      return { route: { kind: 'records', module }, key: `${method} ${API}/${module}` };
    }
    return { route: { kind: 'method-not-allowed', crm: true }, key: `${method} ${API}/${module}` };
  }
  if (second === 'search') {
    return method === 'GET'
      ? { route: { kind: 'search', module }, key: `GET ${API}/${module}/search` }
      : { route: { kind: 'method-not-allowed', crm: true }, key: `${method} ${API}/${module}/search` };
  }
  if (!/^\d{1,19}$/.test(second)) {
    // upsert, deleted, actions/…: Zoho operations the emulator does not provide.
    return { route: { kind: 'crm-not-found' }, key: genericKey(method, path) };
  }
  if (method === 'GET' || method === 'PUT') {
    return { route: { kind: 'record', module, id: second }, key: `${method} ${API}/${module}/{id}` };
  }
  return { route: { kind: 'method-not-allowed', crm: true }, key: `${method} ${API}/${module}/{id}` };
}

/** True for routes served by "Zoho CRM" (auth, scopes and the concurrency cap apply). */
export function isCrmRoute(route: Route): boolean {
  return route.kind !== 'token' && route.kind !== 'revoke' && route.kind !== 'not-found' && !(route.kind === 'method-not-allowed' && !route.crm);
}

/**
 * True for a route the emulator serves, in a module it has. Anything else (a typo, a scan, an
 * unknown module) is counted in one bucket: a client must not be able to grow the counters.
 */
export function isKnownRoute(route: Route, hasModule: (apiName: string) => boolean): boolean {
  if (route.kind === 'not-found' || route.kind === 'crm-not-found') return false;
  if (route.kind === 'records' || route.kind === 'record') return hasModule(route.module);
  return true;
}
