import { describe, expect, it } from '@jest/globals';
import { classifyError } from './classify-error.js';
import { FakeApiError } from './test-support/fake-zoho-client.js';

describe('classifyError', () => {
  it.each([
    [new FakeApiError('NETWORK_ERROR'), true],
    [new FakeApiError('TIMEOUT'), true],
    [new FakeApiError('BAD_RESPONSE', 200), true],
    [new FakeApiError('INTERNAL_ERROR', 500), true],
    [new FakeApiError('TOO_MANY_REQUESTS', 429), false],
    [new FakeApiError('INVALID_TOKEN', 401), false],
    [new FakeApiError('INVALID_INPUT'), false],
    [new FakeApiError('NOT_INITIALIZED'), false],
    [new FakeApiError('CALL_REFUSED'), false],
    [new Error('socket hang up'), true],
  ])('%s → outcome unknown: %s', (err, unknown) => {
    expect(classifyError(err).outcomeUnknown).toBe(unknown);
  });

  it('keeps code, status and details', () => {
    expect(classifyError(new FakeApiError('INVALID_DATA', 400, { api_name: 'Mobile' }))).toEqual({
      code: 'INVALID_DATA',
      status: 400,
      message: 'INVALID_DATA (HTTP 400)',
      details: { api_name: 'Mobile' },
      outcomeUnknown: false,
    });
    expect(classifyError('boom').code).toBe('UNEXPECTED_ERROR');
  });
});
