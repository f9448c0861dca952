import { describe, expect, it } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import { inspect } from 'node:util';
import { guardAdminPeer, guardAdminRequest } from './admin-guard.js';
import { AdminToken, resolveAdminToken } from './admin-token.js';

const SECRET = 'a'.repeat(20) + '0123456789abcdef';

function peer(remoteAddress: string | undefined, options: { method?: string; path?: string; headers?: IncomingHttpHeaders } = {}): Parameters<typeof guardAdminPeer>[0] {
  return { remoteAddress, method: options.method ?? 'GET', url: new URL(options.path ?? '/__emulator/credentials', 'http://emulator.invalid'), headers: options.headers ?? {} };
}

describe('AdminToken', () => {
  it('matches only the same string, whatever the length', () => {
    const token = new AdminToken(SECRET);
    expect(token.matches(SECRET)).toBe(true);
    for (const other of ['', SECRET.slice(0, -1), `${SECRET}a`, SECRET.toUpperCase(), `${SECRET.slice(0, -1)}e`]) expect(token.matches(other)).toBe(false);
  });

  it('prints as neither inspect nor JSON shows it', () => {
    const holder = { token: new AdminToken(SECRET) };
    expect(inspect(holder, { depth: 5, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(holder)).not.toContain(SECRET);
    expect(holder.token.reveal()).toBe(SECRET);
  });

  it('generates 32 random bytes as hex, different each time', () => {
    const a = AdminToken.generate().reveal();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(AdminToken.generate().reveal()).not.toBe(a);
  });

  it('resolves: the given one; else generated beyond loopback with the admin API on; else none', () => {
    expect(resolveAdminToken(SECRET, '127.0.0.1', true)?.reveal()).toBe(SECRET);
    expect(resolveAdminToken(undefined, '0.0.0.0', true)?.reveal()).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveAdminToken(undefined, '::', true)).toBeDefined();
    expect(resolveAdminToken(undefined, '0.0.0.0', false)).toBeUndefined();
    expect(resolveAdminToken(undefined, '127.0.0.1', true)).toBeUndefined();
    expect(resolveAdminToken(undefined, 'localhost', true)).toBeUndefined();
  });
});

describe('guardAdminPeer', () => {
  const token = new AdminToken(SECRET);

  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('lets loopback peer %s through without a token', (address) => {
    expect(guardAdminPeer(peer(address), token)).toBeUndefined();
    expect(guardAdminPeer(peer(address), undefined)).toBeUndefined();
  });

  it.each(['192.0.2.7', '::ffff:10.0.0.1', 'fd00::2', undefined])('refuses peer %s without the token, with a 401 that says what to do', (address) => {
    const answer = guardAdminPeer(peer(address), token);
    expect(answer?.status).toBe(401);
    expect(JSON.stringify(answer?.body)).toMatch(/Authorization: Bearer <token>/);
    expect(answer?.headers?.['www-authenticate']).toMatch(/^Bearer realm=/);
  });

  it('takes the token as a Bearer header (scheme in any case), nothing else', () => {
    const remote = '192.0.2.7';
    expect(guardAdminPeer(peer(remote, { headers: { authorization: `Bearer ${SECRET}` } }), token)).toBeUndefined();
    expect(guardAdminPeer(peer(remote, { headers: { authorization: `bearer   ${SECRET}` } }), token)).toBeUndefined();
    for (const authorization of [`Basic ${SECRET}`, `Zoho-oauthtoken ${SECRET}`, SECRET, `Bearer ${SECRET} extra`, `Bearer x${SECRET}`]) {
      expect([authorization, guardAdminPeer(peer(remote, { headers: { authorization } }), token)?.status]).toEqual([authorization, 401]);
    }
    expect(guardAdminPeer(peer(remote, { headers: { authorization: `Bearer ${SECRET}` } }), undefined)?.status).toBe(401);
  });

  it('takes ?admin_token= only on a GET of the inspector page and its files', () => {
    const remote = '192.0.2.7';
    for (const path of ['/__emulator/ui', '/__emulator/ui/', '/__emulator/ui/inspector.js', '/__emulator/ui/inspector.css']) {
      expect(guardAdminPeer(peer(remote, { path: `${path}?admin_token=${SECRET}` }), token)).toBeUndefined();
      expect(guardAdminPeer(peer(remote, { path: `${path}?admin_token=nope` }), token)?.status).toBe(401);
      expect(guardAdminPeer(peer(remote, { path: `${path}?admin_token=${SECRET}`, method: 'POST' }), token)?.status).toBe(401);
    }
    for (const path of ['/__emulator/credentials', '/__emulator/inspector/overview', '/__emulator/uix', '/__emulator/ui/../credentials']) {
      expect([path, guardAdminPeer(peer(remote, { path: `${path}?admin_token=${SECRET}` }), token)?.status]).toEqual([path, 401]);
    }
  });
});

describe('guardAdminRequest Host rule for an emulator other machines may reach', () => {
  const remoteBind = { configuredHost: '0.0.0.0' };
  const localBind = { configuredHost: '127.0.0.1' };

  it('takes an IP address as Host (no DNS name can rebind to it), not a DNS name', () => {
    for (const host of ['192.0.2.2:4010', '10.1.2.3', '[fd00::2]:4010']) {
      expect([host, guardAdminRequest('GET', { host }, remoteBind)]).toEqual([host, undefined]);
      expect([host, guardAdminRequest('GET', { host }, localBind)?.status]).toEqual([host, 403]);
    }
    for (const host of ['evil.example:4010', '192.0.2.2.evil.example', 'my-laptop.local']) {
      expect([host, guardAdminRequest('GET', { host }, remoteBind)?.status]).toEqual([host, 403]);
    }
    expect(guardAdminRequest('POST', { host: '192.0.2.2:4010', origin: 'http://192.0.2.2:4010', 'content-type': 'application/json' }, remoteBind)).toBeUndefined();
    expect(guardAdminRequest('POST', { host: '192.0.2.2:4010', origin: 'http://evil.example', 'content-type': 'application/json' }, remoteBind)?.status).toBe(403);
  });
});
