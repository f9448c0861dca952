import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, customEndpointNotice, loadConfig, type ZohoConfig } from '@zcrmkit/config';
import { printConfigHelp } from './config-help.js';
import type { CommandIo } from './io.js';
import type { EmulatorAdmin } from '@zcrmkit/crm-emulator';

export interface EmulatorHandle {
  url: string;
  /** The emulator's admin API, for the demo's own bookkeeping (a sample lead id, counters). */
  state: EmulatorAdmin;
}

export interface Runtime {
  config: ZohoConfig;
  emulator: EmulatorHandle | undefined;
  /** Stops the embedded emulator and removes its temporary files. Idempotent. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  command: string;
  emulator: boolean;
  io: CommandIo;
  /** `--env`: the `.env` file to read (real Zoho only). Default `.env` in the working directory, if present. */
  envFile?: string;
  requireRefreshToken?: boolean;
  /** Told of a configuration error after the help is printed (a `--json` run reports it). */
  onConfigError?: (err: { code: string; message: string }) => void;
}

/**
 * The configuration a command runs with: real Zoho from `.env`/the environment, or — with
 * `--emulator` — the embedded local emulator with sample leads and strict layout mode, its
 * tokens and logs in a temporary folder that is removed on exit. Returns undefined after
 * printing help when the configuration is unusable (exit 2; nothing sent, nothing written).
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime | undefined> {
  const { io } = options;
  if (options.envFile !== undefined) {
    // A file named on the command line must be there: silently running without it would use
    // whatever the environment holds, perhaps another org.
    const problem = options.emulator
      ? 'the emulator brings its own configuration; drop --env or --emulator'
      : !existsSync(options.envFile)
        ? 'no such file'
        : !statSync(options.envFile).isFile()
          ? 'not a file'
          : undefined;
    if (problem) {
      const message = `--env ${options.envFile}: ${problem}. Nothing was sent.`;
      io.err(`✖ ${message}`);
      options.onConfigError?.({ code: 'USAGE', message });
      return undefined;
    }
  }
  if (!options.emulator) {
    try {
      const config = loadConfig({ envFile: options.envFile, requireRefreshToken: options.requireRefreshToken });
      // Every run, so a ZOHO_API_URL/ZOHO_ACCOUNTS_URL left in the environment cannot go unnoticed.
      const notice = customEndpointNotice(config);
      if (notice) io.err(notice);
      return { config, emulator: undefined, close: async () => undefined };
    } catch (err) {
      if (err instanceof ConfigError) {
        printConfigHelp(err, options.command, io);
        options.onConfigError?.(err);
        return undefined;
      }
      throw err;
    }
  }

  const { startEmulator } = await import('@zcrmkit/crm-emulator');
  const emulator = await startEmulator({ strictLayout: true });
  const workDir = mkdtempSync(path.join(tmpdir(), 'zcrmkit-emulator-'));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await emulator.stop();
    rmSync(workDir, { recursive: true, force: true });
  };
  try {
    const { clientId, clientSecret } = emulator.state.defaultClient;
    const config = loadConfig({
      env: {},
      envFile: false,
      values: {
        CLIENT_ID: clientId,
        CLIENT_SECRET: clientSecret,
        REFRESH_TOKEN: emulator.state.issueRefreshToken(),
        ZOHO_API_URL: emulator.url,
        ZOHO_ACCOUNTS_URL: emulator.url,
        ZOHO_DATA_DIR: path.join(workDir, 'data'),
        ZOHO_LOG_FILE: path.join(workDir, 'logs', 'sdk.log'),
        ZOHO_LOG_LEVEL: process.env.ZOHO_LOG_LEVEL ?? 'info',
      },
    });
    io.out(`▶ LOCAL ZOHO EMULATOR at ${emulator.url} — sample data, strict layout mode on; nothing leaves this machine.`);
    return { config, emulator: { url: emulator.url, state: emulator.state }, close };
  } catch (err) {
    await close();
    throw err;
  }
}
