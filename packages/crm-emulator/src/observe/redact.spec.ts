import { describe, expect, it } from '@jest/globals';
import { redactPath } from './redact.js';
import { RequestLog } from './request-log.js';

describe('redactPath', () => {
  it('hides OAuth secrets in the query and keeps the rest as sent', () => {
    expect(redactPath('/oauth/v2/token?grant_type=refresh_token&client_id=1000.AB&client_secret=s3cr3t&refresh_token=1000.a.b'))
      .toBe('/oauth/v2/token?grant_type=refresh_token&client_id=1000.AB&client_secret=***&refresh_token=***');
    expect(redactPath('/oauth/v2/token/revoke?token=1000.a.b')).toBe('/oauth/v2/token/revoke?token=***');
    expect(redactPath('/oauth/v2/token?CODE=1000.a.b&Access_Token=x')).toBe('/oauth/v2/token?CODE=***&Access_Token=***');
    expect(redactPath('/crm/v8/users?type=CurrentUser&')).toBe('/crm/v8/users?type=CurrentUser&');
    expect(redactPath('/crm/v8/org')).toBe('/crm/v8/org');
    expect(redactPath('/x?%E0%A4%A=1&code=2')).toBe('/x?%E0%A4%A=1&code=***');
  });
});

describe('RequestLog', () => {
  it('keeps the most recent entries up to its limit, numbered', () => {
    const log = new RequestLog(2);
    for (const status of [200, 201, 204]) log.add({ time: 't', method: 'GET', path: '/p', route: 'GET /p', status, durationMs: 1 });
    expect(log.list().map((e) => [e.seq, e.status])).toEqual([[2, 201], [3, 204]]);
    log.clear();
    expect(log.list()).toEqual([]);
    const off = new RequestLog(0);
    off.add({ time: 't', method: 'GET', path: '/p', route: 'GET /p', status: 200, durationMs: 1 });
    expect(off.list()).toEqual([]);
  });
});
