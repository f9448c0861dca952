import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { invalidInput, isZohoApiError, ZohoApiError } from './zoho-api-error.js';

describe('ZohoApiError', () => {
  const error = new ZohoApiError({
    code: 'TOO_MANY_REQUESTS',
    message: 'getRecords(Leads): TOO_MANY_REQUESTS (HTTP 429)',
    operation: 'getRecords(Leads)',
    status: 429,
    details: { limit: 10 },
    retryable: true,
    retryAfterMs: 2000,
    request: { method: 'GET', url: 'http://127.0.0.1:1/crm/v8/Leads?ids=1' },
    cause: { name: 'Error', message: 'inner' },
  });

  it('carries a stable code, status, details, retryable, operation', () => {
    expect(isZohoApiError(error)).toBe(true);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ZohoApiError', code: 'TOO_MANY_REQUESTS', status: 429, details: { limit: 10 }, retryable: true, operation: 'getRecords(Leads)', attempts: 0 });
  });

  it('gains the call facts without losing the rest', () => {
    const final = error.withCall({ attempts: 3, requestId: 'r1-1' });
    expect(final).toMatchObject({ code: 'TOO_MANY_REQUESTS', attempts: 3, requestId: 'r1-1', retryAfterMs: 2000, status: 429 });
    expect(final.cause).toEqual({ name: 'Error', message: 'inner' });
  });

  it('serialises and inspects to its fields', () => {
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, operation: 'getRecords(Leads)' });
    expect(inspect(error)).toContain('TOO_MANY_REQUESTS');
  });

  it('makes INVALID_INPUT errors that are never retryable', () => {
    const bad = invalidInput('getRecords(Leads)', 'ids must be an array');
    expect(bad).toMatchObject({ code: 'INVALID_INPUT', retryable: false, operation: 'getRecords(Leads)' });
    expect(bad.message).toBe('getRecords(Leads): ids must be an array');
  });
});
