// The seed's test_init, made useful: configuration → SDK init → a report of what is connected.
import { defineCommand, parseFlags, type CommonFlags } from '../support/define-command.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../support/exit-codes.js';
import type { CommandIo } from '../support/io.js';
import { withJsonOutput } from '../support/json-output.js';

interface Flags extends CommonFlags {
  json?: boolean;
  refreshProfile?: boolean;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return withJsonOutput(argv, io, async (json) => {
    const out = json.io;
    const program = defineCommand(
      {
        name: 'zcrmkit check-init',
        description: 'Check the Zoho configuration and connection: data center, environment, org, user and scopes.',
        exitCodes: '0 connected with every scope, 1 connection or scope problem, 2 configuration error.',
        examples: ['zcrmkit check-init --emulator', 'zcrmkit check-init', 'zcrmkit check-init --refresh-profile', 'zcrmkit check-init --json --env .env.sandbox'],
      },
      out,
    )
      .option('--refresh-profile', "forget the org profile (what earlier runs learned, metadata, user and org), e.g. after a layout change")
      .option('--json', 'print one JSON document on stdout (human text goes to stderr)');
    const flags = parseFlags<Flags>(program, argv);
    if (typeof flags === 'number') return flags;
    const { openRuntime } = await import('../support/runtime.js');
    const runtime = await openRuntime({ command: 'check-init', emulator: Boolean(flags.emulator), io: out, envFile: flags.env, onConfigError: (e) => json.error(e.code, e.message) });
    if (!runtime) return EXIT_USAGE;
    try {
      const { createZohoClient } = await import('@zcrmkit/crm-core');
      const { openFleet } = await import('../support/fleet.js');
      const fleet = await openFleet(runtime.config, out);
      const client = createZohoClient({ config: runtime.config, plugins: [fleet?.plugin] });
      try {
        if (flags.refreshProfile) {
          await client.profile?.forget();
          out.out(client.profile ? 'Org profile: forgotten; the next run reads metadata afresh and learns what Zoho demands again.' : 'Org profile: none is kept (orgProfile: false).');
        }
        const report = await client.checkConnection();
        json.summary({
          command: 'check-init',
          ok: report.scopes.ok,
          dataCenter: report.dataCenter,
          environment: report.environment,
          apiUrl: report.apiUrl,
          accountsUrl: report.accountsUrl,
          org: { id: report.org.id, name: report.org.name },
          user: { email: report.user.email },
          scopes: { ok: report.scopes.ok, required: report.scopes.required, confirmed: report.scopes.confirmed, missing: report.scopes.missing },
          warnings: report.warnings,
          ...(flags.refreshProfile ? { profileForgotten: client.profile !== undefined } : {}),
        });
        out.out(`Data center:  ${report.dataCenter}`);
        out.out(`Environment:  ${report.environment}`);
        out.out(`API URL:      ${report.apiUrl}`);
        out.out(`Org:          ${report.org.name} (id ${report.org.id})`);
        out.out(`User:         ${report.user.email}`);
        out.out(`Scopes:       ${report.scopes.ok ? '✔ all the toolkit needs' : `✖ missing ${report.scopes.missing.join(', ')}`}`);
        for (const scope of report.scopes.required) {
          const mark = report.scopes.confirmed.includes(scope) ? '✔' : report.scopes.missing.includes(scope) ? '✖' : '?';
          out.out(`  ${mark} ${scope}`);
        }
        for (const w of report.warnings) out.out(`Warning:      ${w}`);
        if (!report.scopes.ok) {
          out.err('Generate a new grant code with all four scopes and run zcrmkit exchange-grant again.');
          return EXIT_FAILED;
        }
        out.out('✔ Connected.');
        return EXIT_OK;
      } finally {
        await client.close();
        await fleet?.close();
      }
    } finally {
      await runtime.close();
    }
  });
}
