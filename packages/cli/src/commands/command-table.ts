import type { CommandIo } from '../support/io.js';

/** A zcrmkit command, loaded only when it runs (or shows its help): `zcrmkit --help` loads none. */
export interface CommandModule {
  run(argv: string[], io: CommandIo, signal?: AbortSignal): Promise<number>;
}

export interface CommandEntry {
  name: string;
  /** One line for `zcrmkit --help`. */
  summary: string;
  load(): Promise<CommandModule>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'update-lead', summary: "update one lead's Mobile safely: the fields Zoho demands are re-included", load: () => import('./update-lead.js') },
  { name: 'update-leads', summary: 'bulk safe update from a CSV file, or of every lead matching --where', load: () => import('./update-leads.js') },
  { name: 'export-leads', summary: 'stream leads to a CSV that update-leads reads back unchanged', load: () => import('./export-leads.js') },
  { name: 'check-init', summary: 'check the configuration and connection: data center, org, user, scopes', load: () => import('./check-init.js') },
  { name: 'exchange-grant', summary: 'turn a grant code into REFRESH_TOKEN in .env', load: () => import('./exchange-grant.js') },
  { name: 'emulator', summary: 'run a local Zoho Accounts + CRM v8 emulator for tests and demos', load: () => import('./emulator.js') },
];
