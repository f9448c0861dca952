import { describe, expect, it } from '@jest/globals';
import { CLIENT_ID_PATTERN, CLIENT_SECRET_PATTERN, TOKEN_PATTERN } from '../core/formats.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../index.js';

interface Credentials {
  clientId: string;
  clientSecret: string;
  grantCode: string;
  refreshToken: string;
  accessToken: string;
  /** The pair a grant code exchanged over HTTP gives. */
  exchanged: { refresh: string; access: string };
  leadIds: string[];
}

async function credentialsOf(emu: RunningEmulator): Promise<Credentials> {
  const { clientId, clientSecret } = emu.state.defaultClient;
  const grantCode = emu.state.mintGrantCode();
  const refreshToken = emu.state.issueRefreshToken();
  const accessToken = emu.state.issueAccessToken();
  const res = await fetch(emu.tokenUrl, { method: 'POST', body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, client_secret: clientSecret, code: emu.state.mintGrantCode() }) });
  const body = (await res.json()) as { refresh_token: string; access_token: string };
  return { clientId, clientSecret, grantCode, refreshToken, accessToken, exchanged: { refresh: body.refresh_token, access: body.access_token }, leadIds: emu.state.listRecords('Leads').map((r) => r.id) };
}

async function twoOf(options: EmulatorOptions): Promise<[Credentials, Credentials]> {
  const emus = await Promise.all([startEmulator(options), startEmulator(options)]);
  try {
    return [await credentialsOf(emus[0]), await credentialsOf(emus[1])];
  } finally {
    await Promise.all(emus.map((e) => e.stop()));
  }
}

/** Every credential, as one list: no value of one may appear in the other's. */
const secrets = (c: Credentials): string[] => [c.clientId, c.clientSecret, c.grantCode, c.refreshToken, c.accessToken, c.exchanged.refresh, c.exchanged.access];

describe('credentials: random per emulator unless fixed ones are asked for', () => {
  it('two emulators started without a seed share no client id, secret, grant code or token — and the same data', async () => {
    const [a, b] = await twoOf({ leadCount: 20 });
    for (const value of secrets(a)) expect(secrets(b)).not.toContain(value);
    expect(a.clientId).toMatch(CLIENT_ID_PATTERN);
    expect(a.clientSecret).toMatch(CLIENT_SECRET_PATTERN);
    for (const token of [a.grantCode, a.refreshToken, a.accessToken, a.exchanged.refresh, a.exchanged.access]) expect(token).toMatch(TOKEN_PATTERN);
    // Data still comes from the (default) seed.
    expect(a.leadIds).toEqual(b.leadIds);
  });

  it('the default seed still generates the sample leads the READMEs name', async () => {
    const emu = await startEmulator();
    try {
      expect(emu.state.getRecord('Leads', '6051205000000102237')).toMatchObject({ Last_Name: 'Anderson', Company: 'Tailspin Systems' });
    } finally {
      await emu.stop();
    }
  });

  it('two emulators with the same explicit seed share them all', async () => {
    const [a, b] = await twoOf({ seed: 42, leadCount: 20 });
    expect(secrets(a)).toEqual(secrets(b));
    const [c] = await twoOf({ seed: 43, leadCount: 20 });
    expect(c.clientSecret).not.toBe(a.clientSecret);
  });

  it('fixedCredentials: true fixes them without a seed; false draws them at random despite one', async () => {
    const [a, b] = await twoOf({ fixedCredentials: true, leadCount: 0 });
    expect(secrets(a)).toEqual(secrets(b));
    const [seeded] = await twoOf({ seed: 42, leadCount: 0 });
    // Without a seed, fixed credentials are those of the default seed.
    expect(a.clientSecret).toBe(seeded.clientSecret);
    const [c, d] = await twoOf({ seed: 42, fixedCredentials: false, leadCount: 0 });
    for (const value of secrets(c)) expect(secrets(d)).not.toContain(value);
  });

  it('refuses a fixedCredentials that is not a boolean', async () => {
    await expect(startEmulator({ fixedCredentials: 'yes' as never })).rejects.toThrow(/fixedCredentials must be true or false/);
  });
});
