import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The repository root, where `nx run` executes the targets' commands. */
export const workspaceRoot = path.resolve(packageDir, '..', '..');
/** The `zcrmkit` bin as npm links it: the committed shim that loads the built `dist/main.js`. */
export const ZCRMKIT_BIN = path.join(packageDir, 'bin', 'zcrmkit.js');

export interface CommandRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment a user's shell would give: no Zoho variables unless a test adds them. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT'];
  const env: NodeJS.ProcessEnv = {};
  for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
  return { ...env, ...extra };
}

/**
 * A user's shell pointed at an emulator: its default client, `refreshToken`, data and log under
 * `dataDir` and `logFile`, plus `extra`.
 */
export function emulatorEnv(
  emu: { url: string; state: { defaultClient: { clientId: string; clientSecret: string } } },
  refreshToken: string,
  paths: { dataDir: string; logFile: string },
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { clientId, clientSecret } = emu.state.defaultClient;
  return cleanEnv({ CLIENT_ID: clientId, CLIENT_SECRET: clientSecret, REFRESH_TOKEN: refreshToken, ZOHO_API_URL: emu.url, ZOHO_ACCOUNTS_URL: emu.url, ZOHO_DATA_DIR: paths.dataDir, ZOHO_LOG_FILE: paths.logFile, ...extra });
}

/** Starts `zcrmkit <name> …args` (the built CLI) as a user would, in its own process. */
export function startCommand(name: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): { child: ChildProcess; done: Promise<CommandRun> } {
  return startScript(ZCRMKIT_BIN, [name, ...args], options);
}

/** Starts any built script (a package's bin) with node, as a user would. */
export function startScript(script: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): { child: ChildProcess; done: Promise<CommandRun> } {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CommandRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCommand(name: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CommandRun> {
  return startCommand(name, args, options).done;
}
