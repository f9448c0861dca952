/**
 * Zoho scopes look like `ZohoCRM.modules.ALL`, `ZohoCRM.modules.leads.READ`,
 * `ZohoCRM.settings.fields.READ`: service, group, optional sub-resource, operation.
 * A broader scope covers narrower ones (`ZohoCRM.settings.ALL` covers `ZohoCRM.settings.fields.READ`).
 */
export type ScopeOperation = 'READ' | 'CREATE' | 'UPDATE' | 'DELETE';

export interface RequiredScope {
  group: 'modules' | 'settings' | 'users' | 'org';
  /** e.g. the module api name in lower case, or `fields` / `layouts` / `modules` for settings. */
  resource?: string;
  operation: ScopeOperation;
}

export function parseScopes(input: string | readonly string[] | undefined): string[] {
  if (input === undefined) return [];
  const parts = typeof input === 'string' ? input.split(/[\s,]+/) : input.flatMap((s) => s.split(/[\s,]+/));
  return [...new Set(parts.map((s) => s.trim()).filter((s) => s.length > 0))];
}

const SCOPE_SHAPE = /^[A-Za-z]+\.[A-Za-z_]+(\.[A-Za-z_{}]+)?\.[A-Za-z]+$/;

export function isWellFormedScope(scope: string): boolean {
  return SCOPE_SHAPE.test(scope);
}

function covers(granted: string, required: RequiredScope): boolean {
  const parts = granted.split('.');
  if (parts.length < 3 || parts.length > 4) return false;
  const [service, group] = parts;
  const operation = (parts[parts.length - 1] ?? '').toUpperCase();
  if ((service ?? '').toLowerCase() !== 'zohocrm') return false;
  if ((group ?? '').toLowerCase() !== required.group) return false;
  if (parts.length === 4) {
    const resource = (parts[2] ?? '').toLowerCase();
    if (required.resource === undefined || resource !== required.resource.toLowerCase()) return false;
  }
  return operation === 'ALL' || operation === required.operation;
}

export function scopesAllow(granted: readonly string[], required: RequiredScope): boolean {
  return granted.some((scope) => covers(scope, required));
}
