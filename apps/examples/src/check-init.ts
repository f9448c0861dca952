#!/usr/bin/env node
// The seed's test_init, made useful: configuration → SDK init → a report of what is connected.
import { defineCommand, parseFlags, type CommonFlags } from './cli/command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from './cli/exit-codes.js';
import { processIo, type CommandIo } from './cli/io.js';
import { runMain } from './cli/run-main.js';

type Flags = CommonFlags;

export async function checkInitCommand(argv: string[], io: CommandIo = processIo): Promise<number> {
  const program = defineCommand('check-init', 'Check the Zoho configuration and connection: data center, environment, org, user and scopes.', '0 connected with every scope, 1 connection or scope problem, 2 configuration error.', io);
  const flags = parseFlags<Flags>(program, argv);
  if (typeof flags === 'number') return flags;
  const { openRuntime } = await import('./cli/runtime.js');
  const runtime = await openRuntime({ command: 'check-init', emulator: Boolean(flags.emulator), io, envFile: flags.envFile });
  if (!runtime) return EXIT_USAGE;
  try {
    const { createZohoClient } = await import('@zcrmkit/crm-core');
    const { openFleet } = await import('./cli/fleet.js');
    const fleet = await openFleet(runtime.config, io);
    const client = createZohoClient({ config: runtime.config, ...fleet?.clientOptions });
    try {
      const report = await client.checkConnection();
      io.out(`Data center:  ${report.dataCenter}`);
      io.out(`Environment:  ${report.environment}`);
      io.out(`API URL:      ${report.apiUrl}`);
      io.out(`Org:          ${report.org.name} (id ${report.org.id})`);
      io.out(`User:         ${report.user.email}`);
      io.out(`Scopes:       ${report.scopes.ok ? '✔ all the toolkit needs' : `✖ missing ${report.scopes.missing.join(', ')}`}`);
      for (const scope of report.scopes.required) {
        const mark = report.scopes.confirmed.includes(scope) ? '✔' : report.scopes.missing.includes(scope) ? '✖' : '?';
        io.out(`  ${mark} ${scope}`);
      }
      for (const w of report.warnings) io.out(`Warning:      ${w}`);
      if (!report.scopes.ok) {
        io.err('Generate a new grant code with all four scopes and run exchange-grant again.');
        return EXIT_FAILED;
      }
      io.out('✔ Connected.');
      return EXIT_OK;
    } finally {
      await client.close();
      await fleet?.close();
    }
  } finally {
    await runtime.close();
  }
}

runMain(import.meta.url, checkInitCommand);
