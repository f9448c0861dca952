// The seed's job, made safe: update one Lead's Mobile, re-including the fields Zoho requires.
import { Option } from 'commander';
import { defineCommand, parseFlags, type CommonFlags } from '../support/define-command.js';
import { readExampleVariable } from '../support/env-values.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE } from '../support/exit-codes.js';
import type { CommandIo } from '../support/io.js';
import { withJsonOutput } from '../support/json-output.js';

interface Flags extends CommonFlags {
  id?: string;
  mobile?: string;
  dryRun?: boolean;
  strategy: 'prefetch' | 'optimistic';
  json?: boolean;
}

export async function run(argv: string[], io: CommandIo): Promise<number> {
  return withJsonOutput(argv, io, async (json) => {
    const out = json.io;
    const program = defineCommand(
      {
        name: 'zcrmkit update-lead',
        description: "Update one Lead's Mobile safely: read the fields Zoho requires, re-include them, update.",
        exitCodes: '0 updated/unchanged, 1 failed, 2 usage or configuration error.',
        examples: ['zcrmkit update-lead --emulator', 'zcrmkit update-lead --id 6051205000000102237 --mobile "+1 555 0199" --dry-run', 'zcrmkit update-lead --env .env.sandbox --json'],
      },
      out,
    )
      .option('--id <leadId>', 'the Lead to update (default: LEAD_ID from the environment or .env)')
      .option('--mobile <number>', 'the new Mobile (default: NEW_MOBILE from the environment or .env)')
      .option('--dry-run', 'show what would be sent; send no update')
      .addOption(new Option('--strategy <name>', 'how required fields are supplied').choices(['prefetch', 'optimistic']).default('prefetch'))
      .option('--json', 'print one JSON document on stdout (human text goes to stderr)');
    const flags = parseFlags<Flags>(program, argv);
    if (typeof flags === 'number') return flags;

    const { openRuntime } = await import('../support/runtime.js');
    const runtime = await openRuntime({ command: 'update-lead', emulator: Boolean(flags.emulator), io: out, envFile: flags.env, onConfigError: (e) => json.error(e.code, e.message) });
    if (!runtime) return EXIT_USAGE;
    try {
      let id = flags.id ?? (flags.emulator ? undefined : readExampleVariable('LEAD_ID', flags.env));
      const mobile = flags.mobile ?? (flags.emulator ? '+1 555 0199' : readExampleVariable('NEW_MOBILE', flags.env));
      if (!id && runtime.emulator) {
        // A lead whose strict-layout fields are filled: the emulator also seeds some that are not.
        const sample = runtime.emulator.state.listRecords('Leads').find((r) => r.Last_Name && r.Company && r.Lead_Status);
        id = sample?.id as string | undefined;
        out.out(`Using the emulator's sample lead ${id} (pass --id to choose another).`);
      }
      const missing = [!id && 'LEAD_ID (or --id)', !mobile && 'NEW_MOBILE (or --mobile)'].filter(Boolean);
      if (missing.length > 0 || !id || !mobile) {
        const message = `Missing ${missing.join(' and ')}: set them in .env or pass them as options. Nothing was sent.`;
        json.error('MISSING_INPUT', message);
        out.err(message);
        return EXIT_USAGE;
      }

      const { createZohoClient } = await import('@zcrmkit/crm-core');
      const { updateLead } = await import('@zcrmkit/crm-leads');
      const { printOutcome, outcomeSummary } = await import('../support/format-outcome.js');
      const { openFleet } = await import('../support/fleet.js');
      const fleet = await openFleet(runtime.config, out);
      const client = createZohoClient({ config: runtime.config, plugins: [fleet?.plugin] });
      try {
        const outcome = await updateLead(client, id, { Mobile: mobile }, { dryRun: Boolean(flags.dryRun), strategy: flags.strategy });
        json.summary({ command: 'update-lead', dryRun: Boolean(flags.dryRun), ...outcomeSummary(outcome) });
        printOutcome(outcome, out);
        if (runtime.emulator && outcome.state === 'updated') {
          const stored = runtime.emulator.state.getRecord('Leads', id);
          out.out(`  emulator now: Mobile=${JSON.stringify(stored?.Mobile)}, Last_Name=${JSON.stringify(stored?.Last_Name)}, Company=${JSON.stringify(stored?.Company)}`);
        }
        if (outcome.state === 'rejected') return EXIT_USAGE;
        return outcome.state === 'failed' ? EXIT_FAILED : EXIT_OK;
      } finally {
        await client.close();
        await fleet?.close();
      }
    } finally {
      await runtime.close();
    }
  });
}
