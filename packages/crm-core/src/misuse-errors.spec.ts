import { describe, expect, it } from '@jest/globals';
import { ZcrmkitError } from '@zcrmkit/config';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
import { checkHooks, checkLogger, resolvePolicy } from './options.js';
import { memoiseSdkJson, type JsonReaderHost } from './sdk-json-memo.js';
import { installQueryEncoding } from './sdk-query-encoding.js';
import { tokenFetch } from './token-transport.js';
import type { ZohoSdk } from './load-sdk.js';

// Every place crm-core refuses a caller's option (or finds the SDK changed under it) throws a
// ZohoApiError, a ZcrmkitError with a stable code and a message naming the option.


describe('@zcrmkit/crm-core misuse errors', () => {
  it.each<[string, () => unknown, string, RegExp]>([
    ['requestTimeoutMs 0', () => resolvePolicy({ requestTimeoutMs: 0 }), 'INVALID_OPTION', /requestTimeoutMs option must be an integer >= 1, got 0/],
    ['callDeadlineMs 1.5', () => resolvePolicy({ callDeadlineMs: 1.5 }), 'INVALID_OPTION', /callDeadlineMs option/],
    ['maxAttempts 0', () => resolvePolicy({ maxAttempts: 0 }), 'INVALID_OPTION', /maxAttempts option/],
    ['concurrency "3"', () => resolvePolicy({ concurrency: '3' as never }), 'INVALID_OPTION', /concurrency option/],
    ['retryBaseDelayMs -1', () => resolvePolicy({ retryBaseDelayMs: -1 }), 'INVALID_OPTION', /retryBaseDelayMs option/],
    ['retryMaxDelayMs -1', () => resolvePolicy({ retryMaxDelayMs: -1 }), 'INVALID_OPTION', /retryMaxDelayMs option/],
    ['metadataTtlMs -1', () => resolvePolicy({ metadataTtlMs: -1 }), 'INVALID_OPTION', /metadataTtlMs option/],
    ['retryAmbiguous ["writes"]', () => resolvePolicy({ retryAmbiguous: ['writes'] as never }), 'INVALID_OPTION', /retryAmbiguous option must be an array/],
    ['findUser "yes"', () => resolvePolicy({ findUser: 'yes' as never }), 'INVALID_OPTION', /findUser option must be a boolean/],
    ['a logger without log()', () => checkLogger({}), 'INVALID_OPTION', /logger option must have a log\(level, message, meta\) method/],
    ['a grantSource without obtain()', () => checkHooks({ grantSource: {} as never }), 'INVALID_OPTION', /grantSource option must have an obtain\(request\) method/],
    ['callGates that is no array', () => checkHooks({ callGates: {} as never }), 'INVALID_OPTION', /callGates option must be an array/],
    ['a call gate without acquire()', () => checkHooks({ callGates: [{} as never] }), 'INVALID_OPTION', /callGates\[0\] must have an acquire\(call, signal\) method/],
    ['a concurrency limit of 0', () => new ConcurrencyLimiter(0), 'INVALID_OPTION', /concurrency limit must be a positive integer, got 0/],
    ['a token request to a Request object', () => tokenFetch(new Request('http://127.0.0.1/token')), 'INVALID_OPTION', /the URL must be a string or a URL/],
    ['a token request over ftp', () => tokenFetch('ftp://127.0.0.1/token'), 'INVALID_OPTION', /unsupported protocol ftp:/],
    ['a token request with a Blob body', () => tokenFetch('http://127.0.0.1:9/token', { method: 'POST', body: new Blob(['x']) }), 'INVALID_OPTION', /only string, Uint8Array or URLSearchParams bodies/],
    ['an SDK without Initializer.getJSON', () => memoiseSdkJson({} as JsonReaderHost), 'SDK_ERROR', /Initializer\.getJSON/],
    ['an SDK without APIHTTPConnector.setQueryParams', () => installQueryEncoding({} as ZohoSdk), 'SDK_ERROR', /setQueryParams/],
  ])('%s', async (_what, run, code, message) => {
    // Some throw at once, the token transport rejects: both end up as a rejection here.
    const outcome = Promise.resolve().then(run);
    await expect(outcome).rejects.toThrow(ZcrmkitError);
    await expect(outcome).rejects.toThrow(expect.objectContaining({ name: 'ZohoApiError', code, message: expect.stringMatching(message) }));
  });
});
