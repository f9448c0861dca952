import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type LogLevel, type ZohoConfig } from '@zcrmkit/config';

// Production-side code may not import the emulator (layer rule), and this helper is not a spec:
// specs pass `startEmulator` in, and keep its full types through the generic.

/** What this helper needs of a running emulator. */
export interface EmulatorLike {
  url: string;
  tokenUrl: string;
  state: {
    defaultClient: Readonly<{ clientId: string; clientSecret: string }>;
    issueRefreshToken(request?: { scopes?: string | readonly string[] }): string;
    counters(): { routes: Record<string, number> };
  };
  stop(): Promise<void>;
}

export interface ConfigOverrides {
  logLevel?: LogLevel;
  refreshToken?: string;
  userEmail?: string;
  apiUrl?: string;
  dataDir?: string;
}

export interface EmulatorEnv<E extends EmulatorLike> {
  emu: E;
  dir: string;
  refreshToken: string;
  dataDir: string;
  logFile: string;
  /** A configuration pointing at the emulator, data and logs under `dir`. */
  config(overrides?: ConfigOverrides): ZohoConfig;
  /** The values behind `config()`, for a child process to load itself. */
  values(overrides?: ConfigOverrides): Record<string, string>;
  close(): Promise<void>;
}

/** An emulator with a fresh refresh token, and a temp directory for data and logs. */
export async function startEmulatorEnv<E extends EmulatorLike>(start: () => Promise<E>): Promise<EmulatorEnv<E>> {
  const emu = await start();
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-core-int-'));
  const refreshToken = emu.state.issueRefreshToken();
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'logs', 'sdk.log');
  const values = (o: ConfigOverrides = {}): Record<string, string> => ({
    CLIENT_ID: emu.state.defaultClient.clientId,
    CLIENT_SECRET: emu.state.defaultClient.clientSecret,
    REFRESH_TOKEN: o.refreshToken ?? refreshToken,
    ZOHO_API_URL: o.apiUrl ?? emu.url,
    ZOHO_ACCOUNTS_URL: emu.url,
    ZOHO_DATA_DIR: o.dataDir ?? dataDir,
    ZOHO_LOG_FILE: o.dataDir ? path.join(o.dataDir, 'sdk.log') : logFile,
    ZOHO_LOG_LEVEL: o.logLevel ?? 'debug',
    ...(o.userEmail ? { USER_EMAIL: o.userEmail } : {}),
  });
  return {
    emu,
    dir,
    refreshToken,
    dataDir,
    logFile,
    values,
    config: (o = {}) => loadConfig({ values: values(o), env: {}, envFile: false }),
    async close() {
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Route hits of the emulator, by key ('GET /crm/v8/users' …), 0 when absent. */
export function hits(env: EmulatorEnv<EmulatorLike>, route: string): number {
  return env.emu.state.counters().routes[route] ?? 0;
}
