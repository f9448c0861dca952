import type { ConfigError } from '@zcrmkit/config';
import type { CommandIo } from './io.js';

/**
 * Explains a configuration error to a person: every problem, how to create `.env`, how to get a
 * refresh token, and that the `:emulator` configuration runs without any of it.
 */
export function printConfigHelp(err: ConfigError, command: string, io: CommandIo): void {
  io.err(`Cannot run ${command}: the Zoho configuration is incomplete or invalid.`);
  for (const p of err.problems) io.err(`  - ${p.variable}: ${p.message}`);
  io.err('');
  if (err.missingVariables.length > 0) {
    io.err(`Missing: ${err.missingVariables.join(', ')}.`);
    io.err('  1. Create .env from the template:   cp .env.template .env   (then fill CLIENT_ID, CLIENT_SECRET, ACCOUNTS_URL)');
    io.err('  2. Get a refresh token:              zcrmkit exchange-grant --code <grant code>');
    io.err('     (grant code: Zoho API console → Self Client → Generate Code, scopes');
    io.err('      ZohoCRM.modules.ALL,ZohoCRM.settings.ALL,ZohoCRM.users.READ,ZohoCRM.org.READ)');
  }
  io.err(`No Zoho account yet? Run it on the local emulator:  ${emulatorCommand(command)}`);
  io.err('Nothing was sent to Zoho.');
}

/** Arguments a command cannot run without on the emulator. */
const EMULATOR_ARGS: Readonly<Record<string, string>> = {
  'update-leads': ' --where "Lead_Status:equals:Not Contacted" --set Rating=Active --dry-run',
};

/** The command line that runs `command` on an embedded emulator. */
export function emulatorCommand(command: string): string {
  return `zcrmkit ${command} --emulator${EMULATOR_ARGS[command] ?? ''}`;
}
