import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TOKEN_PATTERN } from '../core/formats.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { arr, call, obj } from '../test-support/http.js';

const TOKEN_SHAPE = /1000\.[a-f0-9]{32}\.[a-f0-9]{32}/;

describe('web inspector routes (/__emulator/ui, /__emulator/inspector/…)', () => {
  let emu: RunningEmulator;
  let inspector: string;
  const seen: string[] = [];

  beforeAll(async () => {
    emu = await startEmulator({ leadCount: 5 });
    inspector = `${emu.url}/__emulator/inspector`;
  });
  afterAll(async () => {
    await emu.stop();
  });

  const get = async (path: string): Promise<Awaited<ReturnType<typeof call>>> => {
    const res = await call(`${inspector}${path}`);
    seen.push(res.text);
    return res;
  };

  it('serves the page and its files with a same-origin content security policy', async () => {
    for (const [path, type] of [['/ui', /text\/html/], ['/ui/', /text\/html/], ['/ui/inspector.js', /javascript/], ['/ui/inspector.css', /text\/css/]] as const) {
      const res = await fetch(`${emu.url}/__emulator${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(type);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*connect-src 'self'/);
      seen.push(await res.text());
    }
    expect((await fetch(`${emu.url}/__emulator/ui/secrets.txt`)).status).toBe(404);
    // A non-JSON write stops at the admin guard (415); a JSON one reaches the page, which is GET only.
    expect((await fetch(`${emu.url}/__emulator/ui`, { method: 'POST' })).status).toBe(415);
    expect((await fetch(`${emu.url}/__emulator/ui`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(405);
    expect((await call(`${inspector}/overview`, { method: 'PUT', body: {}, headers: { 'content-type': 'application/json' } })).status).toBe(405);
    // The page is not part of the CRM: serving it counts no request.
    expect(emu.state.counters().total).toBe(0);
  });

  it('a write shows in the request log with its record ids and bodies, and in the record history', async () => {
    const token = emu.state.issueAccessToken();
    const [lead] = emu.state.listRecords('Leads');
    const put = await call(`${emu.url}/crm/v8/Leads`, { method: 'PUT', token, body: { data: [{ id: lead!.id, Mobile: '+1 555 4242' }], trigger: [] } });
    expect(put.status).toBe(200);
    const requests = arr(obj((await get('/requests')).body)['requests']).map(obj);
    const entry = requests.find((r) => r['route'] === 'PUT /crm/v8/Leads')!;
    expect(entry).toMatchObject({ status: 200, module: 'Leads', recordIds: [lead!.id] });
    const detail = obj((await get(`/requests/${String(entry['seq'])}`)).body);
    expect(obj(detail['requestBody'])).toEqual({ data: [{ id: lead!.id, Mobile: '+1 555 4242' }], trigger: [] });
    expect(JSON.stringify(detail['responseBody'])).toContain('SUCCESS');
    expect(obj(detail['requestHeaders'])['authorization']).toMatch(/^Zoho-oauthtoken 1000\.…#[0-9a-f]{8}$/);

    const record = obj((await get(`/records/Leads/${lead!.id}`)).body);
    expect(obj(record['record'])['Mobile']).toBe('+1 555 4242');
    expect(arr(record['history']).map(obj)).toEqual([
      expect.objectContaining({ seq: entry['seq'], route: 'PUT /crm/v8/Leads', action: 'updated', automation: [], changes: { Mobile: { from: lead!['Mobile'] ?? null, to: '+1 555 4242' } } }),
    ]);
    const list = obj((await get(`/records/Leads?q=${encodeURIComponent('+1 555 4242')}`)).body);
    expect(list['total']).toBe(1);
    expect(arr(list['columns'])).toContain('Mobile');
    // A read names the records it answered.
    await call(`${emu.url}/crm/v8/Leads?per_page=3&fields=Last_Name`, { token });
    const read = arr(obj((await get('/requests')).body)['requests']).map(obj).at(-1)!;
    expect(read).toMatchObject({ route: 'GET /crm/v8/Leads', module: 'Leads' });
    expect(arr(read['recordIds'])).toHaveLength(3);
    expect((await get('/records/Deals')).status).toBe(404);
    expect((await get('/requests/999999')).status).toBe(404);
  });

  it('a write that fails leaves no history; a write that lands under an after-phase fault does', async () => {
    const token = emu.state.issueAccessToken();
    const [, lead] = emu.state.listRecords('Leads');
    await call(`${emu.url}/crm/v8/Leads`, { method: 'PUT', token, body: { data: [{ id: lead!.id, Nope: 1 }] } });
    expect(arr(obj((await get(`/records/Leads/${lead!.id}`)).body)['history'])).toHaveLength(0);
    emu.state.setFaults([{ kind: 'reset', route: 'PUT /crm/v8/Leads', phase: 'after', times: 1 }]);
    await expect(call(`${emu.url}/crm/v8/Leads`, { method: 'PUT', token, body: { data: [{ id: lead!.id, City: 'Leeds' }] } })).rejects.toThrow();
    emu.state.setFaults([]);
    const history = arr(obj((await get(`/records/Leads/${lead!.id}`)).body)['history']).map(obj);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ changes: { City: { to: 'Leeds' } }, automation: ['workflow', 'approval', 'blueprint'] });
    const requests = arr(obj((await get('/requests')).body)['requests']).map(obj);
    expect(requests.at(-1)).toMatchObject({ status: 0, fault: 'reset', recordIds: [lead!.id] });
    // The client saw a reset; the detail shows what the CRM had computed before the fault.
    const detail = obj((await get(`/requests/${String(requests.at(-1)!['seq'])}`)).body);
    expect(JSON.stringify(detail['responseBody'])).toContain('record updated');
  });

  it('tokens: issued, expired, revoked and Access Denied, all masked; token bodies masked in the journal', async () => {
    const { clientId, clientSecret } = emu.state.defaultClient;
    const refreshToken = emu.state.issueRefreshToken();
    const form = (extra: Record<string, string>): URLSearchParams => new URLSearchParams({ client_id: clientId, client_secret: clientSecret, ...extra });
    const answers: string[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(emu.tokenUrl, { method: 'POST', body: form({ grant_type: 'refresh_token', refresh_token: refreshToken }) });
      answers.push(await res.text());
    }
    expect(answers.at(-1)).toMatch(/Access Denied/);
    const accessToken = (JSON.parse(answers[0]!) as { access_token: string }).access_token;
    expect(accessToken).toMatch(TOKEN_PATTERN);
    emu.state.expireAccessTokens(accessToken);
    emu.state.revokeToken(refreshToken);
    const tokens = obj((await get('/tokens')).body);
    expect(tokens['accessDenied']).toBe(1);
    expect(tokens['budget']).toEqual({ maxTokens: 10, windowSeconds: 600 });
    const refresh = arr(tokens['refreshTokens']).map(obj)[0]!;
    expect(refresh).toMatchObject({ budgetUsed: 10, accessTokensMinted: 10, accessDenied: 1, clientId });
    expect(refresh['revokedAt']).not.toBeNull();
    const states = arr(tokens['accessTokens']).map((a) => obj(a)['state']);
    expect(states.filter((s) => s === 'revoked')).toHaveLength(10);
    const kinds = arr(tokens['events']).map((e) => obj(e)['kind']);
    expect(kinds).toEqual(expect.arrayContaining(['issued', 'expired', 'revoked', 'access-denied']));

    const tokenCall = arr(obj((await get('/requests')).body)['requests']).map(obj).find((r) => r['route'] === 'POST /oauth/v2/token')!;
    const detail = obj((await get(`/requests/${String(tokenCall['seq'])}`)).body);
    expect(obj(detail['requestBody'])['grant_type']).toBe('refresh_token');
    expect(obj(detail['requestBody'])['client_secret']).toMatch(/…#/);
    expect(obj(detail['responseBody'])['access_token']).toMatch(/^1000\.…#[0-9a-f]{8}$/);

    seen.push((await get('/overview')).text);
    for (const text of seen) {
      expect(text).not.toMatch(TOKEN_SHAPE);
      expect(text).not.toContain(clientSecret);
    }
  });

  it('reset clears request details and history with the log', async () => {
    await call(`${emu.url}/__emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: {} });
    expect(arr(obj((await get('/requests')).body)['requests'])).toEqual([]);
    const [lead] = emu.state.listRecords('Leads');
    expect(arr(obj((await get(`/records/Leads/${lead!.id}`)).body)['history'])).toEqual([]);
  });
});
