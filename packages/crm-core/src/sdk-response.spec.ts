import { describe, expect, it } from '@jest/globals';
import type { APIResponse } from '@zohocrm/nodejs-sdk-8.0';
import { newInvocation, type Invocation } from './call-context.js';
import { CoreLog } from './core-log.js';
import { Redactor } from './redact.js';
import { errorFromAnswer, errorFromThrown, isApiException, settle } from './sdk-response.js';
import { MemoryLogger } from './test-support/memory-logger.js';
import { ZohoApiError } from './zoho-api-error.js';

const choice = (value: unknown) => ({ getValue: () => value });

function apiException(code: string, details: Map<string, unknown> = new Map()) {
  return { getStatus: () => choice('error'), getCode: () => choice(code), getMessage: () => choice('msg'), getDetails: () => details };
}

function response(status: number, object: unknown, json: unknown = null): APIResponse {
  return { getStatusCode: () => status, getObject: () => object, getResponseJSON: () => json, getHeaders: () => new Map() } as unknown as APIResponse;
}

function inv(): Invocation {
  return newInvocation({ requestId: 'r', operation: 'op', log: new CoreLog(new MemoryLogger(), new Redactor()) });
}

describe('settle', () => {
  it("handles a getObject() promise that rejects (the SDK's answer to HTML bodies)", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (r: unknown) => unhandled.push(r);
    process.on('unhandledRejection', onUnhandled);
    try {
      const rejecting = Promise.reject(new TypeError("Cannot read properties of undefined (reading 'toString')"));
      const settled = await settle(response(502, rejecting));
      expect(settled.object).toBeNull();
      expect(settled.objectError).toBeInstanceOf(TypeError);
      await new Promise((r) => setTimeout(r, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('passes plain objects and 204 nulls through', async () => {
    expect((await settle(response(200, { a: 1 }))).object).toEqual({ a: 1 });
    expect((await settle(response(204, null))).object).toBeNull();
  });
});

describe('errorFromAnswer', () => {
  const redactor = new Redactor();

  it("turns an APIException into Zoho's code with plain details", () => {
    const current = inv();
    current.started.push('GET http://h/crm/v8/Leads');
    current.responses.push({ method: 'GET', url: 'http://h/crm/v8/Leads', status: 429, retryAfter: '3' });
    const error = errorFromAnswer({ status: 429, object: apiException('TOO_MANY_REQUESTS', new Map([['limit', 10n]])), objectError: undefined, json: null }, 'op', current, redactor);
    expect(error).toMatchObject({ code: 'TOO_MANY_REQUESTS', status: 429, details: { limit: '10' }, retryable: true, retryAfterMs: 3000, request: { method: 'GET', url: 'http://h/crm/v8/Leads' } });
  });

  it('marks 4xx other than 429 not retryable, and INVALID_TOKEN recognisable', () => {
    expect(errorFromAnswer({ status: 400, object: apiException('INVALID_DATA'), objectError: undefined, json: null }, 'op', inv(), redactor)?.retryable).toBe(false);
    expect(errorFromAnswer({ status: 401, object: apiException('INVALID_TOKEN'), objectError: undefined, json: null }, 'op', inv(), redactor)?.code).toBe('INVALID_TOKEN');
  });

  it('turns an unreadable 5xx body into a retryable BAD_RESPONSE and ignores success objects', () => {
    expect(errorFromAnswer({ status: 502, object: null, objectError: new TypeError('x'), json: null }, 'op', inv(), redactor)).toMatchObject({ code: 'BAD_RESPONSE', status: 502, retryable: true });
    expect(errorFromAnswer({ status: 200, object: { getData: () => [] }, objectError: undefined, json: null }, 'op', inv(), redactor)).toBeUndefined();
    expect(isApiException({ getStatus: () => choice('success'), getCode: () => 1, getMessage: () => 1, getDetails: () => 1 })).toBe(false);
  });
});

describe('errorFromThrown', () => {
  const redactor = new Redactor();
  redactor.addSecret('1000.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb');

  it('classifies transport failures as retryable TIMEOUT / NETWORK_ERROR', () => {
    const timedOut = inv();
    timedOut.networkError = { code: 'ETIMEDOUT', message: "Timeout awaiting 'request'" };
    expect(errorFromThrown(new Error('x'), 'op', timedOut, redactor)).toMatchObject({ code: 'TIMEOUT', retryable: true });
    const cut = Object.assign(new Error('wrap'), { cause: Object.assign(new Error('The server aborted pending request'), { name: 'ReadError', code: 'ECONNRESET' }) });
    expect(errorFromThrown(cut, 'op', inv(), redactor)).toMatchObject({ code: 'NETWORK_ERROR', retryable: true, details: { errorCode: 'ECONNRESET' } });
  });

  it("keeps @zcrmkit/auth's code and hint", () => {
    const auth = Object.assign(new Error('refresh token invalid'), { name: 'AuthError', code: 'INVALID_CODE', hint: 'get a new refresh token' });
    const wrapped = Object.assign(new Error('SDK'), { cause: auth });
    expect(errorFromThrown(wrapped, 'init', inv(), redactor)).toMatchObject({ code: 'INVALID_CODE', retryable: false, hint: 'get a new refresh token' });
  });

  it('calls a thrown error after an answer BAD_RESPONSE, before any request INVALID_INPUT', () => {
    const answered = inv();
    answered.started.push('GET http://h/crm/v8/Leads');
    answered.responses.push({ method: 'GET', url: 'http://h/crm/v8/Leads', status: 500, retryAfter: undefined });
    expect(errorFromThrown(new SyntaxError('Unexpected token'), 'op', answered, redactor)).toMatchObject({ code: 'BAD_RESPONSE', status: 500, retryable: true });
    expect(errorFromThrown(Object.assign(new Error('TYPE ERROR'), { code: 'TYPE ERROR' }), 'op', inv(), redactor)).toMatchObject({ code: 'INVALID_INPUT' });
  });

  it("keeps Zoho's code from an SDKException the SDK built out of an error answer", () => {
    const answered = inv();
    answered.started.push('GET http://h/crm/v8/settings/fields?module=X');
    answered.responses.push({ method: 'GET', url: 'http://h/crm/v8/settings/fields?module=X', status: 400, retryAfter: undefined });
    const sdkError = Object.assign(new Error('API_EXCEPTION'), { code: 'API_EXCEPTION', details: { code: 'INVALID_MODULE', status: 'error', message: choice('the module name given seems to be invalid') } });
    expect(errorFromThrown(sdkError, 'op', answered, redactor)).toMatchObject({ code: 'INVALID_MODULE', status: 400, retryable: false });
  });

  it('never keeps the SDK error: the cause is a redacted copy without options or headers', () => {
    const sdkError = Object.assign(new Error('failed 1000.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb'), {
      code: 'X',
      cause: Object.assign(new Error('inner'), { options: { headers: { authorization: 'Zoho-oauthtoken 1000.aaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbb' } } }),
    });
    const error = errorFromThrown(sdkError, 'op', Object.assign(inv(), { started: ['GET http://h/crm/v8/x'] }), redactor);
    expect(error).toBeInstanceOf(ZohoApiError);
    const everything = JSON.stringify({ error, cause: error.cause, message: error.message });
    expect(everything).not.toContain('aaaaaaaaaaaaaaaa');
    expect(everything).not.toContain('authorization');
  });
});
