import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { RunningEmulator } from '@zcrmkit/crm-emulator';
import { cleanEnv, startCommand, type CommandRun } from './run-command.js';

export interface Worker {
  index: number;
  dir: string;
  csv: string;
  results: string;
  ids: string[];
  /** The Mobile value each id is set to. */
  expected: Map<string, string>;
  env: NodeJS.ProcessEnv;
}

/** A worker host: its own directory (data, logs, CSV, results: nothing shared but Redis). */
export function makeWorker(root: string, index: number, ids: string[], emu: RunningEmulator, refreshToken: string, fleetEnv: Record<string, string>): Worker {
  const dir = path.join(root, `worker-${index}`);
  mkdirSync(dir, { recursive: true });
  const expected = new Map(ids.map((id, i) => [id, `+1 555 ${index} ${String(i).padStart(5, '0')}`]));
  const csv = path.join(dir, 'leads.csv');
  writeFileSync(csv, ['id,Mobile', ...ids.map((id) => `${id},${expected.get(id)}`)].join('\n') + '\n');
  const { clientId, clientSecret } = emu.state.defaultClient;
  const env = cleanEnv({
    CLIENT_ID: clientId,
    CLIENT_SECRET: clientSecret,
    REFRESH_TOKEN: refreshToken,
    ZOHO_API_URL: emu.url,
    ZOHO_ACCOUNTS_URL: emu.url,
    ZOHO_DATA_DIR: path.join(dir, 'data'),
    ZOHO_LOG_FILE: path.join(dir, 'logs', 'sdk.log'),
    ZOHO_LOG_LEVEL: 'info',
    ...fleetEnv,
  });
  return { index, dir, csv, results: path.join(dir, 'leads.results.csv'), ids, expected, env };
}

export function runWorker(worker: Worker, strategy: 'optimistic' | 'prefetch' = 'optimistic') {
  return startCommand('update-leads', ['--file', worker.csv, '--results', worker.results, '--strategy', strategy], { cwd: worker.dir, env: worker.env });
}

export interface ResultLine {
  line: string;
  id: string;
  state: string;
  code: string;
  message: string;
}

export function readResults(worker: Worker): ResultLine[] {
  return parse(readFileSync(worker.results, 'utf8'), { columns: true, skip_empty_lines: true }) as ResultLine[];
}

/** What went wrong, for an assertion message. */
export function describeRun(run: CommandRun): string {
  return `exit ${run.code ?? run.signal}\nstdout: ${run.stdout.slice(-1500)}\nstderr: ${run.stderr.slice(-1500)}`;
}
